package org.spoc.problem.store;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Priority;
import org.spoc.problem.domain.Problem;
import org.spoc.problem.domain.ProblemIncident;
import org.spoc.problem.domain.ProblemStatus;
import org.spoc.problem.domain.detection.Keys;
import org.springframework.data.annotation.Id;

/** A problem as stored in {@code problems} (the outbox field is written beside it, never read here). */
public record ProblemDocument(
        @Id String id,
        String number,
        String title,
        @Nullable String description,
        ProblemStatus status,
        Priority priority,
        @Nullable String service,
        @Nullable String serviceKey,
        @Nullable String category,
        @Nullable String location,
        @Nullable String rootCause,
        @Nullable String workaround,
        boolean detected,
        @Nullable String detectionReason,
        List<ProblemIncident> incidents,
        List<String> majorIncidents,
        long version,
        Instant createdAt,
        @Nullable String createdBy,
        Instant updatedAt,
        @Nullable Instant resolvedAt,
        @Nullable Instant closedAt) {

    static ProblemDocument of(Problem p) {
        return new ProblemDocument(p.id(), p.number(), p.title(), p.description(), p.status(), p.priority(), p.service(),
                Keys.normalise(p.service()), p.category(), p.location(), p.rootCause(), p.workaround(), p.detected(),
                p.detectionReason(), p.incidents(), p.majorIncidents(), p.version(), p.createdAt(), p.createdBy(),
                p.updatedAt(), p.resolvedAt(), p.closedAt());
    }

    Problem toProblem() {
        return new Problem(id, number, title, description, status, priority, service, category, location, rootCause,
                workaround, detected, detectionReason, incidents == null ? List.of() : incidents,
                majorIncidents == null ? List.of() : majorIncidents, version, createdAt, createdBy, updatedAt,
                resolvedAt, closedAt);
    }
}
