package org.spoc.escalation.domain;

import java.time.Instant;
import java.util.Map;

import org.spoc.events.EventType;

/** An event a state change caused, to be stored in the same write as the change and published. */
public record PendingEvent(EventType type, Object data, Map<String, String> headers, Instant time) {

    public PendingEvent {
        headers = Map.copyOf(headers);
    }
}
