package org.spoc.problem.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.spoc.problem.domain.Problem;
import org.spoc.problem.domain.ProblemIncident;

/** Response bodies: separate from the stored documents. */
final class Responses {

    private Responses() {
    }

    /**
     * A problem with the incidents linked most recently, newest first: at most
     * {@link ProblemController#RECENT_INCIDENTS}; {@code incidentCount} is all of them, and
     * {@code GET /api/problems/{id}/incidents?page=&size=} pages through the rest.
     */
    record ProblemView(String id, String number, String title, @Nullable String description, String status,
            List<String> allowedTransitions, String priority, @Nullable String service, @Nullable String category,
            @Nullable String location, @Nullable String rootCause, @Nullable String workaround, boolean detected,
            @Nullable String detectionReason, int incidentCount, List<ProblemIncident> incidents,
            List<String> majorIncidents, long version, Instant createdAt, @Nullable String createdBy,
            Instant updatedAt, @Nullable Instant resolvedAt, @Nullable Instant closedAt) {

        /** The problem with its most recently linked incidents ({@code incidentCount} counts them all). */
        static ProblemView of(Problem p, List<ProblemIncident> recentIncidents) {
            return new ProblemView(p.id(), p.number(), p.title(), p.description(), p.status().name(),
                    p.status().next().stream().map(Enum::name).toList(), p.priority().name(), p.service(), p.category(),
                    p.location(), p.rootCause(), p.workaround(), p.detected(), p.detectionReason(),
                    p.incidentCount(), recentIncidents, p.majorIncidents(), p.version(), p.createdAt(), p.createdBy(),
                    p.updatedAt(), p.resolvedAt(), p.closedAt());
        }
    }

    record ProblemSummary(String id, String number, String title, String status, String priority,
            @Nullable String service, @Nullable String category, @Nullable String location, boolean detected,
            int incidentCount, boolean majorIncident, Instant createdAt, Instant updatedAt) {

        static ProblemSummary of(Problem p) {
            return new ProblemSummary(p.id(), p.number(), p.title(), p.status().name(), p.priority().name(),
                    p.service(), p.category(), p.location(), p.detected(), p.incidentCount(),
                    !p.majorIncidents().isEmpty(), p.createdAt(), p.updatedAt());
        }
    }
}
