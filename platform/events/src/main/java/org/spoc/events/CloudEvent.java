package org.spoc.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * A CloudEvents 1.0 event in the Kafka binary binding: the record value is the JSON data, the
 * attributes are {@code ce_*} headers, the key is the subject's aggregate id (a ticket or problem)
 * so all events of one aggregate stay in order. {@code headers} are extra record headers such as
 * {@code spoc_team}. The data is kept as the exact JSON text, so a re-publish is byte-identical.
 */
public record CloudEvent(
        String id,
        String type,
        String source,
        String subject,
        Instant time,
        String topic,
        String key,
        String data,
        Map<String, String> headers) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public static final String H_SPECVERSION = "ce_specversion";
    public static final String H_ID = "ce_id";
    public static final String H_SOURCE = "ce_source";
    public static final String H_TYPE = "ce_type";
    public static final String H_TIME = "ce_time";
    public static final String H_SUBJECT = "ce_subject";
    public static final String H_CONTENT_TYPE = "content-type";
    /** Extension headers of {@code spoc.escalation.raised.v1}. */
    public static final String H_TEAM = "spoc_team";
    public static final String H_TIER = "spoc_tier";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        headers = Map.copyOf(headers);
    }

    /** A new event of {@code type} about {@code subject}, keyed by the subject, at {@code time}. */
    public static CloudEvent of(EventType type, String subject, Object data, Instant time) {
        return of(type, subject, subject, data, time, Map.of());
    }

    public static CloudEvent of(EventType type, String subject, String key, Object data, Instant time,
            Map<String, String> headers) {
        if (!type.payload().isInstance(data)) {
            throw new IllegalArgumentException(type.type() + " carries " + type.payload().getSimpleName()
                    + ", not " + data.getClass().getSimpleName());
        }
        return new CloudEvent(UUID.randomUUID().toString(), type.type(), type.source(), subject, time, type.topic(),
                key, EventJson.write(data), headers);
    }

    public ProducerRecord<String, byte[]> toProducerRecord() {
        RecordHeaders h = new RecordHeaders();
        put(h, H_SPECVERSION, SPEC_VERSION);
        put(h, H_ID, id);
        put(h, H_SOURCE, source);
        put(h, H_TYPE, type);
        put(h, H_TIME, time.toString());
        put(h, H_SUBJECT, subject);
        put(h, H_CONTENT_TYPE, CONTENT_TYPE);
        headers.forEach((name, value) -> put(h, name, value));
        return new ProducerRecord<>(topic, null, key, data.getBytes(StandardCharsets.UTF_8), h);
    }

    /**
     * Reads a record of the binary binding.
     * @throws InvalidEventException when a required attribute is missing or malformed
     */
    public static CloudEvent from(ConsumerRecord<String, byte[]> record) {
        Headers h = record.headers();
        String spec = header(h, H_SPECVERSION);
        if (spec != null && !SPEC_VERSION.equals(spec)) {
            throw new InvalidEventException("unsupported ce_specversion " + spec);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (Header header : h) {
            if (!header.key().startsWith("ce_") && !header.key().equals(H_CONTENT_TYPE) && header.value() != null) {
                extra.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        String time = required(h, H_TIME);
        Instant instant;
        try {
            instant = Instant.parse(time);
        }
        catch (DateTimeParseException ex) {
            throw new InvalidEventException("ce_time is not an RFC 3339 instant: " + time, ex);
        }
        if (record.value() == null) {
            throw new InvalidEventException("record has no data");
        }
        String subject = required(h, H_SUBJECT);
        return new CloudEvent(required(h, H_ID), required(h, H_TYPE), required(h, H_SOURCE), subject, instant,
                record.topic(), record.key() != null ? record.key() : subject,
                new String(record.value(), StandardCharsets.UTF_8), extra);
    }

    /** The payload as the record of this event's type. */
    public <T> T data(Class<T> type) {
        return EventJson.read(data, type);
    }

    public <T> T data(EventType expected, Class<T> type) {
        if (!expected.type().equals(this.type)) {
            throw new InvalidEventException("expected " + expected.type() + " but was " + this.type);
        }
        return data(type);
    }

    public @Nullable String header(String name) {
        return headers.get(name);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static @Nullable String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String required(Headers headers, String name) {
        String value = header(headers, name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("record lacks CloudEvents header " + name);
        }
        return value;
    }
}
