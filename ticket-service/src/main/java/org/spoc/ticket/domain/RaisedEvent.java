package org.spoc.ticket.domain;

import java.time.Instant;

import org.spoc.events.EventType;
import org.spoc.events.ticket.TicketEvent;

/** An event a ticket's state change causes, to be stored in the same write and published by the outbox. */
public record RaisedEvent(EventType type, TicketEvent data, Instant time) {
}
