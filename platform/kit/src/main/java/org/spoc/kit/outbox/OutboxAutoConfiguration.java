package org.spoc.kit.outbox;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.spoc.kit.messaging.KafkaKitAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/** Starts the outbox relay in services that declare {@link OutboxCollections}. */
@AutoConfiguration(after = { DataMongoAutoConfiguration.class, KafkaKitAutoConfiguration.class })
@ConditionalOnClass(name = { "org.springframework.data.mongodb.core.MongoTemplate",
        "org.springframework.kafka.core.KafkaTemplate" })
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    @Bean
    @ConditionalOnBean(OutboxCollections.class)
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(MongoTemplate mongo, KafkaTemplate<String, byte[]> kafka, OutboxCollections collections,
            OutboxProperties properties, Clock clock, MeterRegistry meters,
            ObjectProvider<OutboxWriteListener> writes) {
        OutboxRelay relay = new OutboxRelay(mongo, kafka, collections, properties, clock, meters);
        writes.ifAvailable(listener -> listener.attach(relay));
        return relay;
    }

    @Bean
    @ConditionalOnBean(OutboxCollections.class)
    OutboxWriteListener outboxWriteListener(OutboxCollections collections) {
        return new OutboxWriteListener(collections);
    }

    @Bean
    @ConditionalOnBean(OutboxCollections.class)
    MongoClientSettingsBuilderCustomizer outboxWriteListenerCustomizer(OutboxWriteListener listener) {
        return settings -> settings.addCommandListener(listener);
    }
}
