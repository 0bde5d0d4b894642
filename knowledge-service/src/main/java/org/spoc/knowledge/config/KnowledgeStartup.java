package org.spoc.knowledge.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.knowledge.domain.ArticleService;
import org.spoc.knowledge.domain.ArticleStore;
import org.spoc.knowledge.domain.IndexSync;
import org.spoc.knowledge.domain.KnowledgeStats;
import org.spoc.knowledge.domain.SeedArticle;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * At start: loads the starter articles into an empty store (unless disabled), then builds this
 * replica's index from the store; the service reports ready only after (runners finish before
 * readiness). Afterwards catches up on changes no event announces, every {@code sync-interval}.
 */
@Component
class KnowledgeStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeStartup.class);

    private final KnowledgeProperties properties;
    private final ArticleStore store;
    private final ArticleService articles;
    private final IndexSync sync;
    private final KnowledgeStats stats;

    KnowledgeStartup(KnowledgeProperties properties, ArticleStore store, ArticleService articles, IndexSync sync,
            KnowledgeStats stats) {
        this.properties = properties;
        this.store = store;
        this.articles = articles;
        this.sync = sync;
        this.stats = stats;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.seed().enabled() && store.count() == 0) {
            int added = 0;
            for (Resource resource : seedFiles()) {
                added += articles.seed(SeedArticle.parse(resource.getFilename(), read(resource))) ? 1 : 0;
            }
            log.info("loaded {} starter articles", added);
        }
        long started = System.nanoTime();
        int indexed = sync.rebuild();
        log.info("indexed {} articles in {} ms", indexed, (System.nanoTime() - started) / 1_000_000);
        stats.refreshRate();
    }

    @Scheduled(fixedDelayString = "${spoc.knowledge.sync-interval:2s}", initialDelayString = "${spoc.knowledge.sync-interval:2s}")
    void catchUp() {
        if (sync.ready()) {
            try {
                sync.catchUp();
            }
            catch (RuntimeException ex) {
                log.warn("index catch-up failed, will retry: {}", ex.toString());
            }
        }
    }

    @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
    void refreshRate() {
        try {
            stats.refreshRate();
        }
        catch (RuntimeException ex) {
            log.debug("deflection rate refresh failed: {}", ex.toString());
        }
    }

    private static Resource[] seedFiles() {
        try {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:seed/*.md");
            Arrays.sort(files, Comparator.comparing(r -> String.valueOf(r.getFilename())));
            return files;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String read(Resource resource) {
        try {
            return resource.getContentAsString(StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
