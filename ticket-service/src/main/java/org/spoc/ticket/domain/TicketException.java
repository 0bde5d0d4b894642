package org.spoc.ticket.domain;

/** A rule of the ticket domain said no. The web layer maps each kind to its HTTP answer. */
public abstract class TicketException extends RuntimeException {

    protected TicketException(String message) {
        super(message);
    }
}
