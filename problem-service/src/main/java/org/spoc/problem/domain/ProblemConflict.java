package org.spoc.problem.domain;

import java.util.List;

/** A change the problem's state does not allow (an illegal transition): 409 with what is allowed. */
public class ProblemConflict extends RuntimeException {

    private final List<String> allowed;

    public ProblemConflict(String message, List<String> allowed) {
        super(message);
        this.allowed = List.copyOf(allowed);
    }

    public List<String> allowed() {
        return allowed;
    }
}
