package org.spoc.escalation.domain;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One event in a clock's life and what it did: the answer to "why is this due at 14:30?".
 *
 * @param elapsed business time consumed when the step was taken
 * @param dueAt   the due instant after the step (none while paused or stopped)
 */
public record ExplainStep(Instant at, String event, String detail, Duration elapsed, @Nullable Instant dueAt) {
}
