package org.spoc.knowledge.domain;

/**
 * The knowledge rules a desk may tune.
 *
 * @param publishKnownErrors publish known-error articles at once (true) or leave them as drafts for review
 * @param knownErrorAudience who reads known-error articles (their workaround)
 * @param draftAudience who reads drafts proposed from resolutions once published
 * @param minResolutionWords resolution notes with fewer meaningful words propose nothing ("fixed", "done")
 * @param coveredSimilarity a resolution at least this similar (0..1) to an article is covered by it
 * @param suggestionSize how many articles a suggestion lists
 * @param gapMinScore a search whose best hit scores below this counts as a knowledge gap
 */
public record KnowledgeSettings(boolean publishKnownErrors, Audience knownErrorAudience, Audience draftAudience,
        int minResolutionWords, double coveredSimilarity, int suggestionSize, double gapMinScore) {

    public static KnowledgeSettings defaults() {
        return new KnowledgeSettings(true, Audience.REQUESTERS, Audience.AGENTS, 5, 0.5, 5, 2.0);
    }
}
