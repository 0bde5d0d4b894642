package org.spoc.knowledge.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.bson.Document;
import org.spoc.events.CloudEvent;
import org.spoc.kit.outbox.OutboxEntry;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The articles in MongoDB, the source of truth. A change and the events it causes are one document
 * write (the kit's outbox inside the article); an update only applies over the revision it was made
 * from, so two concurrent edits cannot silently overwrite each other.
 */
public class ArticleStore {

    static final String COUNTERS = "knowledge_counters";
    private static final String REVISION_COUNTER = "article-revision";

    private final MongoTemplate mongo;

    public ArticleStore(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(Article.COLLECTION).createIndex(new Index("revision", Sort.Direction.ASC));
        mongo.indexOps(Article.COLLECTION).createIndex(new Index("problemId", Sort.Direction.ASC));
        mongo.indexOps(Article.COLLECTION).createIndex(new Index("relatedTickets", Sort.Direction.ASC));
    }

    /** The next revision number, unique and rising across all articles and replicas. */
    public long nextRevision() {
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is(REVISION_COUNTER)),
                new Update().inc("value", 1L), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, COUNTERS);
        return ((Number) counter.get("value")).longValue();
    }

    /**
     * Stores a new article with its events.
     * @throws org.springframework.dao.DuplicateKeyException when the id is taken
     */
    public void insert(Article article, List<CloudEvent> events) {
        Document doc = toDocument(article);
        doc.put(OutboxEntry.FIELD, outbox(events));
        mongo.insert(doc, Article.COLLECTION);
    }

    /**
     * Stores {@code after} over {@code before} with its events, if nobody changed the article since.
     * @throws OptimisticLockingFailureException when the stored revision is no longer {@code before}'s
     */
    public void update(Article before, Article after, List<CloudEvent> events) {
        Document doc = toDocument(after);
        doc.remove("_id");
        Update update = new Update();
        doc.forEach(update::set);
        if (!events.isEmpty()) {
            update.push(OutboxEntry.FIELD).each(outbox(events).toArray());
        }
        long matched = mongo.updateFirst(
                Query.query(Criteria.where("_id").is(before.id()).and("revision").is(before.revision())), update,
                Article.COLLECTION).getMatchedCount();
        if (matched == 0) {
            throw new OptimisticLockingFailureException("article " + before.id() + " was changed meanwhile");
        }
    }

    public Optional<Article> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Article.class, Article.COLLECTION));
    }

    public Optional<Article> findKnownError(String problemId) {
        return Optional.ofNullable(mongo.findOne(
                Query.query(Criteria.where("problemId").is(problemId).and("knownError").is(true)), Article.class,
                Article.COLLECTION));
    }

    public boolean anyRelatedTo(String ticketId) {
        return mongo.exists(Query.query(Criteria.where("relatedTickets").is(ticketId)), Article.COLLECTION);
    }

    /** Adds a resolved ticket to a proposed draft once: returns whether it was new there. */
    public boolean addRelatedTicket(String articleId, String ticketId) {
        return mongo.updateFirst(
                Query.query(Criteria.where("_id").is(articleId).and("relatedTickets").ne(ticketId)),
                new Update().addToSet("relatedTickets", ticketId).inc("occurrences", 1), Article.COLLECTION)
                .getModifiedCount() > 0;
    }

    public long count() {
        return mongo.count(new Query(), Article.COLLECTION);
    }

    /** Every article, in batches, oldest revision first. */
    public void forEach(Consumer<List<Article>> batch, int size) {
        long after = Long.MIN_VALUE;
        while (true) {
            List<Article> page = changedAfter(after, size);
            if (page.isEmpty()) {
                return;
            }
            batch.accept(page);
            after = page.getLast().revision();
        }
    }

    /** Articles with a revision above {@code revision}, lowest first. */
    public List<Article> changedAfter(long revision, int limit) {
        Query query = Query.query(Criteria.where("revision").gt(revision))
                .with(Sort.by(Sort.Direction.ASC, "revision")).limit(limit);
        query.fields().exclude(OutboxEntry.FIELD);
        return mongo.find(query, Article.class, Article.COLLECTION);
    }

    private Document toDocument(Article article) {
        Document doc = new Document();
        mongo.getConverter().write(article, doc);
        doc.remove("_class");
        return doc;
    }

    private List<Document> outbox(List<CloudEvent> events) {
        List<Document> entries = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            Document entry = new Document();
            mongo.getConverter().write(OutboxEntry.of(event), entry);
            entry.remove("_class");
            entries.add(entry);
        }
        return entries;
    }
}
