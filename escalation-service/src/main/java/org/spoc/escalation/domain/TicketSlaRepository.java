package org.spoc.escalation.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.spoc.kit.outbox.OutboxEntry;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Stores ticket aggregates with optimistic concurrency: every write names the version it read and
 * bumps it, and carries the events it caused into the document's outbox in the same update.
 *
 * <p>Filters are plain {@code {_id, version}} documents and a unique index covers exactly those keys,
 * so that both MongoDB and the embedded Mongo-wire store (which uses an index only when the query
 * names exactly its keys) find the document without a scan.
 */
public class TicketSlaRepository {

    private final MongoCollection<Document> collection;

    public TicketSlaRepository(MongoTemplate mongo) {
        this.collection = mongo.getCollection(TicketSlaDocuments.COLLECTION);
        collection.createIndex(Indexes.ascending("_id", TicketSlaDocuments.VERSION),
                new IndexOptions().name("id_version").unique(true));
        collection.createIndex(Indexes.ascending(TicketSlaDocuments.NEXT_DUE_AT), new IndexOptions().name("next_due"));
        collection.createIndex(Indexes.ascending(TicketSlaDocuments.TEAMS), new IndexOptions().name("teams"));
        collection.createIndex(Indexes.ascending(TicketSlaDocuments.OPEN), new IndexOptions().name("open"));
    }

    public MongoCollection<Document> collection() {
        return collection;
    }

    public Optional<TicketSla> find(String ticketId) {
        return Optional.ofNullable(collection.find(new Document("_id", ticketId)).first()).map(TicketSlaDocuments::read);
    }

    /** Inserts a new aggregate; false when another writer inserted it first. */
    public boolean insert(TicketSla sla, List<OutboxEntry> outbox) {
        try {
            collection.insertOne(TicketSlaDocuments.newDocument(sla, outbox));
            return true;
        }
        catch (MongoWriteException ex) {
            if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw ex;
        }
    }

    /** Writes the aggregate over the version it was read at; false when someone wrote in between. */
    public boolean update(TicketSla sla, List<OutboxEntry> outbox) {
        return collection.updateOne(versionFilter(sla.ticketId(), sla.version()), update(sla, outbox, List.of()))
                .getMatchedCount() == 1;
    }

    public static Document versionFilter(String ticketId, long version) {
        return new Document("_id", ticketId).append(TicketSlaDocuments.VERSION, version);
    }

    /** The update that stores {@code sla} over its version, appends {@code outbox}, and applies {@code extra}. */
    public static Document update(TicketSla sla, List<OutboxEntry> outbox, List<String> unset) {
        Document set = TicketSlaDocuments.state(sla);
        set.put(TicketSlaDocuments.VERSION, sla.version() + 1);
        Document update = new Document("$set", set);
        if (!outbox.isEmpty()) {
            List<Document> entries = new ArrayList<>();
            outbox.forEach(e -> entries.add(TicketSlaDocuments.outboxEntry(e)));
            update.append("$push", new Document(OutboxEntry.FIELD, new Document("$each", entries)));
        }
        if (!unset.isEmpty()) {
            Document fields = new Document();
            unset.forEach(f -> fields.append(f, ""));
            update.append("$unset", fields);
        }
        return update;
    }

    public List<Document> findAll(Bson filter) {
        return collection.find(filter).into(new ArrayList<>());
    }
}
