package org.spoc.notification.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.notification.domain.Backoff;
import org.spoc.notification.domain.Channel;
import org.spoc.notification.domain.Directory;
import org.spoc.notification.domain.NotificationKind;
import org.spoc.notification.domain.Preferences;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code spoc.notification}; every one has a default a newcomer can run with (see
 * application.yml and the README).
 *
 * @param maxEventAge events older than this (event time) notify nobody: imports and old replays stay silent
 * @param disabledKinds notification kinds nobody receives
 * @param cacheTtl how long a replica reuses the preferences and webhooks it read for routing events; its
 *        own changes apply at once, another replica's within this time ({@code 0s}: read every time)
 */
@ConfigurationProperties("spoc.notification")
public record NotificationProperties(
        @DefaultValue("P2D") Duration maxEventAge,
        @DefaultValue List<NotificationKind> disabledKinds,
        @DefaultValue("5s") Duration cacheTtl,
        @DefaultValue DirectorySettings directory,
        @DefaultValue PreferenceDefaults defaults,
        @DefaultValue Stream stream,
        @DefaultValue Mail mail,
        @DefaultValue Webhooks webhooks) {

    /** People, groups and problem managers; users not listed get {@code <name>@<defaultEmailDomain>}. */
    public record DirectorySettings(
            @DefaultValue("spoc.local") String defaultEmailDomain,
            @DefaultValue("UTC") String defaultZone,
            @DefaultValue Map<String, PersonSettings> people,
            @DefaultValue Map<String, GroupSettings> groups,
            @DefaultValue List<String> problemManagers) {

        public Directory toDirectory() {
            Map<String, Directory.Person> persons = new LinkedHashMap<>();
            people.forEach((name, p) -> persons.put(name,
                    new Directory.Person(p.email(), p.zone() == null ? null : ZoneId.of(p.zone()))));
            Map<String, Directory.Group> teams = new LinkedHashMap<>();
            groups.forEach((name, g) -> teams.put(name, new Directory.Group(g.members(), g.manager())));
            return new Directory(persons, teams, problemManagers, defaultEmailDomain, ZoneId.of(defaultZone));
        }
    }

    public record PersonSettings(@Nullable String email, @Nullable String zone) {
    }

    public record GroupSettings(@DefaultValue List<String> members, @Nullable String manager) {
    }

    /** Preferences of a user who never saved any. */
    public record PreferenceDefaults(
            @DefaultValue("true") boolean inApp,
            @DefaultValue("true") boolean email,
            @DefaultValue List<NotificationKind> emailOff,
            @DefaultValue("false") boolean digest,
            @DefaultValue("08:00") String digestAt,
            @DefaultValue("false") boolean quietHours,
            @DefaultValue("22:00") String quietFrom,
            @DefaultValue("07:00") String quietTo,
            @DefaultValue("30s") Duration collapseWindow) {

        public Preferences toTemplate() {
            Map<NotificationKind, Boolean> off = new LinkedHashMap<>();
            emailOff.forEach(kind -> off.put(kind, false));
            return new Preferences("*", ZoneId.of("UTC"),
                    Map.of(Channel.IN_APP, new Preferences.ChannelSettings(inApp, Map.of()),
                            Channel.EMAIL, new Preferences.ChannelSettings(email, off)),
                    new Preferences.DailyDigest(digest, LocalTime.parse(digestAt)),
                    new Preferences.QuietHours(quietHours, LocalTime.parse(quietFrom), LocalTime.parse(quietTo)),
                    collapseWindow);
        }
    }

    /** The live stream: how often it looks for changes made by other replicas, and keep-alives. */
    public record Stream(
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("15s") Duration heartbeat,
            @DefaultValue("30m") Duration timeout,
            @DefaultValue("100") int replayLimit,
            @DefaultValue("5") int maxPerUser) {
    }

    /** E-mail over SMTP ({@code spring.mail.*}); {@code enabled=false} queues no e-mail at all. */
    public record Mail(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("SPOC Service Desk <spoc@spoc.local>") String from,
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("6") int maxAttempts,
            @DefaultValue BackoffSettings backoff,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("200") int digestLimit) {
    }

    public record Webhooks(
            @DefaultValue List<String> allowedHosts,
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("10s") Duration requestTimeout,
            @DefaultValue("15") int maxAttempts,
            @DefaultValue("24h") Duration retryFor,
            @DefaultValue("5m") Duration lease,
            @DefaultValue("200") int batchSize,
            @DefaultValue BackoffSettings backoff,
            @DefaultValue Breaker breaker,
            @DefaultValue("4") int maxConcurrentPerEndpoint) {
    }

    public record BackoffSettings(
            @DefaultValue("5s") Duration initial,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("15m") Duration max,
            @DefaultValue("0.2") double jitter) {

        public Backoff toBackoff() {
            return new Backoff(initial, multiplier, max, jitter);
        }
    }

    /** Per-endpoint circuit breaker: opens at the failure rate over the last calls, probes after the wait. */
    public record Breaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("10") int slidingWindow,
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("30s") Duration waitInOpen,
            @DefaultValue("1") int halfOpenCalls) {
    }
}
