package org.spoc.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * A non-unique index for mongo-java-server, which otherwise ignores them (every query on a
 * non-{@code _id} field scanned the whole collection, 37 % of the store's CPU in the bench profile).
 *
 * <p>It is kept in memory, one ordered map per key of the index, and rebuilt from the collection
 * when the store opens (the collection is the durable truth; mongo-java-server builds an empty index
 * from the stored documents). A query is served when it constrains the index's first key, as in
 * MongoDB, with equality, {@code $in}, a range or {@code $exists: true}; every further key of a
 * compound index that the query constrains narrows the candidates too (the mail queue's
 * {@code {channel, state, dueAt}} finds the few pending mails, not every mail of the channel). The
 * answer is the positions of every document that may match, never fewer: the store applies the whole
 * query to those documents afterwards, so an index only decides how much is read. Array values are
 * indexed element by element (multikey), like MongoDB.
 */
final class SecondaryIndex extends Index<Object> {

    private final List<KeyPositions> keys = new ArrayList<>();
    private final Map<String, KeyPositions> keysByField = new HashMap<>();

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        for (IndexKey key : keys) {
            KeyPositions positions = new KeyPositions(key.getKey());
            this.keys.add(positions);
            keysByField.put(positions.field, positions);
        }
    }

    String field() {
        return keys.get(0).field;
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
        for (KeyPositions key : keys) {
            key.add(document, position);
        }
    }

    @Override
    public synchronized Object remove(Document document) {
        Object position = Missing.ofNullable(Utils.getSubdocumentValue(document, "_id"));
        keys.forEach(key -> key.remove(position));
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: nothing to check
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
            MongoCollection<Object> collection) {
        for (KeyPositions key : keys) {
            key.update(newDocument, position);
        }
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return QueryConditions.of(query).on(field()) != null;
    }

    /**
     * The positions that satisfy the conditions on every constrained key: the key with the fewest
     * candidates drives, the others only filter, so no large set is copied.
     */
    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        // in _id order, as a collection scan of the H2 backend returns them
        Set<Object> result = new TreeSet<>(ValueComparator.asc());
        collectPositions(QueryConditions.of(query), result);
        return new ArrayList<>(result);
    }

    private void collectPositions(QueryConditions conditions, Set<Object> result) {
        List<List<Set<Object>>> constrained = new ArrayList<>();
        for (KeyPositions key : keys) {
            QueryConditions.Condition condition = conditions.on(key.field);
            if (condition != null) {
                constrained.add(key.candidates(condition));
            }
        }
        constrained.sort(Comparator.comparingLong(SecondaryIndex::size));
        List<List<Set<Object>>> filters = constrained.subList(1, constrained.size());
        for (Set<Object> positions : constrained.get(0)) {
            for (Object position : positions) {
                if (filters.stream().allMatch(filter -> contains(filter, position))) {
                    result.add(position);
                }
            }
        }
    }

    /**
     * The first {@code wanted} positions that {@code accept} takes, in the order {@code orderBy} asks for,
     * read from this index's ordered key instead of sorting every candidate; {@code null} when the index
     * cannot give that order. It can when {@code orderBy} is one key of this index, then at most
     * {@code _id}, and the query constrains that key (so a document without it cannot match), and no
     * document has an array or a {@code null} there (their order is not the map's). Ties are in
     * {@code _id} order, as the in-memory sort of the {@code _id}-ordered candidates leaves them. Other
     * keys of the index the query constrains filter the positions before {@code accept} reads them.
     *
     * <p>A problem-service look-up for the 200 incidents nearest a new one read every incident of the
     * scope's window and sorted them; this reads about 200.
     */
    synchronized @Nullable List<Object> firstInOrder(QueryConditions conditions, Document orderBy, int wanted,
            Predicate<Object> accept) {
        Iterator<Map.Entry<String, Object>> order = orderBy.entrySet().iterator();
        Map.Entry<String, Object> first = order.next();
        Integer direction = direction(first.getValue());
        Integer idDirection = 1;
        if (order.hasNext()) {
            Map.Entry<String, Object> second = order.next();
            idDirection = second.getKey().equals("_id") && !order.hasNext() ? direction(second.getValue()) : null;
        }
        KeyPositions sortKey = keysByField.get(first.getKey());
        QueryConditions.Condition onSortKey = sortKey == null ? null : conditions.on(sortKey.field);
        if (direction == null || idDirection == null || onSortKey == null || sortKey.unorderedValues()) {
            return null;
        }
        List<List<Set<Object>>> filters = new ArrayList<>();
        for (KeyPositions key : keys) {
            QueryConditions.Condition condition = key == sortKey ? null : conditions.on(key.field);
            if (condition != null) {
                filters.add(key.candidates(condition));
            }
        }
        NavigableMap<Object, Set<Object>> range = sortKey.range(onSortKey);
        Comparator<Object> ties = idDirection > 0 ? ValueComparator.asc() : ValueComparator.desc();
        List<Object> taken = new ArrayList<>(Math.min(wanted, 1024));
        for (Set<Object> positions : (direction > 0 ? range : range.descendingMap()).values()) {
            List<Object> tied = new ArrayList<>(positions);
            if (tied.size() > 1) {
                tied.sort(ties);
            }
            for (Object position : tied) {
                if (filters.stream().allMatch(filter -> contains(filter, position)) && accept.test(position)) {
                    taken.add(position);
                    if (taken.size() >= wanted) {
                        return taken;
                    }
                }
            }
        }
        return taken;
    }

    /**
     * How many documents match {@code query}, decided from this index's own values of each document where
     * it can (see {@link CoveredQuery}); a document it cannot decide is handed to {@code readAndMatch}.
     * {@code null} when the index cannot count the query: it names a field the index does not hold, or
     * does not constrain the index's first key.
     *
     * <p>problem-service's baseline counts ("incidents of this scope in the last week, cancelled ones and
     * this one aside") read and matched every incident of the week for each new incident; this reads
     * none of them.
     */
    synchronized @Nullable Long count(CoveredQuery query, QueryConditions conditions, Predicate<Object> readAndMatch) {
        for (String field : query.fields()) {
            if (!field.equals("_id") && !keysByField.containsKey(field)) {
                return null;
            }
        }
        if (conditions.on(field()) == null) {
            return null;
        }
        Set<Object> positions = new HashSet<>(); // a count needs no order
        collectPositions(conditions, positions);
        long count = 0;
        for (Object position : positions) {
            Boolean matches = query.matches(field -> field.equals("_id") ? CoveredQuery.normalized(position)
                    : keysByField.get(field).valueAt(position));
            if (matches == null ? readAndMatch.test(position) : matches) {
                count++;
            }
        }
        return count;
    }

    /** How many keys of this index the query constrains: the more, the fewer documents an ordered read looks at. */
    synchronized int constrainedKeys(QueryConditions conditions) {
        return (int) keys.stream().filter(key -> conditions.on(key.field) != null).count();
    }

    private static @Nullable Integer direction(Object value) {
        return value instanceof Number number && Math.abs(number.intValue()) == 1 ? number.intValue() : null;
    }

    private static long size(List<Set<Object>> candidates) {
        return candidates.stream().mapToLong(Set::size).sum();
    }

    private static boolean contains(List<Set<Object>> candidates, Object position) {
        for (Set<Object> positions : candidates) {
            if (positions.contains(position)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized long getCount() {
        return keys.get(0).valuesByPosition.size();
    }

    @Override
    public synchronized long getDataSize() {
        return getCount();
    }

    @Override
    public synchronized void drop() {
        keys.forEach(KeyPositions::clear);
    }

    /** The positions of the documents by their values of one key of the index. */
    private static final class KeyPositions {

        /** Values an ordered map cannot hold (a nested array, and null): still candidates for existence and ranges. */
        private static final Object UNORDERED = new Object();

        private final String field;
        private final NavigableMap<Object, Set<Object>> positionsByValue = new TreeMap<>(ValueComparator.asc());
        private final Set<Object> positionsUnordered = new LinkedHashSet<>();
        private final Map<Object, List<Object>> valuesByPosition = new HashMap<>();
        /** Documents whose value here is an array: sorted by one element, not in the map's order. */
        private int arrays;

        KeyPositions(String field) {
            this.field = field;
        }

        void add(Document document, Object position) {
            add(valuesOf(document), position);
        }

        /**
         * Indexes the document's new value, unless it is the value already indexed: most updates change
         * a field or two (a status, an outbox lease), and taking every key's value out of its ordered map
         * and putting it back was a third of what an update cost the store.
         */
        void update(Document document, Object position) {
            List<Object> values = valuesOf(document);
            List<Object> indexed = valuesByPosition.get(position);
            if (indexed == null ? values.isEmpty() : indexed.getClass() == values.getClass() && indexed.equals(values)) {
                return;
            }
            remove(position);
            add(values, position);
        }

        private void add(List<Object> values, Object position) {
            if (values.isEmpty()) {
                return; // absent: no condition an index serves (equality, range, existence) can match it
            }
            if (values instanceof ArrayValues) {
                arrays++;
            }
            valuesByPosition.put(position, values);
            for (Object value : values) {
                if (value == UNORDERED || value == CoveredQuery.NULL) {
                    positionsUnordered.add(position);
                }
                else {
                    positionsByValue.computeIfAbsent(value, key -> new LinkedHashSet<>()).add(position);
                }
            }
        }

        void remove(Object position) {
            List<Object> values = valuesByPosition.remove(position);
            if (values == null) {
                return;
            }
            if (values instanceof ArrayValues) {
                arrays--;
            }
            for (Object value : values) {
                if (value == UNORDERED || value == CoveredQuery.NULL) {
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

        /** The sets whose union holds every document that may satisfy the condition (live views: read under the lock). */
        List<Set<Object>> candidates(QueryConditions.Condition condition) {
            List<Set<Object>> matching = new ArrayList<>(range(condition).values());
            if (!condition.isEquality()) {
                matching.add(positionsUnordered);
            }
            return matching;
        }

        /** The ordered values the condition may be satisfied by, with their positions (a live view for a range). */
        NavigableMap<Object, Set<Object>> range(QueryConditions.Condition condition) {
            if (condition.isEquality()) {
                NavigableMap<Object, Set<Object>> equal = new TreeMap<>(ValueComparator.asc());
                for (Object value : condition.equalTo()) {
                    Set<Object> positions = positionsByValue.get(value);
                    if (positions != null) {
                        equal.put(value, positions);
                    }
                }
                return equal;
            }
            NavigableMap<Object, Set<Object>> range = positionsByValue;
            if (condition.lower() != null) {
                range = range.tailMap(condition.lower(), condition.lowerInclusive());
            }
            if (condition.upper() != null) {
                range = range.headMap(condition.upper(), condition.upperInclusive());
            }
            return range;
        }

        /**
         * A document's value here as {@link CoveredQuery} tests it: {@link CoveredQuery#MISSING},
         * {@link CoveredQuery#NULL}, the scalar, or {@code null} for an array or nested array (read the document).
         */
        @Nullable Object valueAt(Object position) {
            List<Object> values = valuesByPosition.get(position);
            if (values == null) {
                return CoveredQuery.MISSING;
            }
            if (values instanceof ArrayValues || values.size() != 1 || values.get(0) == UNORDERED) {
                return null;
            }
            return values.get(0);
        }

        /** True when some document's value is not in the ordered map alone: null, an array. */
        boolean unorderedValues() {
            return !positionsUnordered.isEmpty() || arrays > 0;
        }

        void clear() {
            positionsByValue.clear();
            positionsUnordered.clear();
            valuesByPosition.clear();
        }

        /** The key's values of a document, normalized: one per array element; none when absent. */
        private List<Object> valuesOf(Document document) {
            Object value = Utils.getSubdocumentValueCollectionAware(document, field);
            List<Object> values = value instanceof Collection<?> ? new ArrayValues() : new ArrayList<>();
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
                Object marker = value == null ? CoveredQuery.NULL : UNORDERED;
                if (!values.contains(marker)) {
                    values.add(marker);
                }
                return;
            }
            Object normalized = new KeyValue(value).normalized().get(0);
            if (!values.contains(normalized)) {
                values.add(normalized);
            }
        }
    }

    /** A document's values of a key that holds an array (see {@link KeyPositions#unorderedValues}). */
    private static final class ArrayValues extends ArrayList<Object> {
    }
}
