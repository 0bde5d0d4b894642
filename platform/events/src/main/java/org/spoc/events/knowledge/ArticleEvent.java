package org.spoc.events.knowledge;

import org.jspecify.annotations.Nullable;

/** Payload of {@code spoc.knowledge.published.v1} and {@code .retired.v1}. */
public record ArticleEvent(ArticleSnapshot article, @Nullable String actor) {
}
