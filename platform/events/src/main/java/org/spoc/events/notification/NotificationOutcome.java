package org.spoc.events.notification;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** Payload of {@code spoc.notification.delivered.v1} and {@code .failed.v1}. */
public record NotificationOutcome(String notificationId, String channel, String recipient, String sourceEventId,
        String sourceEventType, @Nullable String subject, int attempts, @Nullable Integer statusCode,
        @Nullable String error, long latencyMillis, Instant at) {
}
