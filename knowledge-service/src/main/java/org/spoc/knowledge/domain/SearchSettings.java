package org.spoc.knowledge.domain;

/**
 * Tuning of the search.
 *
 * @param titleBoost weight of a match in the title against one in the body
 * @param keywordsBoost weight of a match in the keywords
 * @param fuzzyMaxTerms queries of at most this many words also match words one or two typos away
 * @param synonymWeight weight of a synonym ("wireless" for "wifi") against the word itself
 * @param maxQueryTerms a long text (a ticket) is matched by at most this many distinct words
 */
public record SearchSettings(float titleBoost, float keywordsBoost, int fuzzyMaxTerms, float synonymWeight,
        int maxQueryTerms) {

    public static SearchSettings defaults() {
        return new SearchSettings(3.0f, 2.0f, 4, 0.5f, 48);
    }
}
