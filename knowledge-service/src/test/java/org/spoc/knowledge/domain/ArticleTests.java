package org.spoc.knowledge.domain;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArticleTests {

    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    private static final Actor AGENT = new Actor("hank", true, false);
    private static final Actor REVIEWER = new Actor("mia", true, true);
    private static final Actor REQUESTER = new Actor("alice", false, false);

    private final Article draft = Article.draft("a1", 1, content("VPN guide"), ArticleOrigin.AUTHORED, "hank", NOW);

    @Test
    void goesFromDraftThroughReviewToPublishedAndRetired() {
        Article review = draft.moveTo(ArticleStatus.IN_REVIEW, AGENT, 2, NOW);
        Article published = review.moveTo(ArticleStatus.PUBLISHED, REVIEWER, 3, NOW.plusSeconds(60));
        Article retired = published.moveTo(ArticleStatus.RETIRED, REVIEWER, 4, NOW.plusSeconds(120));

        assertThat(published.status()).isEqualTo(ArticleStatus.PUBLISHED);
        assertThat(published.publishedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(retired.status()).isEqualTo(ArticleStatus.RETIRED);
        assertThat(retired.revision()).isEqualTo(4);
    }

    @Test
    void rejectsPublishingADraftThatSkippedReview() {
        assertThatThrownBy(() -> draft.moveTo(ArticleStatus.PUBLISHED, REVIEWER, 2, NOW))
                .isInstanceOfSatisfying(KnowledgeException.IllegalTransition.class,
                        ex -> assertThat(ex.allowed()).containsExactly(ArticleStatus.IN_REVIEW));
    }

    @Test
    void letsOnlyReviewersPublish() {
        Article review = draft.moveTo(ArticleStatus.IN_REVIEW, AGENT, 2, NOW);

        assertThatThrownBy(() -> review.moveTo(ArticleStatus.PUBLISHED, AGENT, 3, NOW))
                .isInstanceOf(KnowledgeException.Forbidden.class);
    }

    @Test
    void forbidsRequestersToWrite() {
        assertThatThrownBy(() -> draft.edit(content("x"), REQUESTER, 2, NOW)).isInstanceOf(KnowledgeException.Forbidden.class);
        assertThatThrownBy(() -> draft.moveTo(ArticleStatus.IN_REVIEW, REQUESTER, 2, NOW))
                .isInstanceOf(KnowledgeException.Forbidden.class);
    }

    @Test
    void keepsEveryVersionOnEdit() {
        Article edited = draft.edit(content("VPN guide, second edition"), AGENT, 2, NOW.plusSeconds(5));

        assertThat(edited.current().version()).isEqualTo(2);
        assertThat(edited.version(1)).get().extracting(v -> v.content().title()).isEqualTo("VPN guide");
        assertThat(edited.current().content().title()).isEqualTo("VPN guide, second edition");
    }

    @Test
    void letsOnlyReviewersEditPublishedArticlesAndNobodyRetiredOnes() {
        Article published = draft.moveTo(ArticleStatus.IN_REVIEW, AGENT, 2, NOW).moveTo(ArticleStatus.PUBLISHED, REVIEWER, 3, NOW);

        assertThatThrownBy(() -> published.edit(content("y"), AGENT, 4, NOW)).isInstanceOf(KnowledgeException.Forbidden.class);
        assertThat(published.edit(content("y"), REVIEWER, 4, NOW).status()).isEqualTo(ArticleStatus.PUBLISHED);
        Article retired = published.moveTo(ArticleStatus.RETIRED, REVIEWER, 5, NOW);
        assertThatThrownBy(() -> retired.edit(content("z"), REVIEWER, 6, NOW)).isInstanceOf(KnowledgeException.Conflict.class);
    }

    @Test
    void showsRequestersOnlyPublishedRequesterArticles() {
        Article published = draft.moveTo(ArticleStatus.IN_REVIEW, AGENT, 2, NOW).moveTo(ArticleStatus.PUBLISHED, REVIEWER, 3, NOW);
        Article forAgents = Article.draft("a2", 1, new ArticleContent("Agents", "b", List.of(), null, null,
                Audience.AGENTS, null), ArticleOrigin.AUTHORED, "hank", NOW).withStatus(ArticleStatus.PUBLISHED, 2, NOW);

        assertThat(draft.visibleToRequesters()).isFalse();
        assertThat(published.visibleToRequesters()).isTrue();
        assertThat(forAgents.visibleToRequesters()).isFalse();
    }

    private static ArticleContent content(String title) {
        return new ArticleContent(title, "Click **Connect**.", List.of("vpn"), "Network", "VPN", Audience.REQUESTERS, null);
    }
}
