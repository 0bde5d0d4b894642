package org.spoc.events.problem;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** An incident linked to a problem, with what notification-service needs to reach its requester. */
public record LinkedIncident(String ticketId, @Nullable String number, @Nullable String requester,
        @Nullable String title, Instant linkedAt) {
}
