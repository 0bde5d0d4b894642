package org.spoc.events.problem;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Payload of {@code spoc.problem.detected.v1}, {@code .known-error.v1} and {@code .resolved.v1}:
 * the problem, its linked incidents, and why (for detection: what the incidents share).
 */
public record ProblemEvent(ProblemSnapshot problem, List<LinkedIncident> incidents, @Nullable String reason,
        @Nullable String actor) {

    public ProblemEvent {
        incidents = List.copyOf(incidents);
    }
}
