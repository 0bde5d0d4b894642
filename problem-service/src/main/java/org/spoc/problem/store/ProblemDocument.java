package org.spoc.problem.store;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.problem.domain.LinkChange;
import org.spoc.problem.domain.LinkedIncidents;
import org.spoc.problem.domain.Problem;
import org.spoc.problem.domain.ProblemIncident;
import org.spoc.problem.domain.ProblemStatus;
import org.spoc.problem.domain.detection.Keys;
import org.springframework.data.annotation.Id;

/**
 * A problem as stored in {@code problems} (the outbox field is written beside it, never read here). Its
 * linked incidents are in {@code problem_incidents}, one document each; the problem keeps their count, how
 * many have each impact, and the link changes of its latest write ({@code lastLinks}) until the links
 * collection surely has them.
 *
 * @param incidents the linked incidents as earlier versions embedded them: read to migrate, never written
 */
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
        @Nullable Integer incidentCount,
        @Nullable Map<String, Integer> impacts,
        @Nullable List<LinkChange> lastLinks,
        @Nullable List<ProblemIncident> incidents,
        @Nullable List<String> majorIncidents,
        long version,
        Instant createdAt,
        @Nullable String createdBy,
        Instant updatedAt,
        @Nullable Instant resolvedAt,
        @Nullable Instant closedAt) {

    /** The problem as it is to be written, with the link changes of this write. */
    static ProblemDocument of(Problem p, List<LinkChange> lastLinks) {
        Map<String, Integer> impacts = new LinkedHashMap<>();
        p.impacts().forEach((level, count) -> impacts.put(level.name(), count));
        return new ProblemDocument(p.id(), p.number(), p.title(), p.description(), p.status(), p.priority(), p.service(),
                Keys.normalise(p.service()), p.category(), p.location(), p.rootCause(), p.workaround(), p.detected(),
                p.detectionReason(), p.incidentCount(), impacts, lastLinks, null, p.majorIncidents(), p.version(),
                p.createdAt(), p.createdBy(), p.updatedAt(), p.resolvedAt(), p.closedAt());
    }

    /** Written by a version that embedded the linked incidents: to be migrated before it is changed. */
    boolean embedsIncidents() {
        return incidents != null;
    }

    Problem toProblem(LinkedIncidents stored) {
        int count = incidentCount != null ? incidentCount : 0;
        Map<Level, Integer> byImpact = new EnumMap<>(Level.class);
        if (impacts != null) {
            impacts.forEach((level, n) -> byImpact.put(Level.valueOf(level), n));
        }
        if (incidents != null) { // the embedded shape: count what it embeds
            count = incidents.size();
            byImpact.clear();
            incidents.forEach(i -> byImpact.merge(Problem.impactOf(i), 1, Integer::sum));
        }
        return new Problem(id, number, title, description, status, priority, service, category, location, rootCause,
                workaround, detected, detectionReason, count, byImpact, Objects.requireNonNullElse(lastLinks, List.of()),
                stored, Objects.requireNonNullElse(majorIncidents, List.of()), version, createdAt, createdBy,
                updatedAt, resolvedAt, closedAt);
    }
}
