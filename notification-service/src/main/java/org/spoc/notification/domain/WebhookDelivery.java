package org.spoc.notification.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;

/**
 * One event owed to one webhook (collection {@code webhook_deliveries}), written when the event is
 * consumed, under the id {@link NotificationIds#delivery}(webhook, event) so a redelivered event is
 * owed once. It is retried until {@code retryUntil} or the attempt budget, whichever
 * comes first. {@code seq} orders the deliveries of a webhook; those sharing an {@code orderKey} (the
 * record key: the ticket or problem id) go out strictly one after another. {@code log} lists every
 * attempt.
 */
public record WebhookDelivery(
        @Id String id,
        String webhookId,
        String eventId,
        String eventType,
        String source,
        String subject,
        String orderKey,
        Instant eventTime,
        String data,
        Map<String, String> extensions,
        long seq,
        State state,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant retryUntil,
        @Nullable Instant deliveredAt,
        List<Attempt> log) {

    public WebhookDelivery {
        extensions = Map.copyOf(extensions);
        log = List.copyOf(log);
    }

    public enum State {
        PENDING, SENDING, DELIVERED,
        /** The retry budget is spent; a replay puts it back in the queue. */
        DEAD,
        /** The webhook was deleted before delivery. */
        CANCELLED
    }

    /** One try: when, the HTTP status (absent when no response came), how long, and what went wrong. */
    public record Attempt(int number, Instant at, @Nullable Integer status, long latencyMillis, @Nullable String error) {
    }
}
