package org.spoc.ticket.domain;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.TicketType;

/**
 * What a new ticket is made of. Impact and urgency may be left to the catalog item's defaults.
 */
public record NewTicket(TicketType type, String title, String description, @Nullable Level impact,
        @Nullable Level urgency,
        @Nullable String category, @Nullable String service, @Nullable String location, @Nullable String catalogItem,
        Map<String, String> form, String requester, String channel) {

    public NewTicket {
        form = Map.copyOf(form);
    }
}
