package org.spoc.notification.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The {@code notification_preferences} collection, one document per user. A user who never saved
 * preferences gets the configured defaults in their directory zone.
 *
 * <p>Every event reads its recipients' preferences, so {@link #of} answers from a per-replica
 * {@link TtlCache}: a save on this replica is seen at once, a save on another replica once the
 * cached entry is {@code cacheTtl} old. The user's own view ({@link #stored}) always reads the store.
 */
public class PreferenceStore {

    static final String COLLECTION = "notification_preferences";

    private final MongoTemplate mongo;
    private final Preferences defaults;
    private final Directory directory;
    private final TtlCache<String, Preferences> cache;

    /**
     * {@code defaults} is a template: its user and zone are replaced per person. Preferences read for
     * notifying are kept for {@code cacheTtl} (zero: not kept).
     */
    public PreferenceStore(MongoTemplate mongo, Preferences defaults, Directory directory, Clock clock,
            Duration cacheTtl) {
        this.mongo = mongo;
        this.defaults = defaults;
        this.directory = directory;
        this.cache = new TtlCache<>(clock, cacheTtl, 10_000);
    }

    /** The preferences to notify {@code user} by: at most {@code cacheTtl} old (see the class comment). */
    public Preferences of(String user) {
        return cache.get(user, this::load);
    }

    /** The preferences as stored now, for the user's own view; also refreshes the cached entry. */
    public Preferences stored(String user) {
        return cache.refresh(user, this::load);
    }

    private Preferences load(String user) {
        Document doc = mongo.findById(user, Document.class, COLLECTION);
        if (doc == null || doc.get("channels") == null) {
            return defaultsFor(user);
        }
        return read(user, doc);
    }

    public Preferences defaultsFor(String user) {
        return new Preferences(user, directory.zone(user), defaults.channels(), defaults.digest(),
                defaults.quietHours(), defaults.collapseWindow());
    }

    public Preferences save(Preferences preferences) {
        Document doc = write(preferences);
        Update update = new Update();
        doc.forEach(update::set);
        try {
            mongo.upsert(Query.query(Criteria.where("_id").is(preferences.user())), update, COLLECTION);
        }
        finally {
            cache.invalidate(preferences.user()); // also when the write's answer was lost: it may have landed
        }
        return preferences;
    }

    public Optional<LocalDate> lastDigestOn(String user) {
        Document doc = mongo.findById(user, Document.class, COLLECTION);
        return Optional.ofNullable(doc == null ? null : doc.getString("lastDigestOn")).map(LocalDate::parse);
    }

    /** Not part of {@link Preferences}: the cached entry stays valid. */
    public void digestSentOn(String user, LocalDate day) {
        mongo.upsert(Query.query(Criteria.where("_id").is(user)), new Update().set("lastDigestOn", day.toString()),
                COLLECTION);
    }

    private static Document write(Preferences p) {
        Document channels = new Document();
        p.channels().forEach((channel, settings) -> {
            Document kinds = new Document();
            settings.kinds().forEach((kind, on) -> kinds.put(kind.name(), on));
            channels.put(channel.name(), new Document("enabled", settings.enabled()).append("kinds", kinds));
        });
        return new Document("zone", p.zone().getId())
                .append("channels", channels)
                .append("digest", new Document("enabled", p.digest().enabled()).append("at", p.digest().at().toString()))
                .append("quietHours", new Document("enabled", p.quietHours().enabled())
                        .append("from", p.quietHours().from().toString()).append("to", p.quietHours().to().toString()))
                .append("collapseWindow", p.collapseWindow().toString());
    }

    private Preferences read(String user, Document doc) {
        Map<Channel, Preferences.ChannelSettings> channels = new EnumMap<>(Channel.class);
        Document stored = doc.get("channels", Document.class);
        for (Channel channel : Channel.values()) {
            Document c = stored.get(channel.name(), Document.class);
            if (c == null) {
                continue;
            }
            Map<NotificationKind, Boolean> kinds = new LinkedHashMap<>();
            Document k = c.get("kinds", Document.class);
            if (k != null) {
                k.forEach((name, on) -> kind(name).ifPresent(kind -> kinds.put(kind, Boolean.TRUE.equals(on))));
            }
            channels.put(channel, new Preferences.ChannelSettings(Boolean.TRUE.equals(c.getBoolean("enabled")), kinds));
        }
        Document digest = doc.get("digest", Document.class);
        Document quiet = doc.get("quietHours", Document.class);
        return new Preferences(user, zone(doc.getString("zone"), user), channels,
                digest == null ? defaults.digest()
                        : new Preferences.DailyDigest(Boolean.TRUE.equals(digest.getBoolean("enabled")),
                                LocalTime.parse(digest.getString("at"))),
                quiet == null ? defaults.quietHours()
                        : new Preferences.QuietHours(Boolean.TRUE.equals(quiet.getBoolean("enabled")),
                                LocalTime.parse(quiet.getString("from")), LocalTime.parse(quiet.getString("to"))),
                doc.getString("collapseWindow") == null ? defaults.collapseWindow()
                        : Duration.parse(doc.getString("collapseWindow")));
    }

    private ZoneId zone(@Nullable String id, String user) {
        return id == null ? directory.zone(user) : ZoneId.of(id);
    }

    private static Optional<NotificationKind> kind(String name) {
        try {
            return Optional.of(NotificationKind.valueOf(name));
        }
        catch (IllegalArgumentException ex) {
            return Optional.empty(); // a kind retired since the user saved
        }
    }
}
