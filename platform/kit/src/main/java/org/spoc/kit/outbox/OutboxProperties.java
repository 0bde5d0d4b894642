package org.spoc.kit.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often the relay looks for unpublished events when nobody wakes it: writers in
 *        the same process wake it at once, so the poll only catches other replicas' leftovers and
 *        events left by a crash (a crashed replica's lease keeps its claims 30 s anyway). Each poll reads
 *        every outbox collection: at 0.5 s the polls of an idle local stack's five services were a fifth of
 *        its idle CPU
 * @param lease how long a replica owns a document it is publishing before another may take over
 * @param batchSize documents claimed per pass and collection
 * @param sendTimeout how long to wait for Kafka's acknowledgement before retrying on a later pass
 */
@ConfigurationProperties("spoc.outbox")
public record OutboxProperties(
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("200") int batchSize,
        @DefaultValue("30s") Duration sendTimeout) {
}
