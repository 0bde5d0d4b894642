package org.spoc.knowledge.domain;

import org.jspecify.annotations.Nullable;

/** A search: the text (absent for a listing, newest first), the filter, the page and how to read the text. */
public record SearchRequest(@Nullable String text, SearchFilter filter, int page, int size, SearchMode mode,
        boolean highlight) {

    public SearchRequest {
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative");
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive");
        }
    }

    public static SearchRequest of(String text, SearchFilter filter, int size) {
        return new SearchRequest(text, filter, 0, size, SearchMode.SEARCH, true);
    }
}
