package org.spoc.notification.domain;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.events.EventType;

/**
 * An event of the contract as the domain sees it: the CloudEvents attributes and the typed payload
 * record of {@link EventType#payload()}. {@code data} is the exact JSON, forwarded verbatim to webhooks.
 */
public record IncomingEvent(String id, EventType type, String source, String subject, String key, Instant time,
        Map<String, String> headers, Object payload, String data) {

    public IncomingEvent {
        headers = Map.copyOf(headers);
    }

    public <T> T payload(Class<T> type) {
        return type.cast(payload);
    }

    public @Nullable String header(String name) {
        return headers.get(name);
    }
}
