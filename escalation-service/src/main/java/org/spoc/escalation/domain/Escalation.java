package org.spoc.escalation.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.SlaSummary;

/**
 * One escalation of a ticket: from which tier and team to which, functional or hierarchical, why
 * ({@code trigger}: WARNING, BREACH, P1, REASSIGNMENTS, REQUEST) and the SLA state at that moment.
 */
public record Escalation(String id, int fromTier, int toTier, @Nullable String fromTeam, String team,
        EscalationKind kind, String trigger, String reason, @Nullable String requestedBy, @Nullable String manager,
        @Nullable SlaSummary sla, Instant at) {
}
