package org.spoc.kit.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often the relay looks for unpublished events when nobody wakes it: writers in
 *        the same process wake it at once, so the poll only catches other replicas' leftovers and
 *        events left by a crash (the embedded store serves this query with a scan, so keep it calm)
 * @param lease how long a replica owns a document it is publishing before another may take over
 * @param batchSize documents claimed per pass and collection
 * @param sendTimeout how long to wait for Kafka's acknowledgement before retrying on a later pass
 */
@ConfigurationProperties("spoc.outbox")
public record OutboxProperties(
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("200") int batchSize,
        @DefaultValue("30s") Duration sendTimeout) {
}
