package org.spoc.ticket.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.spoc.events.ticket.TicketType;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Per-type sequences in collection {@code counters}, moved on by compare-and-set, so numbers stay unique
 * with any number of replicas and on any store.
 */
@Component
public class TicketNumbers {

    static final String COLLECTION = "counters";
    private static final int MAX_ATTEMPTS = 1_000;

    private final MongoTemplate mongo;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public TicketNumbers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The next number of {@code type}, e.g. {@code INC0000001}. */
    public String next(TicketType type) {
        return TicketNumber.format(type, reserve(type.numberPrefix(), 1));
    }

    /**
     * Reserves {@code count} consecutive values of a sequence and answers the first of them, by
     * compare-and-set: read the sequence, then move it on only if nobody else did meanwhile. Safe with
     * any number of replicas. (An {@code $inc} with {@code findOneAndUpdate} applies every increment, but
     * the embedded Mongo-wire store may return another caller's document under concurrency, which handed
     * out the same ticket number twice.)
     */
    public long reserve(String sequence, int count) {
        // this replica's threads take turns: they no longer race each other's compare-and-set (under load
        // the retries cost more than half of a create's CPU); other replicas are still kept apart by it.
        // A lock, not a monitor: a virtual thread waiting for it does not pin its carrier on Java 21.
        ReentrantLock lock = locks.computeIfAbsent(sequence, key -> new ReentrantLock());
        lock.lock();
        try {
            return compareAndSet(sequence, count);
        }
        finally {
            lock.unlock();
        }
    }

    private long compareAndSet(String sequence, int count) {
        MongoCollection<Document> counters = mongo.getCollection(COLLECTION);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Document current = counters.find(Filters.eq("_id", sequence)).first();
            if (current == null) {
                try {
                    counters.insertOne(new Document("_id", sequence).append("seq", (long) count));
                    return 1;
                }
                catch (MongoWriteException ex) {
                    if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw ex;
                    }
                    continue; // another replica started the sequence: read it again
                }
            }
            long last = ((Number) current.get("seq")).longValue();
            if (counters.updateOne(Filters.and(Filters.eq("_id", sequence), Filters.eq("seq", last)),
                    Updates.set("seq", last + count)).getModifiedCount() == 1) {
                return last + 1;
            }
        }
        throw new IllegalStateException("sequence " + sequence + " is too contended: no value after "
                + MAX_ATTEMPTS + " attempts");
    }
}
