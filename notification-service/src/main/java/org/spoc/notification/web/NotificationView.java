package org.spoc.notification.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.spoc.notification.domain.Notification;
import org.spoc.notification.domain.NotificationKind;

/** An in-app notification as its recipient sees it. {@code seq} is the live stream's event id. */
public record NotificationView(String id, NotificationKind kind, String title, String text, String subject,
        @Nullable String reference, String eventType, List<String> eventIds, Instant eventTime, Instant createdAt,
        long seq, boolean read, @Nullable Instant readAt) {

    static NotificationView of(Notification n) {
        return new NotificationView(n.id(), n.kind(), n.title(), n.text(), n.subject(), n.reference(), n.eventType(),
                n.eventIds(), n.eventTime(), n.createdAt(), n.seq(), n.readAt() != null, n.readAt());
    }
}
