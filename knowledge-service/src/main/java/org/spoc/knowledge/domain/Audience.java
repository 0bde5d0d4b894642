package org.spoc.knowledge.domain;

/** Who may read an article: everyone (requesters included) or agents only. */
public enum Audience {
    REQUESTERS, AGENTS
}
