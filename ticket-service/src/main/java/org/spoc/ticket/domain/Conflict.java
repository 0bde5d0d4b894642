package org.spoc.ticket.domain;

/** The request clashes with the ticket's state or with an earlier request (409). */
public class Conflict extends TicketException {

    public Conflict(String detail) {
        super(detail);
    }
}
