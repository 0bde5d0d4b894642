package org.spoc.notification.domain;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;

/**
 * One message to one person on one channel (collection {@code notifications}). The id is
 * {@link NotificationIds#notification} of the first event, so a redelivered event is a duplicate key.
 * Collapsed bursts list every event they absorbed in {@code eventIds}. In-app notifications carry the
 * recipient's stream sequence {@code seq}, raised again whenever the notification changes, so a live
 * stream resumes from {@code Last-Event-ID}. E-mails carry their delivery state.
 */
public record Notification(
        @Id String id,
        String recipient,
        Channel channel,
        NotificationKind kind,
        String subject,
        @Nullable String reference,
        String title,
        String text,
        List<String> eventIds,
        String eventType,
        Instant eventTime,
        Instant createdAt,
        long seq,
        @Nullable Instant readAt,
        @Nullable String email,
        @Nullable EmailState state,
        @Nullable Instant dueAt,
        int attempts,
        @Nullable Instant sentAt,
        @Nullable String lastError) {

    public Notification {
        eventIds = List.copyOf(eventIds);
    }

    /** Where an e-mail stands. */
    public enum EmailState {
        /** Waiting for its due time (quiet hours, burst collapse window, retry back-off). */
        PENDING,
        /** Claimed by a sender. */
        SENDING,
        /** Held for the recipient's daily digest. */
        DIGEST,
        SENT,
        /** Gave up after the retry budget. */
        FAILED
    }

    public boolean unread() {
        return readAt == null;
    }
}
