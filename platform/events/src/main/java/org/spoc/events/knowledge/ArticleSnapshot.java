package org.spoc.events.knowledge;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A knowledge article's published face: enough to index or show it without a lookup. */
public record ArticleSnapshot(String id, String title, String summary, List<String> keywords,
        @Nullable String category, @Nullable String service, String audience, String status, int version,
        @Nullable String problemId, boolean knownError, Instant updatedAt) {

    public ArticleSnapshot {
        keywords = List.copyOf(keywords);
    }
}
