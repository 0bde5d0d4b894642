package org.spoc.notification.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids: the same event for the same recipient on the same channel always has the same
 * notification id, so a redelivered event is an insert of an existing id (a duplicate key), never a
 * second notification. Same for a webhook delivery (webhook x event).
 */
public final class NotificationIds {

    private NotificationIds() {
    }

    public static String notification(String eventId, String recipient, Channel channel) {
        return hash("n", eventId, recipient, channel.name());
    }

    public static String delivery(String webhookId, String eventId) {
        return hash("d", webhookId, eventId);
    }

    private static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                // length-prefixed, so ("ab","c") and ("a","bc") differ
                sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
