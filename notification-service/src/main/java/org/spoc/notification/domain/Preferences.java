package org.spoc.notification.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One person's notification settings: per channel on/off and per kind on/off, a daily e-mail digest
 * instead of single messages, quiet hours (e-mail waits until they end; the in-app inbox always
 * fills, it does not interrupt), all on the person's own zone, and the burst collapse window.
 */
public record Preferences(String user, ZoneId zone, Map<Channel, ChannelSettings> channels, DailyDigest digest,
        QuietHours quietHours, Duration collapseWindow) {

    public Preferences {
        EnumMap<Channel, ChannelSettings> all = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            all.put(channel, channels.getOrDefault(channel, ChannelSettings.ALL_ON));
        }
        channels = Map.copyOf(all);
        if (collapseWindow.isNegative()) {
            throw new IllegalArgumentException("collapseWindow must not be negative");
        }
    }

    /** On/off for a channel, and per kind (kinds not listed are on). */
    public record ChannelSettings(boolean enabled, Map<NotificationKind, Boolean> kinds) {

        public static final ChannelSettings ALL_ON = new ChannelSettings(true, Map.of());

        public ChannelSettings {
            kinds = Map.copyOf(kinds);
        }

        public boolean allows(NotificationKind kind) {
            return enabled && kinds.getOrDefault(kind, true);
        }
    }

    /** A daily e-mail at {@code at} (the person's zone) with everything held since the last one. */
    public record DailyDigest(boolean enabled, LocalTime at) {

        /** Whether the digest of {@code now}'s local day is due, given the day the last one went out. */
        public boolean due(Instant now, ZoneId zone, @Nullable LocalDate lastSentOn) {
            if (!enabled) {
                return false;
            }
            LocalDateTime local = LocalDateTime.ofInstant(now, zone);
            return !local.toLocalTime().isBefore(at) && (lastSentOn == null || lastSentOn.isBefore(local.toLocalDate()));
        }
    }

    /** A daily span, possibly across midnight ({@code 22:00}-{@code 07:00}), when e-mail waits. */
    public record QuietHours(boolean enabled, LocalTime from, LocalTime to) {

        public boolean contains(LocalTime time) {
            if (!enabled || from.equals(to)) {
                return false;
            }
            return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
                    : !time.isBefore(from) || time.isBefore(to);
        }

        /** {@code now} when outside quiet hours, else the instant they end. */
        public Instant nextAllowed(Instant now, ZoneId zone) {
            ZonedDateTime local = now.atZone(zone);
            if (!contains(local.toLocalTime())) {
                return now;
            }
            ZonedDateTime end = ZonedDateTime.of(local.toLocalDate(), to, zone);
            if (!end.isAfter(local)) {
                end = ZonedDateTime.of(local.toLocalDate().plusDays(1), to, zone);
            }
            return end.toInstant();
        }
    }

    /** How a notification of {@code kind} goes out on {@code channel} at {@code now}. */
    public sealed interface Delivery {

        /** The person does not want it on this channel. */
        record Skip() implements Delivery {
        }

        /** Send at {@code at} (now, or when quiet hours end). */
        record At(Instant at) implements Delivery {
        }

        /** Hold for the next daily digest. */
        record Digest() implements Delivery {
        }
    }

    public Delivery delivery(Channel channel, NotificationKind kind, Instant now) {
        if (!channels.get(channel).allows(kind)) {
            return new Delivery.Skip();
        }
        if (channel == Channel.IN_APP) {
            return new Delivery.At(now);
        }
        if (digest.enabled()) {
            return new Delivery.Digest();
        }
        return new Delivery.At(quietHours.nextAllowed(now, zone));
    }

    public ChannelSettings channel(Channel channel) {
        return channels.get(channel);
    }
}
