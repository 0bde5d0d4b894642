package org.spoc.events.ticket;

import java.time.Instant;

/** A work-log entry carried by {@code spoc.ticket.work-logged.v1}, with the ticket's running total. */
public record WorkLogData(String id, String author, int minutes, String note, int totalMinutes, Instant at) {
}
