package org.spoc.kit.outbox;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;

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

    /**
     * The stored form the relay reads, for services that write documents with the driver directly
     * (Spring Data's mapping of this record gives the same form).
     */
    public Document toDocument() {
        return new Document("eventId", eventId).append("topic", topic).append("key", key).append("type", type)
                .append("source", source).append("subject", subject).append("time", Date.from(time))
                .append("data", data).append("headers", new Document(new LinkedHashMap<>(headers)));
    }

    public static Document toDocument(CloudEvent event) {
        return of(event).toDocument();
    }

    /** Reads the stored form back. */
    public static OutboxEntry fromDocument(Document d) {
        Object storedTime = d.get("time");
        Instant instant = storedTime instanceof Date date ? date.toInstant() : Instant.parse(String.valueOf(storedTime));
        Map<String, String> headers = new LinkedHashMap<>();
        if (d.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        return new OutboxEntry(d.getString("eventId"), d.getString("topic"), d.getString("key"), d.getString("type"),
                d.getString("source"), d.getString("subject"), instant, d.getString("data"), headers);
    }
}
