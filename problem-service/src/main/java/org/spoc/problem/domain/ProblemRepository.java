package org.spoc.problem.domain;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Where problems live. Each write stores the state and the events its changes cause in one document write.
 * A problem's linked incidents live apart from it, one record per link, written after the problem; the
 * problem keeps the link changes of its latest write until they are surely stored, so a redelivered link
 * neither links twice nor counts twice, even after a crash between the two writes.
 */
public interface ProblemRepository {

    /** The problem, with the link changes of its latest write stored among its links. */
    Optional<Problem> find(String id);

    /** Incidents linked to the problem, the most recently linked first; empty for an unknown problem. */
    List<ProblemIncident> incidents(String problemId, int page, int size);

    /** Problems, newest first, optionally filtered. */
    List<Problem> list(@Nullable ProblemStatus status, @Nullable Boolean detected, @Nullable String service, int page,
            int size);

    /** Stores a new problem with its changes; false when one with this id exists already (a redelivery). */
    boolean insert(Problem problem, List<ProblemChange> changes);

    /**
     * Stores {@code problem} over the version it was read at, with its changes.
     * @throws ConcurrentProblemChange when somebody changed it meanwhile
     */
    void update(Problem problem, long readVersion, List<ProblemChange> changes);

    /** A major incident of incidents not linked to any problem: stored (and published) on its own. */
    void majorIncident(ProblemChange.MajorIncidentRaised raised);

    /** The next human-readable number: PRB0000001, ... */
    String nextNumber();

    /** Another writer changed the problem between read and write: read again and retry. */
    final class ConcurrentProblemChange extends RuntimeException {

        public ConcurrentProblemChange(String id) {
            super("problem " + id + " was changed meanwhile");
        }
    }
}
