package org.spoc.escalation.domain;

import java.util.List;

import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketType;

/** The policies and calendars clocks are computed with. */
public interface SlaCatalog {

    List<SlaPolicy> policies();

    /** The current version of a calendar; the 24x7 calendar always exists. */
    BusinessCalendar calendar(String id);

    /** A calendar as it was at {@code version} (running clocks keep the version they started with). */
    BusinessCalendar calendar(String id, int version);

    EscalationPolicy escalationPolicy();

    default SlaPolicy policyFor(TicketType type, Priority priority) {
        return SlaPolicy.select(policies(), type, priority)
                .orElseGet(() -> SlaPolicy.defaults().getLast());
    }
}
