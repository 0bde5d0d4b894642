package org.spoc.knowledge.domain;

/**
 * How query text is read. {@code SEARCH}: words the user finished. {@code AS_YOU_TYPE}: the last
 * word may be unfinished, so it also matches as a prefix. {@code DOCUMENT}: a long text (a ticket)
 * matched by its most telling words, without typo tolerance.
 */
public enum SearchMode {
    SEARCH, AS_YOU_TYPE, DOCUMENT
}
