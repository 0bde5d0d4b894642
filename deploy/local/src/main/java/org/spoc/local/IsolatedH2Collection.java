package org.spoc.local;

import java.util.Comparator;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection that never hands out the documents it stores, only copies of them.
 *
 * <p>mongo-java-server updates a document in place: the instance a query found is changed and put
 * back. Its replies are encoded after the collection's lock is released, so a reply could carry a
 * document while another command was changing it: {@code findAndModify $inc} returned another
 * caller's value (400 concurrent increments gave 182 distinct answers), and a plain {@code find}
 * could read half of an update. Every matched document is copied while the lock is still held, so an
 * update changes the copy (then stored) and a reply owns what it encodes.
 */
final class IsolatedH2Collection extends H2Collection {

    private static final Document ALL = new Document();

    IsolatedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
            MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documentStream, int numberToSkip,
            int limit, int batchSize, Comparator<Document> documentComparator, Document fieldSelector) {
        Stream<Document> copies = documentStream.filter(document -> documentMatchesQuery(document, query))
                .map(Document::cloneDeeply);
        // the copies match already: the empty query lets the library sort, skip, limit and project them
        // without matching each one a second time
        return super.matchDocumentsFromStream(ALL, copies, numberToSkip, limit, batchSize, documentComparator,
                fieldSelector);
    }
}
