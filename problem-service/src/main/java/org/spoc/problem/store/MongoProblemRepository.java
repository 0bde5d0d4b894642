package org.spoc.problem.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.kit.outbox.OutboxEntry;
import org.spoc.problem.domain.Problem;
import org.spoc.problem.domain.ProblemChange;
import org.spoc.problem.domain.ProblemRepository;
import org.spoc.problem.domain.ProblemStatus;
import org.spoc.problem.domain.detection.Keys;
import org.spoc.problem.messaging.ProblemEvents;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Problems in {@code problems}, one document each, with the events of every change pushed into its
 * {@code outbox} in the same write (the kit's relay publishes them, keyed by problem id). Updates
 * apply only over the version they were read at.
 */
public class MongoProblemRepository implements ProblemRepository {

    public static final String COLLECTION = "problems";
    public static final String MAJOR_INCIDENTS = "major_incidents";
    static final String COUNTERS = "counters";

    private final MongoTemplate mongo;

    public MongoProblemRepository(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void createIndexes() {
        var ops = mongo.indexOps(COLLECTION);
        ops.createIndex(new Index().on("number", Sort.Direction.ASC).unique());
        ops.createIndex(new Index().on("status", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
        ops.createIndex(new Index().on("createdAt", Sort.Direction.DESC));
        ops.createIndex(new Index().on("incidents.ticketId", Sort.Direction.ASC));
    }

    @Override
    public Optional<Problem> find(String id) {
        Query query = Query.query(Criteria.where("_id").is(id));
        query.fields().exclude(OutboxEntry.FIELD, "outboxLease");
        return Optional.ofNullable(mongo.findOne(query, ProblemDocument.class, COLLECTION)).map(ProblemDocument::toProblem);
    }

    @Override
    public List<Problem> list(@Nullable ProblemStatus status, @Nullable Boolean detected, @Nullable String service,
            int page, int size) {
        Criteria criteria = new Criteria();
        if (status != null) {
            criteria = criteria.and("status").is(status.name());
        }
        if (detected != null) {
            criteria = criteria.and("detected").is(detected);
        }
        String key = Keys.normalise(service);
        if (key != null) {
            criteria = criteria.and("serviceKey").is(key); // a plain value: never an operator
        }
        Query query = Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt"))
                .skip((long) page * size).limit(size);
        query.fields().exclude(OutboxEntry.FIELD, "outboxLease");
        return mongo.find(query, ProblemDocument.class, COLLECTION).stream().map(ProblemDocument::toProblem).toList();
    }

    @Override
    public boolean insert(Problem problem, List<ProblemChange> changes) {
        Document doc = document(ProblemDocument.of(problem));
        doc.put(OutboxEntry.FIELD, outbox(changes.stream().map(c -> ProblemEvents.of(problem, c)).toList()));
        try {
            mongo.insert(doc, COLLECTION);
        }
        catch (DuplicateKeyException ex) {
            if (find(problem.id()).isPresent()) {
                return false;
            }
            throw ex;
        }
        return true;
    }

    @Override
    public void update(Problem problem, long readVersion, List<ProblemChange> changes) {
        Document doc = document(ProblemDocument.of(problem));
        doc.remove("_id");
        Update update = new Update();
        doc.forEach(update::set);
        if (!changes.isEmpty()) {
            update.push(OutboxEntry.FIELD)
                    .each(outbox(changes.stream().map(c -> ProblemEvents.of(problem, c)).toList()).toArray());
        }
        long matched = mongo.updateFirst(Query.query(Criteria.where("_id").is(problem.id()).and("version").is(readVersion)),
                update, COLLECTION).getMatchedCount();
        if (matched == 0) {
            throw new ConcurrentProblemChange(problem.id());
        }
    }

    @Override
    public void majorIncident(ProblemChange.MajorIncidentRaised raised) {
        Document doc = new Document("_id", raised.id()).append("service", raised.service())
                .append("category", raised.category()).append("reason", raised.reason())
                .append("windowStart", java.util.Date.from(raised.windowStart()))
                .append("windowEnd", java.util.Date.from(raised.windowEnd()))
                .append(OutboxEntry.FIELD, outbox(List.of(ProblemEvents.standalone(raised))));
        try {
            mongo.insert(doc, MAJOR_INCIDENTS);
        }
        catch (DuplicateKeyException ex) {
            // a redelivery: raised already
        }
    }

    @Override
    public String nextNumber() {
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is("problem-number")),
                new Update().inc("value", 1L), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, COUNTERS);
        return "PRB%07d".formatted(((Number) counter.get("value")).longValue());
    }

    private Document document(Object value) {
        Document doc = new Document();
        mongo.getConverter().write(value, doc);
        doc.remove("_class");
        return doc;
    }

    private List<Document> outbox(List<CloudEvent> events) {
        List<Document> entries = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            entries.add(document(OutboxEntry.of(event)));
        }
        return entries;
    }
}
