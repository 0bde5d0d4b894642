package org.spoc.ticket.domain;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.spoc.events.ticket.TicketStatus;

/**
 * The ticket lifecycle: {@code NEW -> ASSIGNED -> IN_PROGRESS <-> PENDING -> RESOLVED -> CLOSED}, any open
 * status to {@code CANCELLED}, and {@code RESOLVED -> IN_PROGRESS} (reopen, within the reopen window).
 */
public final class Lifecycle {

    private static final Map<TicketStatus, List<TicketStatus>> NEXT = new EnumMap<>(Map.of(
            TicketStatus.NEW, List.of(TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS, TicketStatus.CANCELLED),
            TicketStatus.ASSIGNED, List.of(TicketStatus.IN_PROGRESS, TicketStatus.CANCELLED),
            TicketStatus.IN_PROGRESS, List.of(TicketStatus.PENDING, TicketStatus.RESOLVED, TicketStatus.CANCELLED),
            TicketStatus.PENDING, List.of(TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, TicketStatus.CANCELLED),
            TicketStatus.RESOLVED, List.of(TicketStatus.CLOSED, TicketStatus.IN_PROGRESS),
            TicketStatus.CLOSED, List.of(),
            TicketStatus.CANCELLED, List.of()));

    private Lifecycle() {
    }

    public static List<TicketStatus> allowedFrom(TicketStatus from) {
        return NEXT.get(from);
    }

    public static boolean allows(TicketStatus from, TicketStatus to) {
        return NEXT.get(from).contains(to);
    }

    /** Statuses a requester may move their own ticket to: withdraw it, confirm or reopen a resolution. */
    public static boolean requesterMay(TicketStatus from, TicketStatus to) {
        return to == TicketStatus.CANCELLED && from.isOpen()
                || from == TicketStatus.RESOLVED && (to == TicketStatus.CLOSED || to == TicketStatus.IN_PROGRESS);
    }
}
