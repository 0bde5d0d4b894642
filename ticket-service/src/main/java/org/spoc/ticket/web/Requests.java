package org.spoc.ticket.web;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.events.ticket.Visibility;

/**
 * Request bodies. Unknown fields are rejected by the JSON mapping (so {@code status}, {@code priority},
 * {@code number} … in a create body are 400s naming the field); values are checked in the controllers.
 */
final class Requests {

    private Requests() {
    }

    record CreateTicket(@Nullable TicketType type, @Nullable String title, @Nullable String description,
            @Nullable Level impact, @Nullable Level urgency, @Nullable String category, @Nullable String service,
            @Nullable String location, @Nullable String catalogItem, @Nullable Map<String, String> form,
            @Nullable String requester, @Nullable String channel) {
    }

    record AddComment(@Nullable String body, @Nullable Visibility visibility) {
    }

    record Assign(@Nullable String group, @Nullable String assignee, @Nullable String reason) {
    }

    /** {@code resolution} is a code ({@code "FIXED"}) or {@code {code, notes}}; notes may also come as {@code notes}. */
    record Transition(@Nullable TicketStatus to, tools.jackson.databind.@Nullable JsonNode resolution,
            @Nullable String notes, @Nullable String reason) {
    }

    record LogWork(@Nullable Integer minutes, @Nullable String note) {
    }

    record AddAttachment(@Nullable String fileName, @Nullable String contentType, @Nullable Long size,
            @Nullable String url) {
    }

    record OverridePriority(@Nullable Priority priority, @Nullable String reason) {
    }

    record EditTicket(@Nullable String title, @Nullable String description, @Nullable Level impact,
            @Nullable Level urgency, @Nullable String category, @Nullable String service, @Nullable String location,
            @Nullable String reason) {
    }

    record RoutingRules(List<Rule> rules) {
        record Rule(@Nullable TicketType type, @Nullable String category, @Nullable String catalogItem,
                @Nullable String service, @Nullable String group) {
        }
    }
}
