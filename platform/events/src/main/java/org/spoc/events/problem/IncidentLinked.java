package org.spoc.events.problem;

import org.jspecify.annotations.Nullable;

/** Payload of {@code spoc.problem.incident-linked.v1}. */
public record IncidentLinked(String problemId, String problemNumber, String problemTitle, String problemStatus,
        LinkedIncident incident, @Nullable Double similarity, String reason, @Nullable String workaround,
        @Nullable String actor) {
}
