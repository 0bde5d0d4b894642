package org.spoc.events.escalation;

/** Which target an SLA clock measures: the first response, the resolution, or a tier's own OLA. */
public enum SlaClockKind {
    FIRST_RESPONSE, RESOLUTION, TIER
}
