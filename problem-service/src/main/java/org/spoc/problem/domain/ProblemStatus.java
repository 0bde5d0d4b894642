package org.spoc.problem.domain;

import java.util.List;
import java.util.Map;

/** Problem lifecycle: NEW -> INVESTIGATING -> KNOWN_ERROR -> RESOLVED -> CLOSED. */
public enum ProblemStatus {
    NEW, INVESTIGATING, KNOWN_ERROR, RESOLVED, CLOSED;

    private static final Map<ProblemStatus, List<ProblemStatus>> NEXT = Map.of(
            NEW, List.of(INVESTIGATING),
            INVESTIGATING, List.of(KNOWN_ERROR, RESOLVED),
            KNOWN_ERROR, List.of(RESOLVED),
            RESOLVED, List.of(CLOSED, INVESTIGATING),
            CLOSED, List.of());

    /** The statuses reachable in one step; RESOLVED -> INVESTIGATING reopens a fix that did not hold. */
    public List<ProblemStatus> next() {
        return NEXT.get(this);
    }

    public boolean canMoveTo(ProblemStatus to) {
        return next().contains(to);
    }

    /** Open problems attract new matching incidents; resolved and closed ones do not. */
    public boolean isOpen() {
        return this == NEW || this == INVESTIGATING || this == KNOWN_ERROR;
    }
}
