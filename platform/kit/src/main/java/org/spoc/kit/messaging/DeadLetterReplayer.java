package org.spoc.kit.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.spoc.events.Topics;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Puts what sits in {@code <topic>.DLT} back onto {@code <topic>} once the cause is fixed: every
 * record up to the end offsets at the moment of the call, with its original key, value and
 * CloudEvents headers (the dead-letter headers are dropped), committing progress in its own consumer
 * group so a second call replays only what arrived since.
 */
public class DeadLetterReplayer {

    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";

    private final Map<String, Object> consumerConfig;
    private final KafkaTemplate<String, byte[]> template;
    private final String groupId;

    public DeadLetterReplayer(Map<String, Object> consumerConfig, KafkaTemplate<String, byte[]> template,
            String groupId) {
        this.consumerConfig = consumerConfig;
        this.template = template;
        this.groupId = groupId;
    }

    /** Replays the dead letters of {@code topic} (the origin topic, not the .DLT); returns how many. */
    public int replay(String topic) {
        if (!Topics.ALL.contains(topic)) {
            throw new IllegalArgumentException("unknown topic " + topic);
        }
        String dlt = Topics.deadLetter(topic);
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int replayed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(dlt, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(dlt, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                if (c != null) {
                    consumer.seek(tp, c.offset());
                }
                else {
                    consumer.seekToBeginning(List.of(tp));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    RecordHeaders headers = new RecordHeaders();
                    for (Header header : record.headers()) {
                        if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
                            headers.add(header);
                        }
                    }
                    template.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers)).join();
                    replayed++;
                }
                consumer.commitSync();
            }
            consumer.commitSync();
        }
        return replayed;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
