package org.spoc.notification.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.kit.outbox.OutboxEntry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** The {@code webhook_deliveries} collection: the durable delivery queue and its log. */
public class WebhookDeliveryStore {

    public static final String COLLECTION = "webhook_deliveries";
    static final String SEQUENCES = "webhook_sequences";

    private static final List<WebhookDelivery.State> OPEN = List.of(WebhookDelivery.State.PENDING,
            WebhookDelivery.State.SENDING);

    private final MongoTemplate mongo;

    public WebhookDeliveryStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void createIndexes() {
        var ops = mongo.indexOps(COLLECTION);
        ops.createIndex(new Index().on("webhookId", Sort.Direction.ASC).on("orderKey", Sort.Direction.ASC)
                .on("seq", Sort.Direction.ASC).named("order"));
        ops.createIndex(new Index().on("state", Sort.Direction.ASC).on("nextAttemptAt", Sort.Direction.ASC)
                .named("queue"));
        ops.createIndex(new Index().on("webhookId", Sort.Direction.ASC).on("seq", Sort.Direction.DESC).named("log"));
    }

    public long nextSeq(String webhookId) {
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is(webhookId)),
                new Update().inc("seq", 1L), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, SEQUENCES);
        return ((Number) counter.get("seq")).longValue();
    }

    /** False when the delivery exists already (the event was consumed before). */
    public boolean insert(WebhookDelivery delivery) {
        try {
            mongo.insert(delivery, COLLECTION);
            return true;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    /** Pending deliveries due at {@code now}, oldest first. */
    public List<WebhookDelivery> due(Instant now, int limit) {
        return mongo.find(Query.query(Criteria.where("state").is(WebhookDelivery.State.PENDING).and("nextAttemptAt")
                .lte(now)).with(Sort.by("createdAt", "seq")).limit(limit), WebhookDelivery.class, COLLECTION);
    }

    /**
     * The open deliveries that are not due at {@code now} (waiting for a retry, or being sent): for each
     * webhook and order key, the lowest such {@code seq}. A due delivery with a higher seq must wait.
     */
    public java.util.Map<String, Long> blockers(Instant now) {
        Query query = Query.query(new Criteria().orOperator(
                Criteria.where("state").is(WebhookDelivery.State.SENDING),
                Criteria.where("state").is(WebhookDelivery.State.PENDING).and("nextAttemptAt").gt(now)));
        query.fields().include("webhookId").include("orderKey").include("seq");
        java.util.Map<String, Long> lowest = new java.util.HashMap<>();
        for (Document d : mongo.find(query, Document.class, COLLECTION)) {
            lowest.merge(orderKey(d.getString("webhookId"), d.getString("orderKey")),
                    ((Number) d.get("seq")).longValue(), Math::min);
        }
        return lowest;
    }

    /** The key under which deliveries of one webhook and one ticket (or problem) are ordered. */
    public static String orderKey(String webhookId, String orderKey) {
        return webhookId + '\u0000' + orderKey;
    }

    public Optional<WebhookDelivery> claim(String id, Instant leaseUntil) {
        return Optional.ofNullable(mongo.findAndModify(
                Query.query(Criteria.where("_id").is(id).and("state").is(WebhookDelivery.State.PENDING)),
                new Update().set("state", WebhookDelivery.State.SENDING).set("leaseUntil", leaseUntil),
                FindAndModifyOptions.options().returnNew(true), WebhookDelivery.class, COLLECTION));
    }

    /** Returns deliveries whose sender died mid-way to the queue. */
    public long releaseExpiredLeases(Instant now) {
        return mongo.updateMulti(Query.query(Criteria.where("state").is(WebhookDelivery.State.SENDING)
                .and("leaseUntil").lt(now)),
                new Update().set("state", WebhookDelivery.State.PENDING).unset("leaseUntil"), COLLECTION)
                .getModifiedCount();
    }

    public void delivered(String id, WebhookDelivery.Attempt attempt, Instant now, List<CloudEvent> events) {
        Update update = finish(attempt).set("state", WebhookDelivery.State.DELIVERED).set("deliveredAt", now);
        outbox(update, events);
        mongo.updateFirst(sending(id), update, COLLECTION);
    }

    public void retry(String id, WebhookDelivery.Attempt attempt, Instant nextAttemptAt) {
        mongo.updateFirst(sending(id), finish(attempt).set("state", WebhookDelivery.State.PENDING)
                .set("nextAttemptAt", nextAttemptAt), COLLECTION);
    }

    public void dead(String id, WebhookDelivery.Attempt attempt, List<CloudEvent> events) {
        Update update = finish(attempt).set("state", WebhookDelivery.State.DEAD);
        outbox(update, events);
        mongo.updateFirst(sending(id), update, COLLECTION);
    }

    public List<WebhookDelivery> of(String webhookId, WebhookDelivery.@Nullable State state, int limit) {
        Criteria criteria = Criteria.where("webhookId").is(webhookId);
        if (state != null) {
            criteria = criteria.and("state").is(state);
        }
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "seq")).limit(limit),
                WebhookDelivery.class, COLLECTION);
    }

    public Optional<WebhookDelivery> find(String webhookId, String id) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("_id").is(id).and("webhookId")
                .is(webhookId)), WebhookDelivery.class, COLLECTION));
    }

    /** Puts a dead (or delivered) delivery back in the queue with a fresh retry budget; its log stays. */
    public Optional<WebhookDelivery> replay(String webhookId, String id, Instant now, Instant retryUntil) {
        return Optional.ofNullable(mongo.findAndModify(
                Query.query(Criteria.where("_id").is(id).and("webhookId").is(webhookId).and("state")
                        .in(WebhookDelivery.State.DEAD, WebhookDelivery.State.DELIVERED)),
                new Update().set("state", WebhookDelivery.State.PENDING).set("attempts", 0)
                        .set("nextAttemptAt", now).set("retryUntil", retryUntil).unset("deliveredAt"),
                FindAndModifyOptions.options().returnNew(true), WebhookDelivery.class, COLLECTION));
    }

    public long cancelOpen(String webhookId) {
        return mongo.updateMulti(Query.query(Criteria.where("webhookId").is(webhookId).and("state").in(OPEN)),
                new Update().set("state", WebhookDelivery.State.CANCELLED).unset("leaseUntil"), COLLECTION)
                .getModifiedCount();
    }

    public long depth() {
        return mongo.count(Query.query(Criteria.where("state").in(OPEN)), COLLECTION);
    }

    private static Query sending(String id) {
        return Query.query(Criteria.where("_id").is(id).and("state").is(WebhookDelivery.State.SENDING));
    }

    private static Update finish(WebhookDelivery.Attempt attempt) {
        return new Update().set("attempts", attempt.number()).push("log", attempt).unset("leaseUntil");
    }

    private static void outbox(Update update, List<CloudEvent> events) {
        if (!events.isEmpty()) {
            update.push(OutboxEntry.FIELD).each(events.stream().map(OutboxEntry::of).toArray());
        }
    }
}
