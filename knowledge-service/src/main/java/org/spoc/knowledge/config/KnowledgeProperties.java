package org.spoc.knowledge.config;

import java.time.Duration;

import org.spoc.knowledge.domain.Audience;
import org.spoc.knowledge.domain.KnowledgeSettings;
import org.spoc.knowledge.domain.SearchSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code spoc.knowledge}, with defaults a newcomer can run with.
 *
 * @param dataDir where the index lives in memory-mapped files (env {@code SPOC_DATA_DIR}); blank: on the heap
 * @param syncInterval how often a replica catches up on changes no event announces (drafts)
 * @param indexGroupPrefix each replica reads the knowledge topic in its own consumer group with this prefix
 */
@ConfigurationProperties("spoc.knowledge")
public record KnowledgeProperties(
        @DefaultValue("") String dataDir,
        @DefaultValue("2s") Duration syncInterval,
        @DefaultValue("knowledge-index-") String indexGroupPrefix,
        @DefaultValue Seed seed,
        @DefaultValue Search search,
        @DefaultValue KnownErrors knownErrors,
        @DefaultValue Drafts drafts,
        @DefaultValue Suggestions suggestions) {

    /** @param enabled load the starter articles from {@code classpath:seed/*.md} when the collection is empty */
    public record Seed(@DefaultValue("true") boolean enabled) {
    }

    public record Search(@DefaultValue("3.0") float titleBoost, @DefaultValue("2.0") float keywordsBoost,
            @DefaultValue("4") int fuzzyMaxTerms, @DefaultValue("0.5") float synonymWeight,
            @DefaultValue("48") int maxQueryTerms, @DefaultValue("2.0") double gapMinScore,
            @DefaultValue("50") int maxPageSize) {
    }

    public record KnownErrors(@DefaultValue("true") boolean publish, @DefaultValue("REQUESTERS") Audience audience) {
    }

    public record Drafts(@DefaultValue("AGENTS") Audience audience, @DefaultValue("5") int minResolutionWords,
            @DefaultValue("0.5") double coveredSimilarity) {
    }

    public record Suggestions(@DefaultValue("5") int size) {
    }

    public SearchSettings searchSettings() {
        return new SearchSettings(search.titleBoost(), search.keywordsBoost(), search.fuzzyMaxTerms(),
                search.synonymWeight(), search.maxQueryTerms());
    }

    public KnowledgeSettings knowledgeSettings() {
        return new KnowledgeSettings(knownErrors.publish(), knownErrors.audience(), drafts.audience(),
                drafts.minResolutionWords(), drafts.coveredSimilarity(), suggestions.size(), search.gapMinScore());
    }
}
