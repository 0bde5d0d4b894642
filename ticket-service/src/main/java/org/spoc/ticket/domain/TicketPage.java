package org.spoc.ticket.domain;

import java.util.List;

/** One page of tickets and how many match in all. */
public record TicketPage(List<Ticket> tickets, int page, int size, long total) {

    public TicketPage {
        tickets = List.copyOf(tickets);
    }

    public int totalPages() {
        return size == 0 ? 0 : (int) ((total + size - 1) / size);
    }
}
