package org.spoc.ticket.domain;

/** A ticket with the same dedup key (idempotency key or import source id) exists already. */
public class DuplicateTicket extends RuntimeException {

    private final String dedupKey;

    public DuplicateTicket(String dedupKey, Throwable cause) {
        super("a ticket with key " + dedupKey + " exists", cause);
        this.dedupKey = dedupKey;
    }

    public String dedupKey() {
        return dedupKey;
    }
}
