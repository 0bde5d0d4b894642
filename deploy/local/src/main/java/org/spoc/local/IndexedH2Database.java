package org.spoc.local;

import java.lang.reflect.Field;
import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The H2 database of mongo-java-server with working indexes and isolated documents: non-unique
 * indexes are kept (in memory, see {@link SecondaryIndex}) instead of being ignored, single-key
 * unique indexes also serve queries that name other fields besides their key (see
 * {@link UniqueKeyLookup}), and collections hand out copies, never the stored documents (see
 * {@link IsolatedH2Collection}).
 *
 * <p>The overrides run inside {@link H2Database}'s constructor (it opens the stored collections and
 * indexes there), so they use nothing but their arguments and the superclasses' state.
 */
final class IndexedH2Database extends H2Database {

    private static final Field MV_STORE = mvStoreField();
    /** Which format each unique index map is in (absent: Java-serialization order, before this class). */
    private static final String FORMATS_MAP = "$spoc.indexFormats"; // no database name has a $: never dropped with one
    private static final int INDEX_KEYS_BY_VALUE = 2;

    /** {@code null} while the constructor opens the stored collections. */
    private final @Nullable DurableH2Backend backend;

    /**
     * @param backend the backend this database belongs to, asked for its redo log when a collection
     *        writes and told when a collection is created (it may still be in its own constructor here)
     */
    IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry, DurableH2Backend backend) {
        super(databaseName, mvStore, cursorRegistry);
        this.backend = backend;
    }

    /** Where this database's collections record what they store (see {@link RedoLog}). */
    RedoLog redoLog() {
        return java.util.Objects.requireNonNull(backend).redoLog();
    }

    /** Collections that copy what they hand out (see {@link IsolatedH2Collection}). */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        if (backend != null) {
            backend.structureChanged();
        }
        MVStore mvStore = mvStore();
        String fullName = getFullCollectionNamespace(collectionName);
        // the same maps H2Database opens for a collection, documents stored as BSON
        MVMap<Object, Document> dataMap = mvStore.openMap("databases." + fullName,
                new MVMap.Builder<Object, Document>().keyType(new StoreDataTypes.Keys())
                        .valueType(new StoreDataTypes.Documents()));
        MVMap<String, Object> metaMap = mvStore.openMap("meta." + fullName);
        return new IsolatedH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    /**
     * Opens a unique index's map with keys compared by value ({@link StoreDataTypes.IndexKeys}). A map
     * written by an earlier version is in another order: it is dropped, and mongo-java-server rebuilds
     * an empty index from the collection's documents when it adds the index to the collection.
     */
    private static void openIndexKeysMap(MVStore mvStore, String mapName) {
        MVMap<String, Integer> formats = mvStore.openMap(FORMATS_MAP);
        if (mvStore.hasMap(mapName) && !Integer.valueOf(INDEX_KEYS_BY_VALUE).equals(formats.get(mapName))) {
            mvStore.removeMap(mapName);
        }
        mvStore.openMap(mapName, new MVMap.Builder<Object, Object>().keyType(new StoreDataTypes.IndexKeys())
                .valueType(new StoreDataTypes.Keys()));
        formats.put(mapName, INDEX_KEYS_BY_VALUE);
    }

    /**
     * An aggregation that opens with {@code $match} reads only what matches (see
     * {@link IsolatedH2Collection#aggregating}); the driver's {@code countDocuments} is counted from an
     * index where one holds every field its filter names (see {@link IsolatedH2Collection#countFromIndex}).
     */
    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
        if ("aggregate".equalsIgnoreCase(command) && query.get(command) instanceof String collection
                && query.get("pipeline") instanceof List<?> pipeline && !pipeline.isEmpty()
                && pipeline.get(0) instanceof Document first && first.size() == 1
                && first.get("$match") instanceof Document match) {
            Document counted = countFromIndex(collection, match, pipeline);
            if (counted != null) {
                return counted;
            }
            return IsolatedH2Collection.aggregating(getFullCollectionNamespace(collection), match,
                    () -> super.handleCommand(channel, command, query, resolver, oplog));
        }
        return super.handleCommand(channel, command, query, resolver, oplog);
    }

    /**
     * The reply to {@code [{$match: match}, {$group: {_id: <constant>, <name>: {$sum: 1}}}]} (what the
     * driver's {@code countDocuments} sends) when an index can count {@code match}; otherwise {@code null}.
     * Like the aggregation, it answers no document when none matches.
     */
    private @Nullable Document countFromIndex(String collectionName, Document match, List<?> pipeline) {
        if (pipeline.size() != 2 || !(pipeline.get(1) instanceof Document stage) || stage.size() != 1
                || !(stage.get("$group") instanceof Document group) || group.size() != 2 || !group.containsKey("_id")) {
            return null;
        }
        Object id = group.get("_id");
        if (id instanceof Document || id instanceof List<?> || (id instanceof String s && s.startsWith("$"))) {
            return null; // grouped by a field: not one count
        }
        String name = group.keySet().stream().filter(key -> !key.equals("_id")).findFirst().orElseThrow();
        if (!(group.get(name) instanceof Document sum) || sum.size() != 1
                || !(sum.get("$sum") instanceof Number one) || one.doubleValue() != 1) {
            return null;
        }
        if (!(resolveCollection(collectionName, false) instanceof IsolatedH2Collection collection)) {
            return null;
        }
        Long count = collection.countFromIndex(match);
        if (count == null) {
            return null;
        }
        List<Document> batch = count == 0 ? List.of() : List.of(new Document("_id", id)
                .append(name, count <= Integer.MAX_VALUE ? (Object) count.intValue() : count));
        Document cursor = new Document("id", 0L).append("ns", getFullCollectionNamespace(collectionName))
                .append("firstBatch", batch);
        return new Document("cursor", cursor).append("ok", 1.0);
    }

    /** H2Database's store: called while its constructor runs, before any field of this class is set. */
    private MVStore mvStore() {
        try {
            return (MVStore) MV_STORE.get(this);
        }
        catch (IllegalAccessException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Field mvStoreField() {
        try {
            Field field = H2Database.class.getDeclaredField("mvStore");
            field.setAccessible(true);
            return field;
        }
        catch (NoSuchFieldException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        openIndexKeysMap(mvStore(), getFullCollectionNamespace(collectionName) + "._index_" + indexName);
        // H2Database opens the map by the same name and gets the one opened here
        Index<Object> index = super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        return keys.size() == 1 ? new UniqueKeyLookup(index, sparse) : index;
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        return new SecondaryIndex(indexName, keys, sparse);
    }
}
