package org.spoc.knowledge.domain;

import java.util.List;

/**
 * A page of hits, best first. {@code total} is exact when {@code totalExact}, else a lower bound
 * (counting stops early on very broad queries to keep them fast). {@code terms} is how many
 * meaningful words the query had (0 for a listing without text).
 */
public record SearchPage(List<SearchHit> hits, int page, int size, long total, boolean totalExact, int terms) {

    public SearchPage {
        hits = List.copyOf(hits);
    }

    public static SearchPage empty(int page, int size) {
        return new SearchPage(List.of(), page, size, 0, true, 0);
    }
}
