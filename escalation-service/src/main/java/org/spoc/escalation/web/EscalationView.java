package org.spoc.escalation.web;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.spoc.escalation.domain.Escalation;
import org.spoc.escalation.domain.TicketSla;
import org.spoc.events.escalation.SlaSummary;

/** One escalation as the API shows it. */
record EscalationView(String id, String ticketId, String ticketNumber, String title, String priority,
        @Nullable String category, int fromTier, int toTier, @Nullable String fromTeam, String team, String kind,
        String trigger, String reason, @Nullable String requestedBy, @Nullable String manager,
        @Nullable SlaSummary sla, Instant at) {

    static EscalationView of(TicketSla sla, Escalation e) {
        return new EscalationView(e.id(), sla.ticketId(), sla.number(), sla.title(), sla.priority().name(),
                sla.category(), e.fromTier(), e.toTier(), e.fromTeam(), e.team(), e.kind().name(), e.trigger(),
                e.reason(), e.requestedBy(), e.manager(), e.sla(), e.at());
    }
}
