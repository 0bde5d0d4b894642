package org.spoc.kit.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often the relay looks for unpublished events when nobody wakes it
 * @param lease how long a replica owns a document it is publishing before another may take over
 * @param batchSize documents claimed per pass and collection
 * @param sendTimeout how long to wait for Kafka's acknowledgement before retrying on a later pass
 */
@ConfigurationProperties("spoc.outbox")
public record OutboxProperties(
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("200") int batchSize,
        @DefaultValue("30s") Duration sendTimeout) {
}
