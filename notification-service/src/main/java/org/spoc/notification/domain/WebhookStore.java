package org.spoc.notification.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The {@code webhooks} collection. Every consumed event is matched against all webhooks, so
 * {@link #all} answers from a per-replica {@link TtlCache}: a registration or deletion on this replica
 * is seen at once, one on another replica once the cached list is {@code cacheTtl} old (until then
 * that replica may queue an event for a deleted webhook, which its sender then cancels, or miss one
 * for a new webhook). The API ({@link #stored}) and the sender ({@link #find}) read the store.
 */
public class WebhookStore {

    public static final String COLLECTION = "webhooks";
    private static final String ALL = "all";

    private final MongoTemplate mongo;
    private final TtlCache<String, List<Webhook>> cache;

    public WebhookStore(MongoTemplate mongo, Clock clock, Duration cacheTtl) {
        this.mongo = mongo;
        this.cache = new TtlCache<>(clock, cacheTtl, 1);
    }

    public Webhook insert(Webhook webhook) {
        try {
            return mongo.insert(webhook, COLLECTION);
        }
        finally {
            cache.invalidate(ALL);
        }
    }

    /** The webhook as stored now. */
    public Optional<Webhook> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Webhook.class, COLLECTION));
    }

    /** Every webhook, oldest first, for routing events: at most {@code cacheTtl} old (see the class comment). */
    public List<Webhook> all() {
        return cache.get(ALL, key -> read());
    }

    /** Every webhook as stored now, oldest first; also refreshes what {@link #all} answers. */
    public List<Webhook> stored() {
        return cache.refresh(ALL, key -> read());
    }

    public boolean delete(String id) {
        try {
            return mongo.remove(Query.query(Criteria.where("_id").is(id)), COLLECTION).getDeletedCount() == 1;
        }
        finally {
            cache.invalidate(ALL);
        }
    }

    private List<Webhook> read() {
        return List.copyOf(mongo.find(new Query().with(Sort.by("createdAt")), Webhook.class, COLLECTION));
    }
}
