package org.spoc.problem.messaging;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.spoc.events.EventType;
import org.spoc.events.ticket.FieldChange;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;

import static org.assertj.core.api.Assertions.assertThat;

/** Which incident events the first hop forwards to detection. */
class TicketEventsListenerTests {

    private static final Instant OPENED = Instant.parse("2030-01-01T09:00:00Z");

    @Test
    void forwardsWhatDetectionComparesAndSparesItTheRest() {
        assertThat(forwarded(EventType.TICKET_OPENED, TicketType.INCIDENT)).isTrue();
        assertThat(forwarded(EventType.TICKET_STATUS_CHANGED, TicketType.INCIDENT, change("status"))).isTrue();
        assertThat(forwarded(EventType.TICKET_CHANGED, TicketType.INCIDENT, change("title"))).isTrue();
        assertThat(forwarded(EventType.TICKET_CHANGED, TicketType.INCIDENT, change("suggestedArticles"), change("location")))
                .isTrue();
        // a change that does not say what changed is forwarded: detection itself finds nothing new
        assertThat(forwarded(EventType.TICKET_CHANGED, TicketType.INCIDENT)).isTrue();

        assertThat(forwarded(EventType.TICKET_CHANGED, TicketType.INCIDENT, change("suggestedArticles"))).isFalse();
        assertThat(forwarded(EventType.TICKET_CHANGED, TicketType.INCIDENT, change("problem"))).isFalse();
        assertThat(forwarded(EventType.TICKET_CHANGED, TicketType.INCIDENT, change("assignee"), change("tier"))).isFalse();
        assertThat(forwarded(EventType.TICKET_OPENED, TicketType.SERVICE_REQUEST)).isFalse();
    }

    private static boolean forwarded(EventType type, TicketType ticketType, FieldChange... changes) {
        TicketSnapshot t = new TicketSnapshot("t-1", "INC0000001", ticketType, "printer jams", "floor 3",
                TicketStatus.NEW, Priority.P3, Level.MEDIUM, Level.MEDIUM, null, null, null, null, "alice",
                "service-desk", 1, null, "portal", null, null, null, 2, OPENED, OPENED, null, null, null);
        return TicketEventsListener.forwarded(type.type(), new TicketEvent(t, List.of(changes), "alice", null, null, null));
    }

    private static FieldChange change(String field) {
        return new FieldChange(field, "before", "after");
    }
}
