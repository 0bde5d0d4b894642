package org.spoc.escalation.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.escalation.EscalationRaised;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Every replica reads the escalations published by any replica (its own consumer group, from the
 * latest offset) and hands them to its server-sent-event streams.
 */
@Component
class EscalationStreamListener {

    private final ApplicationEventPublisher publisher;

    EscalationStreamListener(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @KafkaListener(topics = Topics.ESCALATION, groupId = "escalation-stream-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void on(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEvent.from(record);
        if (EventType.ESCALATION_RAISED.type().equals(event.type())) {
            publisher.publishEvent(new EscalationBroadcast(event.id(), event.data(EscalationRaised.class)));
        }
    }
}
