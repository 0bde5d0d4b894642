package org.spoc.problem.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;

/**
 * An incident linked to a problem: who reported it (so they can be told of the workaround), its
 * impact (the problem's priority follows it), when and why it was linked, and by whom (null: detection).
 */
public record ProblemIncident(String ticketId, @Nullable String number, @Nullable String requester,
        @Nullable String title, @Nullable Priority priority, @Nullable Level impact, @Nullable Instant openedAt,
        Instant linkedAt, @Nullable Double similarity, @Nullable String reason, @Nullable String linkedBy) {
}
