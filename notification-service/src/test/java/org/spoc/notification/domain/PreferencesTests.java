package org.spoc.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PreferencesTests {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Preferences prefs(Preferences.QuietHours quiet, Preferences.DailyDigest digest,
            Map<Channel, Preferences.ChannelSettings> channels) {
        return new Preferences("alice", BERLIN, channels, digest, quiet, Duration.ofSeconds(30));
    }

    static final Preferences.QuietHours NIGHT = new Preferences.QuietHours(true, LocalTime.of(22, 0), LocalTime.of(7, 0));
    static final Preferences.DailyDigest NO_DIGEST = new Preferences.DailyDigest(false, LocalTime.of(8, 0));

    @Test
    void holdsEmailUntilQuietHoursEndInTheUsersZone() {
        Preferences p = prefs(NIGHT, NO_DIGEST, Map.of());
        Instant lateEvening = Instant.parse("2026-03-02T22:30:00Z"); // 23:30 in Berlin

        assertThat(p.delivery(Channel.EMAIL, NotificationKind.PUBLIC_COMMENT, lateEvening))
                .isEqualTo(new Preferences.Delivery.At(Instant.parse("2026-03-03T06:00:00Z")));
        assertThat(p.delivery(Channel.IN_APP, NotificationKind.PUBLIC_COMMENT, lateEvening))
                .isEqualTo(new Preferences.Delivery.At(lateEvening));
    }

    @Test
    void sendsAtOnceOutsideQuietHours() {
        Preferences p = prefs(NIGHT, NO_DIGEST, Map.of());
        Instant morning = Instant.parse("2026-03-02T08:00:00Z"); // 09:00 in Berlin

        assertThat(p.delivery(Channel.EMAIL, NotificationKind.PUBLIC_COMMENT, morning))
                .isEqualTo(new Preferences.Delivery.At(morning));
    }

    @Test
    void endsQuietHoursOnTheSameDayAfterMidnight() {
        Preferences.QuietHours q = NIGHT;
        Instant earlyMorning = Instant.parse("2026-03-03T03:00:00Z"); // 04:00 in Berlin

        assertThat(q.nextAllowed(earlyMorning, BERLIN)).isEqualTo(Instant.parse("2026-03-03T06:00:00Z"));
    }

    @Test
    void skipsChannelsAndKindsTheUserSwitchedOff() {
        Preferences p = prefs(NIGHT, NO_DIGEST, Map.of(Channel.EMAIL, new Preferences.ChannelSettings(false, Map.of()),
                Channel.IN_APP, new Preferences.ChannelSettings(true, Map.of(NotificationKind.SLA_WARNING, false))));
        Instant now = Instant.parse("2026-03-02T08:00:00Z");

        assertThat(p.delivery(Channel.EMAIL, NotificationKind.TICKET_OPENED, now))
                .isInstanceOf(Preferences.Delivery.Skip.class);
        assertThat(p.delivery(Channel.IN_APP, NotificationKind.SLA_WARNING, now))
                .isInstanceOf(Preferences.Delivery.Skip.class);
        assertThat(p.delivery(Channel.IN_APP, NotificationKind.SLA_BREACHED, now))
                .isInstanceOf(Preferences.Delivery.At.class);
    }

    @Test
    void holdsEmailForTheDigestAndSendsItOncePerLocalDay() {
        Preferences.DailyDigest digest = new Preferences.DailyDigest(true, LocalTime.of(8, 0));
        Preferences p = prefs(NIGHT, digest, Map.of());
        Instant before = Instant.parse("2026-03-02T06:59:00Z"); // 07:59 Berlin
        Instant after = Instant.parse("2026-03-02T07:00:00Z"); // 08:00 Berlin

        assertThat(p.delivery(Channel.EMAIL, NotificationKind.TICKET_RESOLVED, before))
                .isInstanceOf(Preferences.Delivery.Digest.class);
        assertThat(digest.due(before, BERLIN, null)).isFalse();
        assertThat(digest.due(after, BERLIN, null)).isTrue();
        assertThat(digest.due(after, BERLIN, LocalDate.of(2026, 3, 2))).isFalse();
        assertThat(digest.due(after, BERLIN, LocalDate.of(2026, 3, 1))).isTrue();
    }
}
