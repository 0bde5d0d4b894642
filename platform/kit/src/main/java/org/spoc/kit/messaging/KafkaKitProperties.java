package org.spoc.kit.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param partitions partitions of each SPOC topic created at start (see docs on the partition plan)
 * @param replicationFactor replication of created topics (1 on a laptop, 3 in production)
 * @param retry bounded retries of a failing record before it goes to the dead-letter topic
 * @param concurrency listener threads per container (never above the partition count)
 */
@ConfigurationProperties("spoc.kafka")
public record KafkaKitProperties(
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue Retry retry,
        @DefaultValue("1") int concurrency) {

    public record Retry(@DefaultValue("4") int attempts, @DefaultValue("200ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier, @DefaultValue("5s") Duration maxInterval) {
    }
}
