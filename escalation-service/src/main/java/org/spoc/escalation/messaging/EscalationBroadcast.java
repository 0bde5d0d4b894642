package org.spoc.escalation.messaging;

import org.spoc.events.escalation.EscalationRaised;

/** An escalation seen on the topic by this replica, for its live streams (a Spring application event). */
public record EscalationBroadcast(String eventId, EscalationRaised escalation) {
}
