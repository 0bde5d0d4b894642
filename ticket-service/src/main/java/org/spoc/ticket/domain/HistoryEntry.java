package org.spoc.ticket.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One audited change: who, when, which field, old and new value, why. {@code internal} entries (internal
 * comments, work log) are hidden from requesters.
 */
public record HistoryEntry(Instant at, String actor, String event, String field, @Nullable String from,
        @Nullable String to, @Nullable String reason, boolean internal) {
}
