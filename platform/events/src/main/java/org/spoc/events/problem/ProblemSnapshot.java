package org.spoc.events.problem;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A problem as it stands after the change an event reports. */
public record ProblemSnapshot(
        String id,
        String number,
        String title,
        String status,
        String priority,
        @Nullable String service,
        @Nullable String category,
        @Nullable String location,
        @Nullable String rootCause,
        @Nullable String workaround,
        boolean detected,
        int incidentCount,
        long version,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant resolvedAt) {
}
