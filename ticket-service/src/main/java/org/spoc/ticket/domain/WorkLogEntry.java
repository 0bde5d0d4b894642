package org.spoc.ticket.domain;

import java.time.Instant;

/** Time an agent spent on a ticket. */
public record WorkLogEntry(String id, String author, int minutes, String note, Instant at) {
}
