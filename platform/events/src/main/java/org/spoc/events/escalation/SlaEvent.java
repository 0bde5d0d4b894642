package org.spoc.events.escalation;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Payload of the {@code spoc.sla.*.v1} events: one clock of one ticket at the instant of the event.
 * Elapsed and remaining are business time on the policy's calendar. {@code late} marks a warning
 * or breach that fired after its due instant (for example after a restart spanning it).
 */
public record SlaEvent(
        String ticketId,
        String ticketNumber,
        SlaClockKind clock,
        String policyId,
        String calendarId,
        @Nullable Integer tier,
        @Nullable String team,
        String priority,
        SlaClockState state,
        Instant startedAt,
        @Nullable Instant dueAt,
        Duration target,
        Duration elapsed,
        Duration remaining,
        boolean late,
        Instant at) {
}
