package org.spoc.knowledge.domain;

import java.time.Instant;

/** One version of an article, kept for ever: every edit adds one. */
public record ArticleVersion(int version, ArticleContent content, String editedBy, Instant editedAt) {
}
