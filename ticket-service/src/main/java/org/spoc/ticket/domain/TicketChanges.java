package org.spoc.ticket.domain;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;

/** An agent's edit of a ticket's descriptive fields; {@code null} leaves a field as it is. */
public record TicketChanges(@Nullable String title, @Nullable String description, @Nullable Level impact,
        @Nullable Level urgency, @Nullable String category, @Nullable String service, @Nullable String location) {
}
