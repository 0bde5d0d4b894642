package org.spoc.events.escalation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** The SLA state of the ticket's governing clock when an escalation is raised. */
public record SlaSummary(SlaClockKind clock, SlaClockState state, @Nullable Instant dueAt, double elapsedRatio,
        boolean breached) {
}
