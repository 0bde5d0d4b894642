package org.spoc.ticket.domain;

import java.util.List;

import org.spoc.events.ticket.TicketStatus;

/** A status change the lifecycle does not allow from where the ticket stands (409, listing the allowed ones). */
public class TransitionNotAllowed extends TicketException {

    private final TicketStatus from;
    private final TicketStatus to;
    private final List<TicketStatus> allowed;

    public TransitionNotAllowed(TicketStatus from, TicketStatus to, List<TicketStatus> allowed, String why) {
        super(why);
        this.from = from;
        this.to = to;
        this.allowed = List.copyOf(allowed);
    }

    public TicketStatus from() {
        return from;
    }

    public TicketStatus to() {
        return to;
    }

    public List<TicketStatus> allowed() {
        return allowed;
    }
}
