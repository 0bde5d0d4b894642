package org.spoc.events.escalation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Payload of {@code spoc.escalation.raised.v1}: everything a tier-2/3 team needs to act without a
 * lookup. The record also carries {@code spoc_team} and {@code spoc_tier} Kafka headers.
 */
public record EscalationRaised(
        String escalationId,
        String ticketId,
        String ticketNumber,
        String title,
        String priority,
        @Nullable String category,
        @Nullable String service,
        @Nullable String requester,
        int fromTier,
        int toTier,
        @Nullable String fromTeam,
        String team,
        EscalationKind kind,
        String reason,
        @Nullable String requestedBy,
        @Nullable String manager,
        @Nullable SlaSummary sla,
        Instant at) {
}
