package org.spoc.notification.web;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.notification.domain.Channel;
import org.spoc.notification.domain.NotificationKind;
import org.spoc.notification.domain.PreferenceStore;
import org.spoc.notification.domain.Preferences;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /api/notification-preferences}: the caller's own settings. PUT replaces them; a
 * member left out takes its default. The GET body can be edited and PUT back as it is.
 */
@RestController
@RequestMapping("/api/notification-preferences")
class PreferencesController {

    static final Duration MAX_COLLAPSE_WINDOW = Duration.ofHours(1);

    private final PreferenceStore store;

    PreferencesController(PreferenceStore store) {
        this.store = store;
    }

    record ChannelBody(@Nullable Boolean enabled, @Nullable Map<NotificationKind, Boolean> kinds) {
    }

    record DigestBody(@Nullable Boolean enabled, @Nullable LocalTime at) {
    }

    record QuietHoursBody(@Nullable Boolean enabled, @Nullable LocalTime from, @Nullable LocalTime to) {
    }

    record PreferencesBody(@Nullable ZoneId zone, @Nullable Map<Channel, ChannelBody> channels,
            @Nullable DigestBody digest, @Nullable QuietHoursBody quietHours, @Nullable Duration collapseWindow) {
    }

    @GetMapping
    PreferencesBody get(CurrentUser user) {
        return view(store.stored(user.username()));
    }

    @PutMapping
    PreferencesBody put(CurrentUser user, @RequestBody PreferencesBody body) {
        Preferences defaults = store.defaultsFor(user.username());
        Map<Channel, Preferences.ChannelSettings> channels = new EnumMap<>(defaults.channels());
        if (body.channels() != null) {
            body.channels().forEach((channel, c) -> {
                if (c == null) {
                    throw ApiException.badRequest("channels." + channel, "must be an object");
                }
                Preferences.ChannelSettings base = defaults.channel(channel);
                channels.put(channel, new Preferences.ChannelSettings(
                        c.enabled() != null ? c.enabled() : base.enabled(),
                        c.kinds() != null ? c.kinds() : base.kinds()));
            });
        }
        Preferences.DailyDigest digest = defaults.digest();
        if (body.digest() != null) {
            digest = new Preferences.DailyDigest(or(body.digest().enabled(), digest.enabled()),
                    or(body.digest().at(), digest.at()));
        }
        Preferences.QuietHours quiet = defaults.quietHours();
        if (body.quietHours() != null) {
            quiet = new Preferences.QuietHours(or(body.quietHours().enabled(), quiet.enabled()),
                    or(body.quietHours().from(), quiet.from()), or(body.quietHours().to(), quiet.to()));
        }
        Duration window = or(body.collapseWindow(), defaults.collapseWindow());
        if (window.isNegative() || window.compareTo(MAX_COLLAPSE_WINDOW) > 0) {
            throw ApiException.badRequest("collapseWindow", "must be between PT0S and " + MAX_COLLAPSE_WINDOW);
        }
        Preferences saved = store.save(new Preferences(user.username(), or(body.zone(), defaults.zone()), channels,
                digest, quiet, window));
        return view(saved);
    }

    private static <T> T or(@Nullable T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static PreferencesBody view(Preferences p) {
        Map<Channel, ChannelBody> channels = new EnumMap<>(Channel.class);
        p.channels().forEach((channel, s) -> channels.put(channel, new ChannelBody(s.enabled(), s.kinds())));
        return new PreferencesBody(p.zone(), channels, new DigestBody(p.digest().enabled(), p.digest().at()),
                new QuietHoursBody(p.quietHours().enabled(), p.quietHours().from(), p.quietHours().to()),
                p.collapseWindow());
    }
}
