package org.spoc.ticket.domain;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.TicketType;

/**
 * Routes new tickets to an assignment group: every criterion that is set must match (categories and
 * services ignoring case); the first matching rule wins.
 */
public record RoutingRule(@Nullable TicketType type, @Nullable String category, @Nullable String catalogItem,
        @Nullable String service, String group) {

    public boolean matches(NewTicket ticket) {
        return (type == null || type == ticket.type())
                && (category == null || category.equalsIgnoreCase(String.valueOf(ticket.category())))
                && (catalogItem == null || catalogItem.equals(ticket.catalogItem()))
                && (service == null || service.equalsIgnoreCase(String.valueOf(ticket.service())));
    }
}
