package org.spoc.problem.domain.detection;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;

/** What detection needs of an incident, as of one ticket version. {@code openedAt} is event time. */
public record IncidentSignal(
        String ticketId,
        String number,
        String requester,
        String title,
        String description,
        @Nullable String category,
        @Nullable String service,
        @Nullable String location,
        Priority priority,
        Level impact,
        boolean cancelled,
        long version,
        Instant openedAt) {
}
