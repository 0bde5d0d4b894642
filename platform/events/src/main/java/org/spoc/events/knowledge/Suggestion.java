package org.spoc.events.knowledge;

import org.jspecify.annotations.Nullable;

/** One suggested article, best first; known-error articles of an open problem rank first. */
public record Suggestion(String articleId, String title, double score, boolean knownError,
        @Nullable String snippet) {
}
