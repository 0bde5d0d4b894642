package org.spoc.notification.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.kit.outbox.OutboxEntry;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
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
    /** The token of the sender pass that holds a delivery's lease. */
    static final String CLAIM = "claim";

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

    /**
     * Inserts one event's deliveries in one unordered write; answers how many are new (those that
     * exist already were queued by an earlier delivery of the event).
     */
    public int insertAll(List<WebhookDelivery> owed) {
        return UnorderedInsert.newOnes(mongo, COLLECTION, owed).size();
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
    public Map<String, Long> blockers(Instant now) {
        Query query = Query.query(new Criteria().orOperator(
                Criteria.where("state").is(WebhookDelivery.State.SENDING),
                Criteria.where("state").is(WebhookDelivery.State.PENDING).and("nextAttemptAt").gt(now)));
        query.fields().include("webhookId").include("orderKey").include("seq");
        Map<String, Long> lowest = new HashMap<>();
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

    /**
     * Claims the given pending deliveries, leasing them until {@code leaseUntil} under one fresh claim
     * token; answers the claimed ones (another replica's claim wins). One delivery costs one
     * {@code findAndModify}; more cost one write and one read by token, however many.
     */
    public Claimed claim(Collection<String> ids, Instant leaseUntil) {
        TokenClaim.Claimed<WebhookDelivery> claimed = TokenClaim.claim(mongo, COLLECTION, WebhookDelivery.class,
                List.copyOf(ids), Criteria.where("state").is(WebhookDelivery.State.PENDING),
                new Update().set("state", WebhookDelivery.State.SENDING).set("leaseUntil", leaseUntil), CLAIM,
                Sort.unsorted());
        Map<String, WebhookDelivery> byId = new HashMap<>();
        claimed.items().forEach(d -> byId.put(d.id(), d));
        return new Claimed(claimed.token(), byId);
    }

    /** Deliveries claimed under {@code token}, by id; their outcomes are recorded under it. */
    public record Claimed(String token, Map<String, WebhookDelivery> deliveries) {

        public Claimed {
            deliveries = Map.copyOf(deliveries);
        }
    }

    /** Returns deliveries whose sender died mid-way to the queue. */
    public long releaseExpiredLeases(Instant now) {
        return mongo.updateMulti(Query.query(Criteria.where("state").is(WebhookDelivery.State.SENDING)
                .and("leaseUntil").lt(now)),
                new Update().set("state", WebhookDelivery.State.PENDING).unset("leaseUntil").unset(CLAIM), COLLECTION)
                .getModifiedCount();
    }

    /**
     * What one attempt of a claimed delivery came to; {@code claim} is the token it was claimed under.
     * A delivered or dead one carries its {@code spoc.notification.delivered.v1} / {@code .failed.v1}.
     */
    public sealed interface Outcome {

        String id();

        String claim();

        WebhookDelivery.Attempt attempt();

        record Delivered(String id, String claim, WebhookDelivery.Attempt attempt, Instant at, CloudEvent delivered)
                implements Outcome {
        }

        record Retry(String id, String claim, WebhookDelivery.Attempt attempt, Instant nextAttemptAt)
                implements Outcome {
        }

        /** Out of budget: DEAD until replayed. */
        record Dead(String id, String claim, WebhookDelivery.Attempt attempt, CloudEvent failed) implements Outcome {
        }
    }

    /**
     * Records outcomes, each with its attempt in the log and its outcome event, in one unordered bulk
     * write. An update applies only while the delivery is still being sent under the same claim: one
     * cancelled meanwhile, or whose lease ran out and was claimed again, is not overwritten.
     */
    public void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        for (Outcome outcome : outcomes) {
            Update update = new Update().set("attempts", outcome.attempt().number()).push("log", outcome.attempt())
                    .unset("leaseUntil").unset(CLAIM);
            switch (outcome) {
                case Outcome.Delivered d -> outbox(update.set("state", WebhookDelivery.State.DELIVERED)
                        .set("deliveredAt", d.at()), List.of(d.delivered()));
                case Outcome.Retry r -> update.set("state", WebhookDelivery.State.PENDING)
                        .set("nextAttemptAt", r.nextAttemptAt());
                case Outcome.Dead d -> outbox(update.set("state", WebhookDelivery.State.DEAD), List.of(d.failed()));
            }
            bulk.updateOne(Query.query(Criteria.where("_id").is(outcome.id()).and("state")
                    .is(WebhookDelivery.State.SENDING).and(CLAIM).is(outcome.claim())), update);
        }
        bulk.execute();
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
                new Update().set("state", WebhookDelivery.State.CANCELLED).unset("leaseUntil").unset(CLAIM), COLLECTION)
                .getModifiedCount();
    }

    public long depth() {
        return mongo.count(Query.query(Criteria.where("state").in(OPEN)), COLLECTION);
    }

    private static void outbox(Update update, List<CloudEvent> events) {
        if (!events.isEmpty()) {
            update.push(OutboxEntry.FIELD).each(events.stream().map(OutboxEntry::of).toArray());
        }
    }
}
