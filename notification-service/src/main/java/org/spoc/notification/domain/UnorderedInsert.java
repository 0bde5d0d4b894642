package org.spoc.notification.domain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Writes a batch of documents with deterministic ids in one unordered {@code insertMany}: one store
 * command (one commit) for everything one event owes, instead of one per document. An id that exists
 * already is the mark of a redelivered event, not a failure; the answer names only the documents that
 * are new, so whatever follows a first write (metrics, live streams, waking a sender) happens once.
 * Any other write error fails the batch (after the others were written; a retry of the event inserts
 * the rest and finds these as existing).
 */
final class UnorderedInsert {

    private UnorderedInsert() {
    }

    /** Inserts {@code entities} (mapped as {@link MongoTemplate#insert} maps them); answers the new ones, in order. */
    static <T> List<T> newOnes(MongoTemplate mongo, String collection, List<T> entities) {
        if (entities.isEmpty()) {
            return List.of();
        }
        List<Document> documents = new ArrayList<>(entities.size());
        for (T entity : entities) {
            Document document = new Document();
            mongo.getConverter().write(entity, document);
            documents.add(document);
        }
        try {
            mongo.getCollection(collection).insertMany(documents, new InsertManyOptions().ordered(false));
            return List.copyOf(entities);
        }
        catch (MongoBulkWriteException ex) {
            BitSet existing = new BitSet(entities.size());
            for (BulkWriteError error : ex.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw translated(mongo, ex);
                }
                existing.set(error.getIndex());
            }
            if (ex.getWriteConcernError() != null) {
                throw translated(mongo, ex);
            }
            List<T> added = new ArrayList<>(entities.size() - existing.cardinality());
            for (int i = 0; i < entities.size(); i++) {
                if (!existing.get(i)) {
                    added.add(entities.get(i));
                }
            }
            return added;
        }
    }

    private static RuntimeException translated(MongoTemplate mongo, MongoBulkWriteException ex) {
        RuntimeException translated = mongo.getExceptionTranslator().translateExceptionIfPossible(ex);
        return translated != null ? translated : ex;
    }
}
