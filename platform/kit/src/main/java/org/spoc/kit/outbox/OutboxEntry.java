package org.spoc.kit.outbox;

import java.time.Instant;
import java.util.Map;

import org.spoc.events.CloudEvent;

/**
 * An event waiting inside its aggregate's document (field {@code outbox}) to be published. It is
 * written in the same document write as the state change that caused it, and removed by the
 * {@link OutboxRelay} once Kafka has acknowledged it. The data is the exact JSON to publish, so a
 * re-publish after a crash is the same event with the same {@code ce_id}.
 */
public record OutboxEntry(
        String eventId,
        String topic,
        String key,
        String type,
        String source,
        String subject,
        Instant time,
        String data,
        Map<String, String> headers) {

    public static final String FIELD = "outbox";

    public OutboxEntry {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static OutboxEntry of(CloudEvent event) {
        return new OutboxEntry(event.id(), event.topic(), event.key(), event.type(), event.source(), event.subject(),
                event.time(), event.data(), event.headers());
    }

    public CloudEvent toCloudEvent() {
        return new CloudEvent(eventId, type, source, subject, time, topic, key, data, headers);
    }
}
