package org.spoc.events.escalation;

public enum SlaClockState {
    RUNNING, PAUSED, MET, BREACHED, CANCELLED
}
