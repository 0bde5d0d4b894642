package org.spoc.knowledge.domain;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** What an author writes: one version's content. */
public record ArticleContent(String title, String body, List<String> keywords, @Nullable String category,
        @Nullable String service, Audience audience, @Nullable String problemId) {

    public ArticleContent {
        keywords = List.copyOf(keywords);
    }
}
