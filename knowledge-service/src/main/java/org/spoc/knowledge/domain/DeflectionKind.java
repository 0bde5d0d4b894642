package org.spoc.knowledge.domain;

/** What the portal reports while a requester looks for an answer before (or instead of) a ticket. */
public enum DeflectionKind {
    /** Suggestions were shown to the requester (one per portal session or form). */
    SUGGESTIONS_SHOWN,
    /** The requester opened a suggested article. */
    ARTICLE_OPENED,
    /** The requester left without submitting the ticket after reading: deflected. */
    TICKET_ABANDONED
}
