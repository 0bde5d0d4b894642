package org.spoc.events.ticket;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Payload of every {@code spoc.ticket.*.v1} event: the ticket snapshot after the change, what
 * changed, who changed it and why; the comment or work-log entry where the event is about one.
 */
public record TicketEvent(
        TicketSnapshot ticket,
        List<FieldChange> changes,
        @Nullable String actor,
        @Nullable String reason,
        @Nullable CommentData comment,
        @Nullable WorkLogData workLog) {

    public TicketEvent {
        changes = List.copyOf(changes);
    }
}
