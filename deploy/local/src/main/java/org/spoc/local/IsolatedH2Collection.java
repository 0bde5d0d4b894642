package org.spoc.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import org.jspecify.annotations.Nullable;

/**
 * An H2 collection whose stored documents never change once stored: a write changes a copy and
 * stores the copy (copy-on-write), so a reply or a commit may read a stored document at any time.
 *
 * <p>mongo-java-server updates a document in place: the instance a query found is changed and put
 * back. Its replies are encoded after the collection's lock is released, so a reply could carry a
 * document while another command was changing it: {@code findAndModify $inc} returned another
 * caller's value (400 concurrent increments gave 182 distinct answers), and a plain {@code find}
 * could read half of an update. Updates and {@code findAndModify} therefore work on copies of the
 * documents they match, made while the lock is held. Reads hand out the stored documents themselves:
 * copying every document a query returned cost more of the store's CPU than the queries did.
 *
 * <p>An aggregation reads the collection as a stream, read as the stages consume it: mongo-java-server
 * read the whole collection into a list first, so the driver's {@code countDocuments} (an aggregation)
 * of 100k SLA clocks took more than the store's 384 MB heap and the store stopped. A leading
 * {@code $match} is applied to that stream through an index that can serve it (see
 * {@link #aggregating}), so a count of a few documents reads those few.
 */
final class IsolatedH2Collection extends H2Collection {

    private static final Document ALL = new Document();
    /** Set while this thread runs a command that changes the documents its query matches. */
    private static final ThreadLocal<Boolean> WRITING = ThreadLocal.withInitial(() -> false);
    /** The leading {@code $match} of the aggregation this thread runs, until its collection is read. */
    private static final ThreadLocal<LeadingMatch> LEADING_MATCH = new ThreadLocal<>();

    private final MVMap<Object, Document> dataMap;

    IsolatedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
            MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        this.dataMap = dataMap;
    }

    private record LeadingMatch(String collection, Document query) {
    }

    /**
     * Runs an aggregation of collection {@code fullName} whose pipeline opens with {@code $match: query}:
     * the collection's stream then holds only documents matching {@code query}, found through an index
     * where one can serve it. The pipeline still applies its {@code $match}: what it reads is narrowed,
     * never its answer.
     */
    static <T> T aggregating(String fullName, Document query, Supplier<T> aggregation) {
        LEADING_MATCH.set(new LeadingMatch(fullName, query));
        try {
            return aggregation.get();
        }
        finally {
            LEADING_MATCH.remove();
        }
    }

    /** The documents, read lazily (see the class comment); narrowed by the leading match of an aggregation of this collection. */
    @Override
    public Stream<Document> queryAllAsStream() {
        LeadingMatch match = LEADING_MATCH.get();
        if (match == null || !match.collection().equals(getFullName())) {
            return dataMap.values().stream();
        }
        LEADING_MATCH.remove(); // the pipeline's own input only, not a $lookup of the same collection
        Document query = match.query();
        Index<Object> index = getIndexes().stream().filter(i -> i.canHandle(query)).findFirst().orElse(null);
        Stream<Document> candidates = index == null ? dataMap.values().stream()
                : StreamSupport.stream(index.getPositions(query).spliterator(), false).map(this::getDocument)
                        .filter(Objects::nonNull);
        return candidates.filter(document -> documentMatchesQuery(document, query));
    }

    /**
     * How many documents match {@code query}, counted from the index that holds every field the query
     * names and constrains the most of them (see {@link SecondaryIndex#count}): only the documents the
     * index cannot decide are read. {@code null} when no index can count the query.
     */
    @Nullable Long countFromIndex(Document query) {
        CoveredQuery covered = CoveredQuery.of(query);
        if (covered == null) {
            return null;
        }
        QueryConditions conditions = QueryConditions.of(query);
        Predicate<Object> readAndMatch = position -> readMatching(position, query) != null;
        for (SecondaryIndex index : narrowestFirst(conditions)) {
            Long count = index.count(covered, conditions, readAndMatch);
            if (count != null) {
                return count;
            }
        }
        return null;
    }

    /** The stored document at {@code position} if it matches {@code query}, else {@code null}. */
    private @Nullable Document readMatching(Object position, Document query) {
        Document document = getDocument(position);
        return document != null && documentMatchesQuery(document, query) ? document : null;
    }

    private List<SecondaryIndex> narrowestFirst(QueryConditions conditions) {
        return getIndexes().stream().filter(SecondaryIndex.class::isInstance).map(SecondaryIndex.class::cast)
                .sorted(Comparator.comparingInt((SecondaryIndex index) -> index.constrainedKeys(conditions)).reversed())
                .toList();
    }

    /**
     * A query with a sort and a limit reads its first documents in the order of an index that has the
     * sort key (see {@link SecondaryIndex#firstInOrder}) instead of reading and sorting every candidate.
     * Any other query reads the candidates of the secondary index that constrains the most of its keys,
     * where the library takes the first index that can serve it: notification-service's look-up of one
     * person's notifications about a ticket read all of that person's notifications through the inbox
     * index (about 40-70 ms at 20,000), not the few its subject index gives.
     */
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        QueryConditions conditions = QueryConditions.of(query);
        if (limit > 0 && orderBy != null && !orderBy.isEmpty()) {
            List<Document> found = new ArrayList<>();
            Predicate<Object> matches = position -> {
                Document document = readMatching(position, query);
                if (document != null) {
                    found.add(document);
                }
                return document != null;
            };
            for (SecondaryIndex secondary : narrowestFirst(conditions)) {
                if (secondary.firstInOrder(conditions, orderBy, numberToSkip + limit, matches) != null) {
                    return matchDocumentsFromStream(query, found.stream(), numberToSkip, limit, batchSize,
                            deriveComparator(orderBy), fieldSelector);
                }
            }
        }
        Index<Object> first = getIndexes().stream().filter(index -> index.canHandle(query)).findFirst().orElse(null);
        if (first instanceof SecondaryIndex) {
            SecondaryIndex narrowest = narrowestFirst(conditions).stream().filter(index -> index.canHandle(query))
                    .findFirst().orElseThrow();
            return matchDocuments(query, narrowest.getPositions(query), orderBy, numberToSkip, limit, batchSize,
                    fieldSelector);
        }
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    public Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters, boolean isMulti,
            boolean isUpsert, Oplog oplog) {
        return writing(() -> super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog));
    }

    @Override
    public Document findAndModify(Document query) {
        return writing(() -> super.findAndModify(query));
    }

    /** A document stored: recorded in the store's {@link RedoLog} (while the collection's lock is held, so in order). */
    @Override
    protected Object addDocumentInternal(Document document) {
        Object position = super.addDocumentInternal(document);
        redoLog().put(getDatabaseName(), getCollectionName(), document);
        return position;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        super.handleUpdate(position, oldDocument, newDocument);
        redoLog().put(getDatabaseName(), getCollectionName(), newDocument);
    }

    @Override
    protected void removeDocument(Object position) {
        Document removed = getDocument(position);
        super.removeDocument(position);
        if (removed != null) {
            redoLog().delete(getDatabaseName(), getCollectionName(), removed);
        }
    }

    /** The database's log, read when a write happens (the collection is built inside the database's constructor). */
    private RedoLog redoLog() {
        return ((IndexedH2Database) getDatabase()).redoLog();
    }

    private static Document writing(Supplier<Document> command) {
        WRITING.set(true);
        try {
            return command.get();
        }
        finally {
            WRITING.set(false);
        }
    }

    @Override
    protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documentStream, int numberToSkip,
            int limit, int batchSize, Comparator<Document> documentComparator, Document fieldSelector) {
        Stream<Document> matched = documentStream.filter(document -> documentMatchesQuery(document, query));
        if (WRITING.get()) {
            matched = matched.map(Document::cloneDeeply);
        }
        // the documents match already: the empty query lets the library sort, skip, limit and project
        // them without matching each one a second time
        return super.matchDocumentsFromStream(ALL, matched, numberToSkip, limit, batchSize, documentComparator,
                fieldSelector);
    }
}
