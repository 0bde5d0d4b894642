package org.spoc.knowledge.domain;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One article found. {@code snippet} is HTML-escaped body text with the matched words in
 * {@code <mark>}; {@code plainSnippet} the same passage as plain text.
 */
public record SearchHit(String id, int version, String title, String summary, @Nullable String snippet,
        @Nullable String plainSnippet, List<String> keywords, @Nullable String category, @Nullable String service,
        Audience audience, ArticleStatus status, boolean knownError, @Nullable String problemId, boolean problemOpen,
        Instant updatedAt, float score) {

    public SearchHit {
        keywords = List.copyOf(keywords);
    }

    /** This hit with a highlighted passage of its body: marked for HTML, and plain. */
    public SearchHit withSnippet(String html, String plain) {
        return new SearchHit(id, version, title, summary, html, plain, keywords, category, service, audience, status,
                knownError, problemId, problemOpen, updatedAt, score);
    }
}
