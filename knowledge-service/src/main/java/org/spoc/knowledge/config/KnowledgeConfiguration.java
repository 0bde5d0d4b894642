package org.spoc.knowledge.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.spoc.kit.outbox.OutboxCollections;
import org.spoc.knowledge.domain.Article;
import org.spoc.knowledge.domain.ArticleService;
import org.spoc.knowledge.domain.ArticleStore;
import org.spoc.knowledge.domain.IndexSync;
import org.spoc.knowledge.domain.KnowledgeStats;
import org.spoc.knowledge.domain.SearchIndex;
import org.spoc.knowledge.domain.TicketSuggestions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The knowledge domain's beans. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class KnowledgeConfiguration {

    @Bean
    OutboxCollections outboxCollections() {
        return OutboxCollections.of(Article.COLLECTION, TicketSuggestions.COLLECTION);
    }

    @Bean(destroyMethod = "close")
    SearchIndex searchIndex(KnowledgeProperties properties) {
        if (properties.dataDir().isBlank()) {
            return SearchIndex.inMemory(properties.searchSettings());
        }
        return SearchIndex.onDisk(Path.of(properties.dataDir(), "knowledge-index"), properties.searchSettings());
    }

    @Bean
    ArticleStore articleStore(MongoTemplate mongo) {
        return new ArticleStore(mongo);
    }

    @Bean
    ArticleService articleService(ArticleStore store, SearchIndex index, Clock clock, KnowledgeProperties properties) {
        return new ArticleService(store, index, clock, properties.knowledgeSettings());
    }

    @Bean
    TicketSuggestions ticketSuggestions(SearchIndex index, ArticleStore store, MongoTemplate mongo, Clock clock,
            KnowledgeProperties properties) {
        return new TicketSuggestions(index, store, mongo, clock, properties.knowledgeSettings());
    }

    @Bean
    KnowledgeStats knowledgeStats(MongoTemplate mongo, Clock clock, MeterRegistry meters) {
        return new KnowledgeStats(mongo, clock, meters);
    }

    @Bean
    IndexSync indexSync(ArticleStore store, SearchIndex index) {
        return new IndexSync(store, index);
    }

    /** This replica's own consumer group on the knowledge topic, so every replica sees every event. */
    @Bean
    String knowledgeIndexGroupId(KnowledgeProperties properties) {
        return properties.indexGroupPrefix() + UUID.randomUUID();
    }
}
