package org.spoc.events.ticket;

/** Who may read a comment: everyone on the ticket, or agents only. */
public enum Visibility {
    PUBLIC, INTERNAL
}
