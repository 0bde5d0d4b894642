package org.spoc.escalation.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A timing wheel in the store: one document per second ({@code _id} = epoch second) listing the
 * tickets whose next timer falls in it. Writers add an entry before they store a new due instant
 * (write-ahead: a crash in between leaves a stale entry, which is harmless, never a missing one),
 * and every replica reads the next few seconds by id, so finding due timers costs a lookup of a few
 * keys rather than a scan of all open clocks, on MongoDB and on the embedded store alike. An entry
 * only says "look at this ticket then": the ticket document's {@code nextDueAt} decides.
 */
public class TimerBuckets {

    public static final String COLLECTION = "sla_timer_buckets";

    private final MongoCollection<Document> collection;

    public TimerBuckets(MongoTemplate mongo) {
        this.collection = mongo.getCollection(COLLECTION);
    }

    public MongoCollection<Document> collection() {
        return collection;
    }

    public static long second(Instant instant) {
        return Math.floorDiv(instant.toEpochMilli(), 1000L);
    }

    /** The write that adds a ticket's due instant to its second. */
    public static WriteModel<Document> entry(String ticketId, Instant due) {
        return new UpdateOneModel<>(new Document("_id", second(due)),
                new Document("$push", new Document("e", new Document("t", ticketId).append("d", Date.from(due)))),
                new UpdateOptions().upsert(true));
    }

    public void record(String ticketId, Instant due) {
        collection.updateOne(new Document("_id", second(due)),
                new Document("$push", new Document("e", new Document("t", ticketId).append("d", Date.from(due)))),
                new UpdateOptions().upsert(true));
    }

    public void recordAll(List<WriteModel<Document>> entries) {
        if (!entries.isEmpty()) {
            collection.bulkWrite(entries, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
        }
    }

    /** Entries of the seconds from {@code from} to {@code to} (inclusive): ticket id and due instant. */
    public List<Map.Entry<String, Instant>> load(long from, long to) {
        List<Long> seconds = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            seconds.add(s);
        }
        List<Map.Entry<String, Instant>> entries = new ArrayList<>();
        for (Document bucket : collection.find(new Document("_id", new Document("$in", seconds)))) {
            for (Document e : bucket.getList("e", Document.class, List.of())) {
                entries.add(Map.entry(e.getString("t"), e.getDate("d").toInstant()));
            }
        }
        return entries;
    }

    /** Drops the seconds from {@code from} to {@code to} (inclusive), already past. */
    public void drop(long from, long to) {
        List<Long> seconds = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            seconds.add(s);
        }
        if (!seconds.isEmpty()) {
            collection.deleteMany(new Document("_id", new Document("$in", seconds)));
        }
    }
}
