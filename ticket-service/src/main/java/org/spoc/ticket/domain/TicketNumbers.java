package org.spoc.ticket.domain;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.spoc.events.ticket.TicketType;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Per-type sequences in collection {@code counters}, incremented atomically with {@code findOneAndUpdate
 * $inc} and upsert, so numbers stay unique with any number of replicas.
 */
@Component
public class TicketNumbers {

    static final String COLLECTION = "counters";

    private final MongoTemplate mongo;

    public TicketNumbers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The next number of {@code type}, e.g. {@code INC0000001}. */
    public String next(TicketType type) {
        return TicketNumber.format(type, reserve(type.numberPrefix(), 1));
    }

    /** Reserves {@code count} consecutive values of a sequence and answers the first of them. */
    public long reserve(String sequence, int count) {
        Document after = mongo.getCollection(COLLECTION).findOneAndUpdate(new Document("_id", sequence),
                Updates.inc("seq", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        long last = ((Number) after.get("seq")).longValue();
        return last - count + 1;
    }
}
