package org.spoc.knowledge.domain;

/** How one article does: read, shown as a suggestion, opened from one, voted on, and tickets it deflected. */
public record ArticleStats(String articleId, long views, long shown, long opened, long helpful, long notHelpful,
        long deflections) {

    /** Share of votes that found it helpful, or -1 without votes. */
    public double helpfulness() {
        long votes = helpful + notHelpful;
        return votes == 0 ? -1 : (double) helpful / votes;
    }
}
