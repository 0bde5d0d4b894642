package org.spoc.notification.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.notification.domain.IncomingEvent;
import org.spoc.notification.domain.NotificationService;
import org.spoc.notification.domain.WebhookFanOut;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the other services' events: one durable delivery per interested webhook first (the webhook
 * sender starts on it at once, while people's notifications are written), then people's notifications.
 * Both steps are idempotent by deterministic ids, so a redelivered record (after a crash, a rebalance or
 * a DLT replay) is harmless, and a failure half-way is finished by the retry.
 * Our own {@code spoc.notification.events.v1} is not consumed: forwarding it to webhooks would loop.
 */
@Component
public class EventConsumer {

    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

    private final NotificationService notifications;
    private final WebhookFanOut fanOut;
    private final WebhookWorker webhookWorker;

    EventConsumer(NotificationService notifications, WebhookFanOut fanOut, WebhookWorker webhookWorker) {
        this.notifications = notifications;
        this.fanOut = fanOut;
        this.webhookWorker = webhookWorker;
    }

    @KafkaListener(id = "notification-events", groupId = "notification-service",
            topics = { Topics.TICKET, Topics.ESCALATION, Topics.PROBLEM, Topics.KNOWLEDGE })
    void on(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEvent.from(record);
        EventType type = EventType.of(event.type()).orElse(null);
        if (type == null) {
            log.info("ignoring event {} of unknown type {} on {}", event.id(), event.type(), record.topic());
            return;
        }
        handle(toIncoming(event, type));
    }

    void handle(IncomingEvent event) {
        if (fanOut.enqueue(event) > 0) {
            webhookWorker.wake();
        }
        notifications.handle(event);
    }

    static IncomingEvent toIncoming(CloudEvent event, EventType type) {
        Object payload = event.data(type.payload());
        return new IncomingEvent(event.id(), type, event.source(), event.subject(), event.key(), event.time(),
                event.headers(), payload, event.data());
    }
}
