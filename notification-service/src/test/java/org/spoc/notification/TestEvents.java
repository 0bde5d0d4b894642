package org.spoc.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.ticket.CommentData;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.events.ticket.Visibility;
import org.spoc.notification.domain.IncomingEvent;

/** Builders of contract events for tests. */
public final class TestEvents {

    private TestEvents() {
    }

    public static TicketSnapshot ticket(String id, String requester, TicketStatus status, @Nullable String group,
            @Nullable String assignee, long version, Instant at) {
        return new TicketSnapshot(id, "INC" + String.format("%07d", Math.abs(id.hashCode()) % 10_000_000),
                TicketType.INCIDENT, "VPN drops every hour", "It drops.", status, Priority.P3, Level.MEDIUM,
                Level.MEDIUM, "network", "vpn", "Berlin", null, requester, group, group == null ? 1 : 2, assignee,
                "portal", null, null, null, version, at, at, null, null, null);
    }

    public static TicketEvent ticketEvent(TicketSnapshot ticket, @Nullable String actor) {
        return new TicketEvent(ticket, List.of(), actor, null, null, null);
    }

    public static TicketEvent commented(TicketSnapshot ticket, String author, String body, Visibility visibility,
            Instant at) {
        return new TicketEvent(ticket, List.of(), author, null,
                new CommentData(UUID.randomUUID().toString(), author, body, visibility, at), null);
    }

    public static SlaEvent sla(String ticketId, String team, SlaClockState state, Instant at) {
        return new SlaEvent(ticketId, "INC0000042", SlaClockKind.RESOLUTION, "p3-incident", "24x7", 2, team, "P3",
                state, at.minus(Duration.ofHours(6)), at.plus(Duration.ofHours(2)), Duration.ofHours(8),
                Duration.ofHours(6), Duration.ofHours(2), false, at);
    }

    public static EscalationRaised escalation(String ticketId, String team, EscalationKind kind, Instant at) {
        return new EscalationRaised(UUID.randomUUID().toString(), ticketId, "INC0000042", "VPN drops", "P3", "network",
                "vpn", "alice", 1, 2, "service-desk", team, kind, "SLA at 75%", null, null, null, at);
    }

    public static CloudEvent cloudEvent(EventType type, String subject, Object payload, Instant at) {
        Map<String, String> headers = payload instanceof EscalationRaised e
                ? Map.of(CloudEvent.H_TEAM, e.team(), CloudEvent.H_TIER, Integer.toString(e.toTier()))
                : Map.of();
        return CloudEvent.of(type, subject, subject, payload, at, headers);
    }

    public static IncomingEvent incoming(EventType type, String subject, Object payload, Instant at) {
        CloudEvent e = cloudEvent(type, subject, payload, at);
        return new IncomingEvent(e.id(), type, e.source(), e.subject(), e.key(), e.time(), e.headers(), payload,
                e.data());
    }
}
