package org.spoc.local;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

/**
 * A single-key unique index (above all {@code _id}) that also answers queries naming its key
 * <em>and</em> other fields. mongo-java-server only uses an index when the query names exactly its
 * keys, so {@code {_id: x, version: 3}} or {@code {_id: x, claim: c}} (every compare-and-set, every
 * outbox release) scanned the whole collection. Here the lookup uses the key's equality or {@code $in}
 * and the store applies the rest of the query to the one document found. Everything else is the
 * wrapped index's own behaviour.
 */
final class UniqueKeyLookup extends Index<Object> {

    private final Index<Object> index;
    private final String field;

    UniqueKeyLookup(Index<Object> index, boolean sparse) {
        super(index.getName(), index.getKeys(), sparse);
        this.index = index;
        this.field = index.getKeys().get(0).getKey();
    }

    @Override
    public boolean canHandle(Document query) {
        if (index.canHandle(query)) {
            return true;
        }
        QueryConditions.Condition condition = QueryConditions.of(query).on(field);
        return condition != null && condition.isEquality();
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        if (index.canHandle(query)) {
            return index.getPositions(query);
        }
        List<Object> keys = QueryConditions.of(query).on(field).equalTo();
        return index.getPositions(new Document(field, keys.size() == 1 ? keys.get(0) : new Document("$in", keys)));
    }

    @Override
    public boolean isUnique() {
        return index.isUnique();
    }

    @Override
    public java.util.Set<KeyValue> getKeyValues(Document document) {
        return index.getKeyValues(document);
    }

    @Override
    public Object getPosition(Document document) {
        return index.getPosition(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        index.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        index.add(document, position, collection);
    }

    @Override
    public Object remove(Document document) {
        return index.remove(document);
    }

    @Override
    public long getCount() {
        return index.getCount();
    }

    @Override
    public boolean isEmpty() {
        return index.isEmpty();
    }

    @Override
    public long getDataSize() {
        return index.getDataSize();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        index.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
            MongoCollection<Object> collection) throws KeyConstraintError {
        index.updateInPlace(oldDocument, newDocument, position, collection);
    }

    @Override
    public void drop() {
        index.drop();
    }
}
