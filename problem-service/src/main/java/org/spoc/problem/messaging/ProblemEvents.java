package org.spoc.problem.messaging;

import java.util.List;
import java.util.function.Supplier;

import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.problem.IncidentLinked;
import org.spoc.events.problem.LinkedIncident;
import org.spoc.events.problem.MajorIncident;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.events.problem.ProblemSnapshot;
import org.spoc.problem.domain.Problem;
import org.spoc.problem.domain.ProblemChange;
import org.spoc.problem.domain.ProblemIncident;

/**
 * Maps problem changes to the contract's events on {@code spoc.problem.events.v1}, keyed by the
 * problem id; {@code ce_time} is the change's time, which for detection is the incidents' event time.
 */
public final class ProblemEvents {

    private ProblemEvents() {
    }

    /**
     * The event of one change. {@code allLinked} gives every incident linked to the problem, for the events
     * that list them (detected, known error, resolved); it is not called for the others.
     */
    public static CloudEvent of(Problem problem, ProblemChange change, Supplier<List<ProblemIncident>> allLinked) {
        return switch (change) {
            case ProblemChange.Detected d -> CloudEvent.of(EventType.PROBLEM_DETECTED, problem.id(),
                    new ProblemEvent(snapshot(problem), linked(allLinked.get()), d.reason(), null), d.at());
            case ProblemChange.IncidentLinked l -> CloudEvent.of(EventType.PROBLEM_INCIDENT_LINKED, problem.id(),
                    new IncidentLinked(problem.id(), problem.number(), problem.title(), problem.status().name(),
                            linked(l.incident()), l.incident().similarity(),
                            l.incident().reason() != null ? l.incident().reason() : "linked", problem.workaround(),
                            l.actor()),
                    l.at());
            case ProblemChange.KnownError k -> CloudEvent.of(EventType.PROBLEM_KNOWN_ERROR, problem.id(),
                    new ProblemEvent(snapshot(problem), linked(allLinked.get()), problem.rootCause(), k.actor()),
                    k.at());
            case ProblemChange.Resolved r -> CloudEvent.of(EventType.PROBLEM_RESOLVED, problem.id(),
                    new ProblemEvent(snapshot(problem), linked(allLinked.get()), r.resolution(), r.actor()), r.at());
            case ProblemChange.MajorIncidentRaised m -> CloudEvent.of(EventType.PROBLEM_MAJOR_INCIDENT, problem.id(),
                    major(m, problem.id()), m.at());
        };
    }

    /** A major incident of incidents linked to no problem: keyed by its own id. */
    public static CloudEvent standalone(ProblemChange.MajorIncidentRaised m) {
        return CloudEvent.of(EventType.PROBLEM_MAJOR_INCIDENT, m.id(), major(m, null), m.at());
    }

    private static MajorIncident major(ProblemChange.MajorIncidentRaised m, @org.jspecify.annotations.Nullable String problemId) {
        return new MajorIncident(m.id(), problemId, m.service(), m.category(), linked(m.incidents()), m.rate(),
                m.baseline(), m.affectedRequesters(), m.reason(), m.windowStart(), m.windowEnd());
    }

    public static ProblemSnapshot snapshot(Problem p) {
        return new ProblemSnapshot(p.id(), p.number(), p.title(), p.status().name(), p.priority().name(), p.service(),
                p.category(), p.location(), p.rootCause(), p.workaround(), p.detected(), p.incidentCount(),
                p.version(), p.createdAt(), p.updatedAt(), p.resolvedAt());
    }

    private static List<LinkedIncident> linked(List<ProblemIncident> incidents) {
        return incidents.stream().map(ProblemEvents::linked).toList();
    }

    private static LinkedIncident linked(ProblemIncident i) {
        return new LinkedIncident(i.ticketId(), i.number(), i.requester(), i.title(), i.linkedAt());
    }
}
