package org.spoc.notification.domain;

import org.jspecify.annotations.Nullable;

/**
 * One person to notify about one event, before preferences decide the channels.
 *
 * @param subject the ticket or problem the notification is about (the collapse key)
 * @param reference its human-readable number, for titles
 * @param title a one-line summary (the e-mail subject)
 * @param text the message body as plain text
 */
public record Intent(String recipient, NotificationKind kind, String subject, @Nullable String reference, String title,
        String text) {
}
