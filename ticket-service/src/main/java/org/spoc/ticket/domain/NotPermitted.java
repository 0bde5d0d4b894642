package org.spoc.ticket.domain;

/** The caller may see the ticket but not do this to it (403). */
public class NotPermitted extends TicketException {

    public NotPermitted(String detail) {
        super(detail);
    }
}
