package org.spoc.kit.mongo;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.spoc.kit.messaging.ProcessedEvents;
import org.spoc.kit.messaging.VersionedUpserts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Mongo health by ping, processed-event marks and versioned read-model upserts. */
@AutoConfiguration(after = DataMongoAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.data.mongodb.core.MongoTemplate")
public class MongoKitAutoConfiguration {

    @Bean(name = "mongoPingHealthIndicator")
    @ConditionalOnMissingBean(name = "mongoPingHealthIndicator")
    MongoPingHealthIndicator mongoPingHealthIndicator(MongoTemplate mongo) {
        return new MongoPingHealthIndicator(mongo);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService processedEventsSweeper(ProcessedEvents processed) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("processed-events-sweep").factory());
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                processed.sweep();
            }
            catch (RuntimeException ignored) {
                // the store may be briefly unavailable; the next sweep catches up
            }
        }, 1, 60, TimeUnit.MINUTES);
        return sweeper;
    }

    @Bean
    @ConditionalOnMissingBean
    ProcessedEvents processedEvents(MongoTemplate mongo, Clock clock,
            @Value("${spoc.consume.retention:7d}") Duration retention) {
        return new ProcessedEvents(mongo, clock, retention);
    }

    @Bean
    @ConditionalOnMissingBean
    VersionedUpserts versionedUpserts(MongoTemplate mongo) {
        return new VersionedUpserts(mongo);
    }
}
