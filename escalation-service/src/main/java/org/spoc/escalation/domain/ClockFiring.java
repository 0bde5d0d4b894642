package org.spoc.escalation.domain;

import java.time.Duration;
import java.time.Instant;

/** A warning or breach that a clock reached: when it was due, when it fired, whether late. */
public record ClockFiring(Kind kind, Instant dueAt, Instant firedAt, boolean late) {

    public enum Kind {
        WARNING, BREACH
    }

    static ClockFiring of(Kind kind, Instant dueAt, Instant firedAt, Duration lateAfter) {
        return new ClockFiring(kind, dueAt, firedAt, Duration.between(dueAt, firedAt).compareTo(lateAfter) > 0);
    }

    public Duration lateness() {
        return Duration.between(dueAt, firedAt);
    }
}
