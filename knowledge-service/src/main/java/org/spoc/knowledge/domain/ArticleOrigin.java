package org.spoc.knowledge.domain;

/** Where an article came from. */
public enum ArticleOrigin {
    /** Written by an agent. */
    AUTHORED,
    /** Shipped starter content. */
    SEED,
    /** Made from a problem's known error and workaround. */
    KNOWN_ERROR,
    /** Proposed from the resolution notes of resolved tickets. */
    RESOLUTION
}
