package org.spoc.knowledge.domain;

import java.time.Instant;

/** A question people search for that no article answers well, and how often it was asked. */
public record KnowledgeGap(String query, long count, Instant lastAskedAt) {
}
