package org.spoc.ticket.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.TicketStatus;

/** One row of a migration from another desk: a ticket with its original times, identified by its source id. */
public record ImportedTicket(int row, String sourceId, NewTicket spec, @Nullable String group,
        @Nullable String assignee, TicketStatus status, Instant openedAt, @Nullable Instant resolvedAt,
        @Nullable Instant closedAt, @Nullable String resolutionCode) {
}
