package org.spoc.kit.messaging;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Keeps a read model of another service's aggregate: a document is replaced only by a newer version,
 * so redelivered and out-of-date events change nothing (ordered and idempotent).
 */
public class VersionedUpserts {

    public static final String VERSION = "version";

    private final MongoTemplate mongo;

    public VersionedUpserts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Sets {@code fields} on document {@code id} if {@code version} is newer; true if applied. */
    public boolean applyIfNewer(String collection, Object id, long version, Document fields) {
        Document set = new Document(fields).append(VERSION, version);
        set.remove("_id");
        try {
            UpdateResult result = mongo.getCollection(collection).updateOne(
                    Filters.and(Filters.eq("_id", id), Filters.lt(VERSION, version)),
                    new Document("$set", set), new UpdateOptions().upsert(true));
            return result.getModifiedCount() > 0 || result.getUpsertedId() != null;
        }
        catch (MongoWriteException ex) {
            if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false; // the stored version is the same or newer
            }
            throw ex;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    /** The stored version of a read-model document, or -1. */
    public long versionOf(String collection, Object id) {
        Document doc = mongo.getCollection(collection).find(Filters.eq("_id", id))
                .projection(new Document(VERSION, 1)).first();
        return doc == null || doc.get(VERSION) == null ? -1 : ((Number) doc.get(VERSION)).longValue();
    }

}
