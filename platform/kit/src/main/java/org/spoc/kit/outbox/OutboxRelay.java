package org.spoc.kit.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.kit.work.PollingWorker;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes the events that aggregates keep in their {@code outbox} field. Each pass claims documents
 * with unpublished entries (a lease and a claim token, so that replicas do not publish the same
 * document at once): a pass woken by a few writes claims each document in the write that returns it,
 * any other pass reads a batch and claims it in one write. It sends their entries in order with the
 * idempotent producer, waits for Kafka's acknowledgement, then pulls exactly the acknowledged entries in
 * one bulk write. Anything not acknowledged stays and is retried on a later pass with the same
 * {@code ce_id}: nothing is lost if the process dies between write and publish.
 */
public class OutboxRelay extends PollingWorker {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final String LEASE = "outboxLease";
    static final String CLAIM = "outboxClaim";

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxCollections collections;
    private final OutboxProperties properties;
    private final Clock clock;
    private final Counter published;
    private final Counter failures;
    /**
     * A pass woken by at most this many writes to a collection claims its documents one by one, each in
     * one {@code findAndModify} that returns it; more (or a pass that names no collection) read a batch,
     * then claim it.
     */
    static final int SINGLE_CLAIMS = 4;
    /** What {@link #written} holds for a collection whose next pass reads a whole batch. */
    private static final int BATCH = Integer.MAX_VALUE;
    /** What a claim reads of a document: its {@code _id} and outbox entries. */
    private static final Bson ENTRIES_ONLY = Projections.include(OutboxEntry.FIELD);

    /**
     * Collections written since the last pass, with how many writes (see {@link #wake(String)}): a woken
     * pass reads only these.
     */
    private final Map<String, Integer> written = new ConcurrentHashMap<>();
    /** When the last pass over every collection started ({@link System#nanoTime()}); touched by the relay's thread only. */
    private long lastFullPass = System.nanoTime();

    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, byte[]> kafka, OutboxCollections collections,
            OutboxProperties properties, Clock clock, MeterRegistry meters) {
        super("outbox-relay", properties.pollInterval(), properties.sendTimeout());
        this.mongo = mongo;
        this.kafka = kafka;
        this.collections = collections;
        this.properties = properties;
        this.clock = clock;
        this.published = meters.counter("spoc.outbox.published");
        this.failures = meters.counter("spoc.outbox.failures");
        for (String name : collections.names()) {
            meters.gauge("spoc.outbox.pending", io.micrometer.core.instrument.Tags.of("collection", name), this,
                    relay -> relay.pending(name));
        }
    }

    /** One pass over every collection; returns how many events were published. Public for tests and tools. */
    public int relayOnce() {
        return passOver(everyCollection()).published();
    }

    /**
     * Runs the next pass now, over {@code collection} only unless something else asks for more before it
     * starts: a service with two outbox collections read both after every write to one (problem-service's
     * major incidents after every problem change, knowledge-service's articles after every ticket's
     * suggestions), a wasted query per event. A pass without a named collection (the poll, {@link #wake()})
     * reads them all.
     */
    public void wake(String collection) {
        written.merge(collection, 1, OutboxRelay::plus);
        wake();
    }

    private static int plus(int a, int b) {
        return a == BATCH || b == BATCH ? BATCH : a + b;
    }

    /** Each collection to read, with the writes that woke the pass for it ({@link #BATCH}: unknown, read a batch). */
    private Pass passOver(Map<String, Integer> toRead) {
        int total = 0;
        boolean full = false;
        for (Map.Entry<String, Integer> collection : toRead.entrySet()) {
            Pass pass = relay(mongo.getCollection(collection.getKey()), collection.getValue());
            total += pass.published();
            if (pass.full()) {
                full = true;
                written.merge(collection.getKey(), BATCH, OutboxRelay::plus); // the next pass, at once, goes on with it
            }
        }
        return new Pass(total, full);
    }

    private Map<String, Integer> everyCollection() {
        Map<String, Integer> all = new LinkedHashMap<>();
        collections.names().forEach(name -> all.put(name, BATCH));
        return all;
    }

    /**
     * The collections written since the last pass, taken; every collection when none was named, or when
     * the last pass over all of them is a poll interval ago (writes that keep waking the relay must not
     * keep it from other replicas' leftovers and retries).
     */
    private Map<String, Integer> collectionsToRead() {
        Map<String, Integer> named = new LinkedHashMap<>();
        for (String name : collections.names()) {
            Integer writes = written.remove(name);
            if (writes != null) {
                named.put(name, writes);
            }
        }
        long now = System.nanoTime();
        if (named.isEmpty() || now - lastFullPass >= properties.pollInterval().toNanos()) {
            lastFullPass = now;
            return everyCollection();
        }
        return named;
    }

    /**
     * Claims, publishes and releases what {@code collection} holds for publishing: after a few writes
     * ({@code writes} at most {@link #SINGLE_CLAIMS}) one claiming {@code findAndModify} per document and
     * the release, two commands for the usual single document; otherwise a read of a batch, its claim
     * and the release.
     */
    private Pass relay(MongoCollection<Document> collection, int writes) {
        Instant now = clock.instant();
        String claim = UUID.randomUUID().toString();
        Claimed ours = writes <= SINGLE_CLAIMS ? claimOneByOne(collection, writes, now, claim)
                : claimBatch(collection, now, claim);
        if (ours.entries().isEmpty()) {
            return new Pass(0, false);
        }
        return new Pass(publish(collection, ours.entries(), claim), ours.more());
    }

    /** What a pass claimed (entries by document id), and whether there may be more than it took. */
    private record Claimed(Map<Object, List<Document>> entries, boolean more) {
    }

    private Claimed claimOneByOne(MongoCollection<Document> collection, int writes, Instant now, String claim) {
        Map<Object, List<Document>> ours = new LinkedHashMap<>();
        Bson claimIt = claiming(now, claim);
        FindOneAndUpdateOptions returnClaimed = new FindOneAndUpdateOptions()
                .projection(ENTRIES_ONLY).returnDocument(ReturnDocument.AFTER);
        for (int i = 0; i < writes; i++) {
            Document doc = collection.findOneAndUpdate(Filters.and(pending(), claimable(now)), claimIt, returnClaimed);
            if (doc == null) {
                break;
            }
            ours.put(doc.get("_id"), entries(doc));
        }
        // each write added to one document at most, and a write made meanwhile woke the relay again:
        // anything else (another replica's leftovers, a failed send) waits for the poll, as it did
        return new Claimed(ours, false);
    }

    private Claimed claimBatch(MongoCollection<Document> collection, Instant now, String claim) {
        Map<Object, List<Document>> read = new LinkedHashMap<>();
        collection.find(Filters.and(pending(), claimable(now))).projection(ENTRIES_ONLY).limit(properties.batchSize())
                .forEach(doc -> read.put(doc.get("_id"), entries(doc)));
        if (read.isEmpty()) {
            return new Claimed(read, false);
        }
        // claim the batch in one write; the claim token tells our documents from another replica's. Only a
        // document that still holds the first entry read is claimed: entries are only ever appended, and a
        // release pulls the entries sent in order, so with the first still there none of those read was sent
        List<String> firstEntries = read.values().stream().filter(entries -> !entries.isEmpty())
                .map(entries -> entries.getFirst().getString("eventId")).toList();
        long claimedCount = collection.updateMany(
                Filters.and(Filters.in("_id", read.keySet()), Filters.in(OutboxEntry.FIELD + ".eventId", firstEntries),
                        claimable(now)),
                claiming(now, claim)).getModifiedCount();
        Map<Object, List<Document>> ours = read;
        if (claimedCount < read.size()) {
            // another replica took some of them since they were read: read back exactly those that are ours
            ours = new LinkedHashMap<>();
            for (Document doc : collection.find(Filters.and(Filters.in("_id", read.keySet()), Filters.eq(CLAIM, claim)))
                    .projection(ENTRIES_ONLY)) {
                ours.put(doc.get("_id"), entries(doc));
            }
        }
        return new Claimed(ours, read.size() >= properties.batchSize());
    }

    /** Sets this pass's lease and claim token on what it claims. */
    private Bson claiming(Instant now, String claim) {
        return Updates.combine(Updates.set(LEASE, Date.from(now.plus(properties.lease()))), Updates.set(CLAIM, claim));
    }

    /** A document's unpublished entries, as read with {@link #ENTRIES_ONLY}. */
    private static List<Document> entries(Document doc) {
        return doc.getList(OutboxEntry.FIELD, Document.class, List.of());
    }

    /**
     * Sends the claimed documents' entries in order, waits for Kafka, then pulls exactly the acknowledged
     * entries and lifts the claim in one bulk write; answers how many were published.
     */
    private int publish(MongoCollection<Document> collection, Map<Object, List<Document>> ours, String claim) {
        List<Sending> claimed = new ArrayList<>();
        ours.forEach((id, entries) -> {
            List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Document entry : entries) {
                OutboxEntry e = OutboxEntry.fromDocument(entry);
                ids.add(e.eventId());
                sends.add(kafka.send(e.toCloudEvent().toProducerRecord()));
            }
            claimed.add(new Sending(id, ids, sends));
        });
        kafka.flush();
        int count = 0;
        List<UpdateOneModel<Document>> releases = new ArrayList<>();
        for (Sending c : claimed) {
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < c.sends.size(); i++) {
                try {
                    c.sends.get(i).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    acknowledged.add(c.ids.get(i));
                }
                catch (Exception ex) {
                    failures.increment();
                    log.warn("outbox publish of event {} failed, will retry: {}", c.ids.get(i), ex.toString());
                    break; // keep order: later entries of this aggregate wait for the earlier one
                }
            }
            Bson release = Updates.combine(Updates.unset(LEASE), Updates.unset(CLAIM));
            Bson update = acknowledged.isEmpty() ? release
                    : Updates.combine(Updates.pull(OutboxEntry.FIELD, Filters.in("eventId", acknowledged)),
                            Updates.unset(LEASE), Updates.unset(CLAIM));
            releases.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", c.id), Filters.eq(CLAIM, claim)), update));
            count += acknowledged.size();
        }
        if (!releases.isEmpty()) {
            collection.bulkWrite(releases, new BulkWriteOptions().ordered(false));
        }
        published.increment(count);
        return count;
    }

    private long pending(String collection) {
        try {
            return mongo.getCollection(collection).countDocuments(pending());
        }
        catch (RuntimeException ex) {
            return -1;
        }
    }

    private static Bson pending() {
        return Filters.exists(OutboxEntry.FIELD + ".eventId");
    }

    private void createIndexes() {
        for (String name : collections.names()) {
            MongoCollection<Document> collection = mongo.getCollection(name);
            collection.createIndex(Indexes.ascending(OutboxEntry.FIELD + ".eventId"),
                    new IndexOptions().sparse(true).name("outbox_pending"));
            collection.createIndex(Indexes.ascending(CLAIM), new IndexOptions().sparse(true).name("outbox_claim"));
        }
    }

    private static Bson claimable(Instant now) {
        return Filters.or(Filters.exists(LEASE, false), Filters.eq(LEASE, null), Filters.lt(LEASE, Date.from(now)));
    }

    /**
     * Goes again at once only when a batch was full: what was written during this pass woke the worker,
     * so a pass that took everything there was needs no empty pass after it.
     */
    @Override
    protected boolean pass() {
        return passOver(collectionsToRead()).full();
    }

    @Override
    protected void failed(RuntimeException ex) {
        failures.increment();
        log.warn("outbox relay pass failed, will retry: {}", ex.toString());
    }

    @Override
    public void start() {
        createIndexes();
        super.start();
    }

    /** Start after the producer, stop before it, so in-flight sends finish. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }

    /** What one pass did: events published, and whether a batch was full (more may be waiting). */
    private record Pass(int published, boolean full) {
    }

    private record Sending(Object id, List<String> ids, List<CompletableFuture<SendResult<String, byte[]>>> sends) {
    }
}
