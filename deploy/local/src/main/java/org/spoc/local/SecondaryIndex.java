package org.spoc.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A non-unique index for mongo-java-server, which otherwise ignores them (every query on a
 * non-{@code _id} field scanned the whole collection, 37 % of the store's CPU in the bench profile).
 *
 * <p>It is kept in memory, ordered by the index's first key, and rebuilt from the collection when
 * the store opens (the collection is the durable truth; mongo-java-server builds an empty index from
 * the stored documents). It answers equality, {@code $in}, ranges and {@code $exists: true} on the
 * first key with the positions of every document that may match, never fewer: the store applies the
 * whole query to those documents afterwards, so an index only decides how much is read. Further keys
 * of a compound index are not used for the lookup; the first key is where SPOC's queries are selective.
 * Array values are indexed element by element (multikey), like MongoDB.
 */
final class SecondaryIndex extends Index<Object> {

    /** Values an ordered map cannot hold (null, a nested array): still candidates for existence and ranges. */
    private static final Object UNORDERED = new Object();

    private final String field;
    private final NavigableMap<Object, Set<Object>> positionsByValue = new TreeMap<>(ValueComparator.asc());
    private final Set<Object> positionsUnordered = new LinkedHashSet<>();
    private final Map<Object, List<Object>> valuesByPosition = new HashMap<>();

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.field = keys.get(0).getKey();
    }

    String field() {
        return field;
    }

    @Override
    public Object getPosition(Document document) {
        return null; // never the index a document's position is looked up in: that is _id's
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: nothing to check
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        List<Object> values = valuesOf(document);
        if (values.isEmpty()) {
            return;
        }
        valuesByPosition.put(position, values);
        for (Object value : values) {
            if (value == UNORDERED) {
                positionsUnordered.add(position);
            }
            else {
                positionsByValue.computeIfAbsent(value, key -> new LinkedHashSet<>()).add(position);
            }
        }
    }

    @Override
    public synchronized Object remove(Document document) {
        Object position = Missing.ofNullable(Utils.getSubdocumentValue(document, "_id"));
        removePosition(position);
        return position;
    }

    private void removePosition(Object position) {
        List<Object> values = valuesByPosition.remove(position);
        if (values == null) {
            return;
        }
        for (Object value : values) {
            if (value == UNORDERED) {
                positionsUnordered.remove(position);
                continue;
            }
            Set<Object> positions = positionsByValue.get(value);
            if (positions != null) {
                positions.remove(position);
                if (positions.isEmpty()) {
                    positionsByValue.remove(value);
                }
            }
        }
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: nothing to check
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
            MongoCollection<Object> collection) {
        removePosition(position);
        add(newDocument, position, collection);
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return QueryConditions.of(query).on(field) != null;
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        QueryConditions.Condition condition = QueryConditions.of(query).on(field);
        Collection<Set<Object>> matching;
        if (condition.isEquality()) {
            matching = new ArrayList<>();
            for (Object value : condition.equalTo()) {
                Set<Object> positions = positionsByValue.get(value);
                if (positions != null) {
                    matching.add(positions);
                }
            }
        }
        else if (condition.isRange()) {
            NavigableMap<Object, Set<Object>> range = positionsByValue;
            if (condition.lower() != null) {
                range = range.tailMap(condition.lower(), condition.lowerInclusive());
            }
            if (condition.upper() != null) {
                range = range.headMap(condition.upper(), condition.upperInclusive());
            }
            matching = new ArrayList<>(range.values());
            matching.add(positionsUnordered);
        }
        else {
            matching = new ArrayList<>(positionsByValue.values());
            matching.add(positionsUnordered);
        }
        // in _id order, as a collection scan of the H2 backend returns them
        Set<Object> result = new TreeSet<>(ValueComparator.asc());
        for (Set<Object> positions : matching) {
            result.addAll(positions);
        }
        return new ArrayList<>(result);
    }

    /** The first key's values of a document, normalized: one per array element; none when absent. */
    private List<Object> valuesOf(Document document) {
        Object value = Utils.getSubdocumentValueCollectionAware(document, field);
        List<Object> values = new ArrayList<>();
        if (value instanceof Collection<?> elements) {
            for (Object element : elements) {
                addValue(values, element);
            }
        }
        else {
            addValue(values, value);
        }
        return values;
    }

    private static void addValue(List<Object> values, Object value) {
        if (value instanceof Missing) {
            return;
        }
        if (value == null || value instanceof Collection<?>) {
            if (!values.contains(UNORDERED)) {
                values.add(UNORDERED);
            }
            return;
        }
        Object normalized = new KeyValue(value).normalized().get(0);
        if (!values.contains(normalized)) {
            values.add(normalized);
        }
    }

    @Override
    public synchronized long getCount() {
        return valuesByPosition.size();
    }

    @Override
    public synchronized long getDataSize() {
        return getCount();
    }

    @Override
    public synchronized void drop() {
        positionsByValue.clear();
        positionsUnordered.clear();
        valuesByPosition.clear();
    }
}
