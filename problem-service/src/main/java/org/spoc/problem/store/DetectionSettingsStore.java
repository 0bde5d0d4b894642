package org.spoc.problem.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.problem.domain.detection.DetectionSettings;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The detection settings in force: those an admin stored ({@code detection_settings}), else the
 * configured ones. Re-read at most every few seconds, so every replica follows a change.
 */
public class DetectionSettingsStore {

    static final String COLLECTION = "detection_settings";
    private static final String ID = "current";
    private static final Duration REFRESH = Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    private final DetectionSettings configured;
    private final Clock clock;
    private volatile @Nullable DetectionSettings current;
    private volatile Instant readAt = Instant.EPOCH;

    public DetectionSettingsStore(MongoTemplate mongo, DetectionSettings configured, Clock clock) {
        this.mongo = mongo;
        this.configured = configured;
        this.clock = clock;
    }

    public DetectionSettings current() {
        Instant now = clock.instant();
        DetectionSettings cached = current;
        if (cached != null && now.isBefore(readAt.plus(REFRESH)) && !now.isBefore(readAt)) {
            return cached;
        }
        Document doc = mongo.findById(ID, Document.class, COLLECTION);
        DetectionSettings read = configured;
        if (doc != null) {
            try {
                read = fromDocument(doc);
            }
            catch (RuntimeException ex) {
                read = configured; // unreadable: fall back rather than stop detection
            }
        }
        current = read;
        readAt = now;
        return read;
    }

    public DetectionSettings save(DetectionSettings settings) {
        mongo.save(toDocument(settings).append("_id", ID), COLLECTION);
        current = settings;
        readAt = clock.instant();
        return settings;
    }

    static Document toDocument(DetectionSettings s) {
        return new Document("window", s.window().toString()).append("minIncidents", s.minIncidents())
                .append("minRequesters", s.minRequesters()).append("similarityThreshold", s.similarityThreshold())
                .append("baselineThreshold", s.baselineThreshold()).append("serviceBonus", s.serviceBonus())
                .append("locationWeight", s.locationWeight()).append("linkHorizon", s.linkHorizon().toString())
                .append("baselineWindow", s.baselineWindow().toString()).append("surprise", s.surprise())
                .append("majorWindow", s.majorWindow().toString()).append("majorMinIncidents", s.majorMinIncidents())
                .append("majorRateFactor", s.majorRateFactor())
                .append("majorBaselineFloorPerDay", s.majorBaselineFloorPerDay())
                .append("majorP1Requesters", s.majorP1Requesters())
                .append("majorCooldown", s.majorCooldown().toString());
    }

    static DetectionSettings fromDocument(Document d) {
        return new DetectionSettings(Duration.parse(d.getString("window")), d.getInteger("minIncidents"),
                d.getInteger("minRequesters"), number(d, "similarityThreshold"), number(d, "baselineThreshold"),
                number(d, "serviceBonus"), number(d, "locationWeight"), Duration.parse(d.getString("linkHorizon")),
                Duration.parse(d.getString("baselineWindow")), number(d, "surprise"),
                Duration.parse(d.getString("majorWindow")), d.getInteger("majorMinIncidents"),
                number(d, "majorRateFactor"), number(d, "majorBaselineFloorPerDay"), d.getInteger("majorP1Requesters"),
                Duration.parse(d.getString("majorCooldown")));
    }

    private static double number(Document d, String field) {
        return ((Number) d.get(field)).doubleValue();
    }
}
