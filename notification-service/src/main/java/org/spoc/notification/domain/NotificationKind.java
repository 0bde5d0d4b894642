package org.spoc.notification.domain;

/**
 * What a notification is about. Preferences switch kinds on and off per channel. Kinds with a burst
 * severity above zero are collapsed per person and ticket when they arrive within the collapse window
 * (an SLA warning, then the breach, then the escalation become one message, titled by the most severe).
 */
public enum NotificationKind {
    TICKET_OPENED(0),
    TICKET_ASSIGNED(0),
    PUBLIC_COMMENT(0),
    INTERNAL_COMMENT(0),
    STATUS_CHANGED(0),
    TICKET_RESOLVED(0),
    ARTICLES_SUGGESTED(0),
    KNOWN_ERROR(0),
    SLA_WARNING(1),
    SLA_BREACHED(2),
    ESCALATION(3),
    HIERARCHICAL_ESCALATION(3),
    PROBLEM_DETECTED(0),
    MAJOR_INCIDENT(0);

    private final int burstSeverity;

    NotificationKind(int burstSeverity) {
        this.burstSeverity = burstSeverity;
    }

    /** Whether notifications of this kind join others of one ticket arriving within the collapse window. */
    public boolean collapsible() {
        return burstSeverity > 0;
    }

    /** Rank among collapsible kinds: the most severe names a collapsed notification. */
    public int burstSeverity() {
        return burstSeverity;
    }
}
