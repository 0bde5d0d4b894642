package org.spoc.ticket.domain;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.springframework.data.domain.Sort;

/**
 * A ticket search. Every value is compared for equality (or quoted into a case-insensitive pattern for
 * {@code text}), so no user input ever becomes a query operator.
 */
public record TicketQuery(List<TicketStatus> statuses, List<Priority> priorities, @Nullable TicketType type,
        @Nullable String assignmentGroup, @Nullable String assignee, @Nullable String requester,
        @Nullable String category, @Nullable String text, Sort sort, int page, int size) {

    public TicketQuery {
        statuses = List.copyOf(statuses);
        priorities = List.copyOf(priorities);
    }

    public TicketQuery withRequester(String user) {
        return new TicketQuery(statuses, priorities, type, assignmentGroup, assignee, user, category, text, sort, page,
                size);
    }
}
