package org.spoc.ticket.domain;

/** A created ticket, or the one an earlier request with the same Idempotency-Key created ({@code replayed}). */
public record CreateResult(Ticket ticket, boolean replayed) {
}
