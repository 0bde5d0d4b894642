package org.spoc.knowledge.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.spoc.knowledge.domain.Article;
import org.spoc.knowledge.domain.ArticleContent;
import org.spoc.knowledge.domain.ArticleVersion;
import org.spoc.knowledge.domain.SearchHit;
import org.spoc.knowledge.domain.SearchPage;

/** Response bodies: separate from the stored documents. Absent (null) members are omitted. */
final class Responses {

    private Responses() {
    }

    record VersionInfo(int version, String editedBy, Instant editedAt) {
    }

    /**
     * One version of an article. {@code latestVersion} is the current one; agents also see where it
     * came from, the tickets behind a proposed draft, and the version history.
     */
    record ArticleView(String id, int version, int latestVersion, String status, String title, String body,
            List<String> keywords, @Nullable String category, @Nullable String service, String audience,
            @Nullable String problemId, boolean knownError, @Nullable String origin, String editedBy, Instant editedAt,
            Instant createdAt, Instant updatedAt, @Nullable Instant publishedAt, @Nullable List<String> relatedTickets,
            @Nullable Integer occurrences, @Nullable List<VersionInfo> versions) {

        static ArticleView of(Article article, ArticleVersion shown, boolean agent) {
            ArticleContent c = shown.content();
            return new ArticleView(article.id(), shown.version(), article.current().version(), article.status().name(),
                    c.title(), c.body(), c.keywords(), c.category(), c.service(), c.audience().name(), c.problemId(),
                    article.knownError(), agent ? article.origin().name() : null, shown.editedBy(), shown.editedAt(),
                    article.createdAt(), article.updatedAt(), article.publishedAt(),
                    agent && !article.relatedTickets().isEmpty() ? article.relatedTickets() : null,
                    agent && article.occurrences() > 0 ? article.occurrences() : null,
                    agent ? article.versions().stream()
                            .map(v -> new VersionInfo(v.version(), v.editedBy(), v.editedAt())).toList() : null);
        }
    }

    /** A search hit: {@code snippet} is HTML-escaped text with the matched words in {@code <mark>}. */
    record Hit(String id, int version, String title, String summary, @Nullable String snippet, List<String> keywords,
            @Nullable String category, @Nullable String service, String audience, String status, boolean knownError,
            Instant updatedAt, @Nullable Float score) {

        static Hit of(SearchHit h, boolean scored) {
            return new Hit(h.id(), h.version(), h.title(), h.summary(), h.snippet(), h.keywords(), h.category(),
                    h.service(), h.audience().name(), h.status().name(), h.knownError(), h.updatedAt(),
                    scored ? h.score() : null);
        }
    }

    record Page(List<Hit> items, int page, int size, long total, boolean totalExact) {

        static Page of(SearchPage page) {
            return new Page(page.hits().stream().map(h -> Hit.of(h, page.terms() > 0)).toList(), page.page(),
                    page.size(), page.total(), page.totalExact());
        }
    }

    record Suggestions(List<Hit> items) {
    }
}
