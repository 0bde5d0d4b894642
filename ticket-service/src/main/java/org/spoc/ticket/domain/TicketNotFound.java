package org.spoc.ticket.domain;

/** No such ticket, or one the caller may not see (requesters get the same answer for both). */
public class TicketNotFound extends TicketException {

    public TicketNotFound(String idOrNumber) {
        super("ticket " + idOrNumber);
    }
}
