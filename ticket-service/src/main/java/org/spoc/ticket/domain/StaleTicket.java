package org.spoc.ticket.domain;

/** The caller's {@code If-Match} version is not the ticket's current one (412). */
public class StaleTicket extends TicketException {

    private final long current;

    public StaleTicket(long expected, long current) {
        super("the ticket is at version " + current + ", not " + expected + "; read it again and retry");
        this.current = current;
    }

    public long current() {
        return current;
    }
}
