package org.spoc.knowledge.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.knowledge.domain.IndexSync;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps this replica's index current from {@code spoc.knowledge.events.v1}: every replica reads the
 * topic in its own consumer group (from the latest offset; the store rebuild covers the past) and
 * indexes the stored state of the article each event names. Replays and reorders change nothing:
 * the index keeps the newest revision.
 */
@Component
class KnowledgeIndexListener {

    private final IndexSync sync;

    KnowledgeIndexListener(IndexSync sync) {
        this.sync = sync;
    }

    @KafkaListener(id = "knowledge-index", topics = Topics.KNOWLEDGE, groupId = "#{@knowledgeIndexGroupId}",
            properties = "auto.offset.reset=latest")
    void on(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEvent.from(record);
        boolean articleEvent = EventType.KNOWLEDGE_PUBLISHED.type().equals(event.type())
                || EventType.KNOWLEDGE_RETIRED.type().equals(event.type())
                || EventType.KNOWLEDGE_DRAFT_PROPOSED.type().equals(event.type());
        if (articleEvent) {
            sync.indexStored(event.subject());
        }
    }
}
