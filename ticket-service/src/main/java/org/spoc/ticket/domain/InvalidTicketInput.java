package org.spoc.ticket.domain;

/** Input that breaks a rule of the domain; answered with 400 naming {@code field}. */
public class InvalidTicketInput extends TicketException {

    private final String field;

    public InvalidTicketInput(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
