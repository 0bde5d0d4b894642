package org.spoc.ticket.domain;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.kit.outbox.OutboxEntry;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

/**
 * Stores tickets in collection {@code tickets}. A change is ONE {@code updateOne} guarded by the version the
 * ticket was read at: {@code $set} of the state, {@code $push} of the new comments, work log, attachments,
 * history and applied event ids, and {@code $push} of the events into the document's {@code outbox}. The
 * outbox relay's own {@code $pull} and lease are never overwritten, because the document is never replaced.
 */
@Repository
public class TicketRepository {

    public static final String COLLECTION = "tickets";

    /** Indexes by name; the agent queue and the auto-close sweep are served from them. */
    public static final String QUEUE_INDEX = "queue_group_open_priority_due_opened";
    public static final String ASSIGNEE_QUEUE_INDEX = "queue_assignee_open_priority_due_opened";
    public static final String SWEEP_INDEX = "sweep_status_resolvedAt";
    public static final String REQUESTER_INDEX = "requester_openedAt";
    public static final String NUMBER_INDEX = "number_unique";
    public static final String DEDUP_INDEX = "dedupKey_unique";
    public static final String OPENED_INDEX = "openedAt";
    public static final String PROBLEM_INDEX = "problem_id";

    private static final Set<String> APPENDED = Set.of("comments", "workLog", "attachments", "history",
            "appliedEvents");

    private final MongoTemplate mongo;
    private final MongoConverter converter;

    public TicketRepository(MongoTemplate mongo) {
        this.mongo = mongo;
        this.converter = mongo.getConverter();
    }

    /** Creates the indexes (idempotent; run at start). */
    public void ensureIndexes() {
        MongoCollection<Document> c = collection();
        c.createIndex(Indexes.ascending("number"), new IndexOptions().name(NUMBER_INDEX).unique(true));
        c.createIndex(Indexes.ascending("dedupKey"), new IndexOptions().name(DEDUP_INDEX).unique(true));
        c.createIndex(Indexes.ascending("assignmentGroup", "open", "priority", "dueAt", "openedAt"),
                new IndexOptions().name(QUEUE_INDEX));
        c.createIndex(Indexes.ascending("assignee", "open", "priority", "dueAt", "openedAt"),
                new IndexOptions().name(ASSIGNEE_QUEUE_INDEX));
        c.createIndex(Indexes.ascending("status", "resolvedAt"), new IndexOptions().name(SWEEP_INDEX));
        c.createIndex(Indexes.compoundIndex(Indexes.ascending("requester"), Indexes.descending("openedAt")),
                new IndexOptions().name(REQUESTER_INDEX));
        c.createIndex(Indexes.ascending("openedAt"), new IndexOptions().name(OPENED_INDEX));
        c.createIndex(Indexes.ascending("problem.problemId"), new IndexOptions().name(PROBLEM_INDEX));
    }

    public List<String> indexNames() {
        List<String> names = new ArrayList<>();
        collection().listIndexes().forEach(index -> names.add(index.getString("name")));
        return names;
    }

    /**
     * Inserts a new ticket with its pending events in its outbox.
     * @throws DuplicateTicket when its number or dedup key (idempotency key, import source id) exists
     */
    public void insert(Ticket ticket) {
        Document doc = toDocument(ticket);
        doc.put(OutboxEntry.FIELD, outbox(ticket));
        try {
            collection().insertOne(doc);
        }
        catch (MongoWriteException ex) {
            if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new DuplicateTicket(ticket.dedupKey(), ex);
            }
            throw ex;
        }
        ticket.markStored();
    }

    /** Inserts many new tickets at once (import); the ones whose dedup key exists are reported, not stored. */
    public Set<String> insertAll(List<Ticket> tickets) {
        if (tickets.isEmpty()) {
            return Set.of();
        }
        List<Document> docs = new ArrayList<>(tickets.size());
        for (Ticket ticket : tickets) {
            Document doc = toDocument(ticket);
            doc.put(OutboxEntry.FIELD, outbox(ticket));
            docs.add(doc);
        }
        Set<String> duplicates = new LinkedHashSet<>();
        try {
            collection().insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
        }
        catch (com.mongodb.MongoBulkWriteException ex) {
            for (var error : ex.getWriteErrors()) {
                if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw ex;
                }
                duplicates.add(tickets.get(error.getIndex()).dedupKey());
            }
        }
        tickets.forEach(Ticket::markStored);
        return duplicates;
    }

    /**
     * Stores the changes made since the ticket was read, in one write guarded by that version.
     * @return false when someone else changed the ticket in between (nothing is written)
     */
    public boolean update(Ticket ticket) {
        Ticket.Baseline baseline = ticket.baseline();
        if (baseline == null) {
            throw new IllegalStateException("ticket " + ticket.id() + " was never stored");
        }
        Document state = toDocument(ticket);
        Document set = new Document();
        Document unset = new Document();
        for (String field : mappedFields()) {
            if (field.equals("_id") || APPENDED.contains(field)) {
                continue;
            }
            if (state.containsKey(field)) {
                set.put(field, state.get(field));
            }
            else {
                unset.put(field, "");
            }
        }
        Document push = new Document();
        pushEach(push, "comments", ticket.commentsSinceBaseline());
        pushEach(push, "workLog", ticket.workLogSinceBaseline());
        pushEach(push, "attachments", ticket.attachmentsSinceBaseline());
        pushEach(push, "history", ticket.historySinceBaseline());
        pushEach(push, "appliedEvents", ticket.appliedEventsSinceBaseline());
        List<Document> events = outbox(ticket);
        if (!events.isEmpty()) {
            push.put(OutboxEntry.FIELD, new Document("$each", events));
        }
        Document update = new Document("$set", set);
        if (!unset.isEmpty()) {
            update.put("$unset", unset);
        }
        if (!push.isEmpty()) {
            update.put("$push", push);
        }
        UpdateResult result = collection().updateOne(
                Filters.and(Filters.eq("_id", ticket.id()), Filters.eq("version", baseline.version())), update);
        if (result.getMatchedCount() == 0) {
            return false;
        }
        ticket.markStored();
        return true;
    }

    public Optional<Ticket> findById(String id) {
        return findOne(Filters.eq("_id", id));
    }

    public Optional<Ticket> findByNumber(String number) {
        return findOne(Filters.eq("number", number));
    }

    public Optional<Ticket> findByDedupKey(String dedupKey) {
        return findOne(Filters.eq("dedupKey", dedupKey));
    }

    /** Existing dedup keys among {@code keys} (the import's duplicate check). */
    public Set<String> existingDedupKeys(List<String> keys) {
        Set<String> found = new LinkedHashSet<>();
        collection().find(Filters.in("dedupKey", keys)).projection(new Document("dedupKey", 1))
                .forEach(d -> found.add(d.getString("dedupKey")));
        return found;
    }

    /** Ticket ids linked to a problem. */
    public List<String> idsLinkedTo(String problemId) {
        List<String> ids = new ArrayList<>();
        collection().find(Filters.eq("problem.problemId", problemId)).projection(new Document("_id", 1))
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    /** A page of tickets matching {@code query}, and the total number of matches. */
    public TicketPage search(TicketQuery query) {
        Query q = new Query(criteria(query));
        long total = mongo.count(q, COLLECTION);
        q.with(query.sort()).skip((long) query.page() * query.size()).limit(query.size());
        List<Ticket> tickets = mongo.find(q, Ticket.class, COLLECTION);
        tickets.forEach(Ticket::markStored);
        return new TicketPage(tickets, query.page(), query.size(), total);
    }

    /**
     * The open tickets of the given groups (or of one assignee), most urgent first: priority, then the
     * nearest due time (the SLA risk), then age. Served from {@link #QUEUE_INDEX} / {@link #ASSIGNEE_QUEUE_INDEX}.
     */
    public TicketPage queue(List<String> groups, @Nullable String assignee, int page, int size) {
        Criteria c = assignee != null ? Criteria.where("assignee").is(assignee).and("open").is(true)
                : Criteria.where("assignmentGroup").in(groups).and("open").is(true);
        Query q = new Query(c);
        long total = mongo.count(q, COLLECTION);
        q.with(queueSort()).skip((long) page * size).limit(size);
        List<Ticket> tickets = mongo.find(q, Ticket.class, COLLECTION);
        tickets.forEach(Ticket::markStored);
        return new TicketPage(tickets, page, size, total);
    }

    public static Sort queueSort() {
        return Sort.by(Sort.Order.asc("priority"), Sort.Order.asc("dueAt"), Sort.Order.asc("openedAt"));
    }

    /** The queue query's filter and sort as raw documents, for the query-plan check. */
    public static Document queueFilter(String group) {
        return new Document("assignmentGroup", group).append("open", true);
    }

    public static Document queueSortDocument() {
        return new Document("priority", 1).append("dueAt", 1).append("openedAt", 1);
    }

    /** RESOLVED tickets resolved before {@code before}: the auto-close sweep's work. */
    public List<Ticket> resolvedBefore(java.time.Instant before, int limit) {
        Query q = new Query(Criteria.where("status").is("RESOLVED").and("resolvedAt").lt(Date.from(before)))
                .limit(limit);
        List<Ticket> tickets = mongo.find(q, Ticket.class, COLLECTION);
        tickets.forEach(Ticket::markStored);
        return tickets;
    }

    /** Open tickets per assignee among {@code members} (for fewest-open assignment). */
    public long openCountOf(String assignee) {
        return collection().countDocuments(Filters.and(Filters.eq("assignee", assignee), Filters.eq("open", true)));
    }

    /** Tickets opened in [from, to), for statistics. */
    public List<Ticket> openedBetween(java.time.Instant from, java.time.Instant to) {
        Query q = new Query(Criteria.where("openedAt").gte(Date.from(from)).lt(Date.from(to)));
        q.fields().exclude("outbox").exclude("comments").exclude("history").exclude("attachments")
                .exclude("appliedEvents").exclude("form");
        return mongo.find(q, Ticket.class, COLLECTION);
    }

    public MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    // ---------------------------------------------------------------- internals

    private Optional<Ticket> findOne(Bson filter) {
        Document doc = collection().find(filter).first();
        if (doc == null) {
            return Optional.empty();
        }
        Ticket ticket = converter.read(Ticket.class, doc);
        ticket.markStored();
        return Optional.of(ticket);
    }

    private Criteria criteria(TicketQuery query) {
        List<Criteria> all = new ArrayList<>();
        if (!query.statuses().isEmpty()) {
            all.add(Criteria.where("status").in(query.statuses().stream().map(Enum::name).toList()));
        }
        if (!query.priorities().isEmpty()) {
            all.add(Criteria.where("priority").in(query.priorities().stream().map(Enum::name).toList()));
        }
        if (query.type() != null) {
            all.add(Criteria.where("type").is(query.type().name()));
        }
        if (query.assignmentGroup() != null) {
            all.add(Criteria.where("assignmentGroup").is(query.assignmentGroup()));
        }
        if (query.assignee() != null) {
            all.add(Criteria.where("assignee").is(query.assignee()));
        }
        if (query.requester() != null) {
            all.add(Criteria.where("requester").is(query.requester()));
        }
        if (query.category() != null) {
            all.add(Criteria.where("category").is(query.category()));
        }
        if (query.text() != null) {
            Pattern pattern = Pattern.compile(Pattern.quote(query.text()), Pattern.CASE_INSENSITIVE);
            all.add(new Criteria().orOperator(Criteria.where("title").regex(pattern),
                    Criteria.where("description").regex(pattern)));
        }
        return all.isEmpty() ? new Criteria() : new Criteria().andOperator(all);
    }

    private Document toDocument(Ticket ticket) {
        Document doc = new Document();
        converter.write(ticket, doc);
        doc.remove("_class");
        return doc;
    }

    private List<String> mappedFields() {
        MongoPersistentEntity<?> entity = converter.getMappingContext().getRequiredPersistentEntity(Ticket.class);
        List<String> fields = new ArrayList<>();
        for (MongoPersistentProperty property : entity) {
            fields.add(property.getFieldName());
        }
        return fields;
    }

    private void pushEach(Document push, String field, List<?> items) {
        if (items.isEmpty()) {
            return;
        }
        Object converted = converter.convertToMongoType(items);
        push.put(field, new Document("$each", converted));
    }

    private static List<Document> outbox(Ticket ticket) {
        List<Document> entries = new ArrayList<>();
        for (RaisedEvent event : ticket.pendingEvents()) {
            OutboxEntry entry = OutboxEntry.of(
                    CloudEvent.of(event.type(), ticket.id(), event.data(), event.time()));
            entries.add(new Document("eventId", entry.eventId()).append("topic", entry.topic())
                    .append("key", entry.key()).append("type", entry.type()).append("source", entry.source())
                    .append("subject", entry.subject()).append("time", Date.from(entry.time()))
                    .append("data", entry.data()).append("headers", new Document(entry.headers())));
        }
        return entries;
    }
}
