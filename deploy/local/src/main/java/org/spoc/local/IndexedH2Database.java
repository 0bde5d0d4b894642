package org.spoc.local;

import java.util.List;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVStore;

/**
 * The H2 database of mongo-java-server with working indexes: non-unique indexes are kept (in
 * memory, see {@link SecondaryIndex}) instead of being ignored, and single-key unique indexes
 * also serve queries that name other fields besides their key (see {@link UniqueKeyLookup}).
 *
 * <p>The overrides run inside {@link H2Database}'s constructor (it opens the stored indexes there),
 * so they use nothing but their arguments.
 */
final class IndexedH2Database extends H2Database {

    IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        Index<Object> index = super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        return keys.size() == 1 ? new UniqueKeyLookup(index, sparse) : index;
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        return new SecondaryIndex(indexName, keys, sparse);
    }
}
