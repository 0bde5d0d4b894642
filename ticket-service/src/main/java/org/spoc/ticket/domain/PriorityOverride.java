package org.spoc.ticket.domain;

import java.time.Instant;

import org.spoc.events.ticket.Priority;

/** An agent's override of the matrix priority, with the reason, kept on the ticket. */
public record PriorityOverride(Priority priority, Priority matrixPriority, String reason, String by, Instant at) {
}
