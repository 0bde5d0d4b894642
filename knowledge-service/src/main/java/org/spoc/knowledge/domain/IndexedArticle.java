package org.spoc.knowledge.domain;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The face of an article that the search index holds: its current version's content and its state.
 * {@code revision} rises with every stored change, so the index keeps only the newest it has seen.
 */
public record IndexedArticle(String id, long revision, int version, String title, String body,
        List<String> keywords, @Nullable String category, @Nullable String service, Audience audience,
        ArticleStatus status, boolean knownError, @Nullable String problemId, boolean problemOpen,
        Instant updatedAt) {

    public IndexedArticle {
        keywords = List.copyOf(keywords);
    }
}
