package org.spoc.problem.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.spoc.problem.domain.detection.Decision;
import org.spoc.problem.domain.detection.Detector;
import org.spoc.problem.domain.detection.DetectionStore;
import org.spoc.problem.domain.detection.IncidentSignal;
import org.spoc.problem.domain.detection.Outcome;
import org.spoc.problem.domain.detection.TrackedIncident;

/**
 * The use cases: detection outcomes applied to problems, and what agents do to problems. Every
 * problem write is optimistic (read, change, write over the version read) and retried on conflict.
 */
public class ProblemService {

    private static final int ATTEMPTS = 5;

    private final ProblemRepository problems;
    private final DetectionStore detection;
    private final Detector detector;
    private final Clock clock;

    public ProblemService(ProblemRepository problems, DetectionStore detection, Detector detector, Clock clock) {
        this.problems = problems;
        this.detection = detection;
        this.detector = detector;
        this.clock = clock;
    }

    /** One incident event: detect, apply the decisions to problems, then commit detection state. */
    public Outcome onIncident(IncidentSignal signal) {
        Outcome outcome = detector.process(signal);
        for (Decision decision : outcome.decisions()) {
            apply(decision);
        }
        detector.commit(outcome);
        return outcome;
    }

    private void apply(Decision decision) {
        switch (decision) {
            case Decision.OpenProblem open -> {
                List<ProblemIncident> incidents = open.incidents().stream()
                        .map(m -> incident(m.incident(), open.detectedAt(), m.similarity(), "grouped by detection", null))
                        .toList();
                List<ProblemChange> changes = new ArrayList<>();
                Problem problem = Problem.detected(open.problemId(), problems.nextNumber(), open.title(), open.service(),
                        open.category(), open.location(), incidents, open.reason(), open.detectedAt(), changes);
                if (!problems.insert(problem, changes)) {
                    // redelivered after a crash between problem write and detection commit: make sure all are linked
                    for (ProblemIncident i : incidents) {
                        change(open.problemId(), p -> p.link(i, null, open.detectedAt()));
                    }
                }
            }
            case Decision.LinkIncident link -> change(link.problemId(), p -> p.status() == ProblemStatus.CLOSED ? List.of()
                    : p.link(incident(link.incident().incident(), link.incident().incident().openedAt(),
                            link.incident().similarity(), link.reason(), null), null,
                            link.incident().incident().openedAt()));
            case Decision.RefreshIncident refresh -> change(refresh.problemId(), p -> {
                p.refresh(incident(refresh.incident(), clock.instant(), null, null, null), clock.instant());
                return List.of();
            });
            case Decision.RaiseMajorIncident major -> {
                ProblemChange.MajorIncidentRaised raised = new ProblemChange.MajorIncidentRaised(major.id(),
                        major.service(), major.category(),
                        major.incidents().stream().map(i -> incident(i, major.windowEnd(), null, null, null)).toList(),
                        major.rate(), major.baseline(), major.affectedRequesters(), major.reason(), major.windowStart(),
                        major.windowEnd(), major.windowEnd());
                if (major.problemId() != null && problems.find(major.problemId()).isPresent()) {
                    change(major.problemId(), p -> p.majorIncident(raised));
                }
                else {
                    problems.majorIncident(raised);
                }
            }
        }
    }

    public Problem create(String title, @Nullable String description, @Nullable String service,
            @Nullable String category, @Nullable String location, String actor) {
        Problem problem = Problem.create(UUID.randomUUID().toString(), problems.nextNumber(), title, description,
                service, category, location, actor, clock);
        problems.insert(problem, List.of());
        return problem;
    }

    public Optional<Problem> find(String id) {
        return problems.find(id);
    }

    /** The incidents linked to a problem, the most recently linked first. */
    public List<ProblemIncident> incidents(String problemId, int page, int size) {
        return problems.incidents(problemId, page, size);
    }

    public List<Problem> list(@Nullable ProblemStatus status, @Nullable Boolean detected, @Nullable String service,
            int page, int size) {
        return problems.list(status, detected, service, page, size);
    }

    /**
     * An agent links an incident that detection knows (it has seen the ticket's events). Detection
     * never moves that incident again.
     * @throws UnknownIncident when no event of that ticket has arrived (or it is not an incident)
     */
    public Problem link(String problemId, String ticketId, @Nullable String reason, String actor) {
        TrackedIncident tracked = detection.find(ticketId).orElseThrow(() -> new UnknownIncident(ticketId));
        Instant now = clock.instant();
        if (tracked.problemId() != null && !tracked.problemId().equals(problemId)
                && problems.find(tracked.problemId()).isPresent()) {
            // moved by hand from the problem detection chose: it leaves that one
            change(tracked.problemId(), p -> {
                p.unlink(ticketId, now);
                return List.of();
            });
        }
        Problem problem = change(problemId, p -> {
            if (p.status() == ProblemStatus.CLOSED) {
                throw new ProblemConflict("a closed problem takes no more incidents", List.of());
            }
            return p.link(incident(tracked, now, null, reason != null ? reason : "linked by " + actor, actor), actor, now);
        });
        detector.commit(new Outcome(List.of(), List.of(tracked.linkedTo(problemId, true)), null));
        return problem;
    }

    /** An agent unlinks an incident: detection will not link it again by itself. */
    public Problem unlink(String problemId, String ticketId, String actor) {
        Problem problem = change(problemId, p -> {
            if (!p.unlink(ticketId, clock.instant())) {
                throw new UnknownIncident(ticketId);
            }
            return List.of();
        });
        detection.find(ticketId).ifPresent(t -> detector.commit(
                new Outcome(List.of(), List.of(t.linkedTo(null, true)), null)));
        return problem;
    }

    public Problem knownError(String problemId, String rootCause, String workaround, String actor) {
        return change(problemId, p -> p.knownError(rootCause, workaround, actor, clock));
    }

    public Problem transition(String problemId, ProblemStatus to, @Nullable String resolution, String actor) {
        return change(problemId, p -> p.transition(to, resolution, actor, clock));
    }

    private Problem change(String id, Function<Problem, List<ProblemChange>> change) {
        for (int attempt = 1; ; attempt++) {
            Problem problem = problems.find(id).orElseThrow(() -> new UnknownProblem(id));
            long read = problem.version();
            List<ProblemChange> changes = change.apply(problem);
            if (problem.version() == read) {
                return problem; // nothing changed
            }
            try {
                problems.update(problem, read, changes);
                return problem;
            }
            catch (ProblemRepository.ConcurrentProblemChange ex) {
                if (attempt >= ATTEMPTS) {
                    throw ex;
                }
            }
        }
    }

    private static ProblemIncident incident(TrackedIncident t, Instant linkedAt, @Nullable Double similarity,
            @Nullable String reason, @Nullable String actor) {
        return new ProblemIncident(t.ticketId(), t.number(), t.requester(), t.title(), t.priority(), t.impact(),
                t.openedAt(), linkedAt, similarity, reason, actor);
    }

    public static final class UnknownProblem extends RuntimeException {

        public UnknownProblem(String id) {
            super("problem " + id);
        }
    }

    public static final class UnknownIncident extends RuntimeException {

        public UnknownIncident(String ticketId) {
            super("incident " + ticketId);
        }
    }
}
