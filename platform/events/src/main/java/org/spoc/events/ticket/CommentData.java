package org.spoc.events.ticket;

import java.time.Instant;

/** A comment carried by {@code spoc.ticket.commented.v1}. INTERNAL ones must never reach requesters. */
public record CommentData(String id, String author, String body, Visibility visibility, Instant at) {
}
