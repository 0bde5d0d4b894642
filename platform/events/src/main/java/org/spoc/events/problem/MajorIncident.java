package org.spoc.events.problem;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Payload of {@code spoc.problem.major-incident.v1}: a burst well above the recent baseline for one
 * service or CI, or a P1 affecting many requesters.
 */
public record MajorIncident(String id, @Nullable String problemId, @Nullable String service,
        @Nullable String category, List<LinkedIncident> incidents, double rate, double baseline,
        int affectedRequesters, String reason, Instant windowStart, Instant windowEnd) {

    public MajorIncident {
        incidents = List.copyOf(incidents);
    }
}
