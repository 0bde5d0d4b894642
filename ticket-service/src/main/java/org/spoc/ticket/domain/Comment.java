package org.spoc.ticket.domain;

import java.time.Instant;

import org.spoc.events.ticket.Visibility;

/** A comment on a ticket. INTERNAL ones are for the desk only and never shown to requesters. */
public record Comment(String id, String author, String body, Visibility visibility, Instant at) {
}
