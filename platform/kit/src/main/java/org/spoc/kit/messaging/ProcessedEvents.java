package org.spoc.kit.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Remembers which events a consumer has handled ({@code ce_id} per consumer), so a redelivered event
 * has no second effect. Entries are swept after the retention (the embedded store enforces no TTL).
 */
public class ProcessedEvents {

    public static final String COLLECTION = "processed_events";

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration retention;

    public ProcessedEvents(MongoTemplate mongo, Clock clock, Duration retention) {
        this.mongo = mongo;
        this.clock = clock;
        this.retention = retention;
        collection().createIndex(Indexes.ascending("at"), new IndexOptions().name("at"));
    }

    /**
     * Runs {@code action} unless this consumer already handled {@code eventId}, then remembers it.
     * A crash between the action and the mark re-runs the action on redelivery, so the action's own
     * write should be idempotent too (at-least-once with de-duplication). Returns whether it ran.
     */
    public boolean runOnce(String consumer, String eventId, Runnable action) {
        if (seen(consumer, eventId)) {
            return false;
        }
        action.run();
        markSeen(consumer, eventId);
        return true;
    }

    /**
     * Marks {@code eventId} handled and answers whether this is the first delivery. Mark-first: use it
     * when the effect cannot be half-done (for example an insert keyed by the event id).
     */
    public boolean firstDelivery(String consumer, String eventId) {
        try {
            collection().insertOne(new Document("_id", key(consumer, eventId)).append("at", Date.from(clock.instant())));
            return true;
        }
        catch (MongoWriteException ex) {
            if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw ex;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    public boolean seen(String consumer, String eventId) {
        return collection().find(Filters.eq("_id", key(consumer, eventId))).limit(1).first() != null;
    }

    public void markSeen(String consumer, String eventId) {
        firstDelivery(consumer, eventId);
    }

    /** Deletes marks older than the retention; returns how many. */
    public long sweep() {
        return collection().deleteMany(Filters.lt("at", Date.from(clock.instant().minus(retention)))).getDeletedCount();
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    private static String key(String consumer, String eventId) {
        return consumer + "/" + eventId;
    }
}
