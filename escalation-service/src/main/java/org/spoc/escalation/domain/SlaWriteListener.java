package org.spoc.escalation.domain;

import java.util.List;

/** Told after an aggregate and its events were stored: schedules timers, counts. */
public interface SlaWriteListener {

    void written(TicketSla sla, List<PendingEvent> events, List<SlaFact> facts);
}
