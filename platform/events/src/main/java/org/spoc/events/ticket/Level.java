package org.spoc.events.ticket;

/** Impact and urgency levels. */
public enum Level {
    HIGH, MEDIUM, LOW
}
