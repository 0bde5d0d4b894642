package org.spoc.knowledge.domain;

import java.util.List;

/**
 * The desk-wide knowledge figures. {@code deflectionRate} is tickets abandoned after reading per
 * time suggestions were shown (0 when none were shown).
 */
public record KnowledgeOverview(long suggestionsShown, long articlesOpened, long ticketsAbandoned,
        double deflectionRate, long searches, long gapSearches, List<KnowledgeGap> topGaps,
        List<ArticleStats> topArticles) {

    public KnowledgeOverview {
        topGaps = List.copyOf(topGaps);
        topArticles = List.copyOf(topArticles);
    }
}
