package org.spoc.kit.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param partitions partitions of each SPOC topic created at start (see docs on the partition plan)
 * @param replicationFactor replication of created topics (1 on a laptop, 3 in production)
 * @param retry bounded retries of a failing record before it goes to the dead-letter topic
 * @param concurrency listener threads per container (never above the partition count)
 * @param commitInterval how often a listener container commits the offsets of the records it handled;
 *        zero commits after every poll. Every SPOC consumer is idempotent, so a crash between commits
 *        only means records handled again; a revoked partition's offsets are committed on hand-over.
 *        At a record or two per poll, a commit per poll was about a sixth of the broker's CPU.
 */
@ConfigurationProperties("spoc.kafka")
public record KafkaKitProperties(
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue Retry retry,
        @DefaultValue("1") int concurrency,
        @DefaultValue("1s") Duration commitInterval) {

    public record Retry(@DefaultValue("4") int attempts, @DefaultValue("200ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier, @DefaultValue("5s") Duration maxInterval) {
    }
}
