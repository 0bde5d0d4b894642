package org.spoc.events.escalation;

/** Functional: to the next tier's team. Hierarchical: to a manager. */
public enum EscalationKind {
    FUNCTIONAL, HIERARCHICAL
}
