package org.spoc.problem.store;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.kit.messaging.VersionedUpserts;
import org.spoc.kit.work.RecentEntries;
import org.spoc.kit.outbox.OutboxEntry;
import org.spoc.problem.domain.LinkChange;
import org.spoc.problem.domain.Problem;
import org.spoc.problem.domain.ProblemChange;
import org.spoc.problem.domain.ProblemIncident;
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
 *
 * <p>Linked incidents are in {@code problem_incidents}, one document per problem and incident (an unlink
 * leaves it marked unlinked), each carrying the problem version of its latest change and replaced only by
 * a newer one, so writes that arrive late or twice change nothing. The problem document stays small: the
 * count, the impacts, and the link changes of its latest write ({@code lastLinks}). Those are written to
 * the links collection right after the problem, and again by every {@link #find} before the problem is
 * changed or shown, so a crash between the two writes loses no link and a retry counts none twice; a
 * {@code find} skips that when this repository wrote them itself after writing that very version (every
 * incident detection links reads its problem: it wrote the previous incident's link twice). A new
 * problem's first links are written before it: its id derives from the incident that opened it, so a
 * retry writes the very same links.
 */
public class MongoProblemRepository implements ProblemRepository {

    public static final String COLLECTION = "problems";
    public static final String LINKS = "problem_incidents";
    public static final String MAJOR_INCIDENTS = "major_incidents";
    static final String COUNTERS = "counters";

    /** How many problems' latest link writes {@link #linksWritten} remembers. */
    private static final int LINKS_WRITTEN_REMEMBERED = 1_024;

    private final MongoTemplate mongo;
    private final VersionedUpserts links;
    /** Per problem, the version whose {@code lastLinks} this repository wrote to the links collection. */
    private final RecentEntries<String, Long> linksWritten = new RecentEntries<>(LINKS_WRITTEN_REMEMBERED);

    public MongoProblemRepository(MongoTemplate mongo, VersionedUpserts links) {
        this.mongo = mongo;
        this.links = links;
    }

    public void createIndexes() {
        var ops = mongo.indexOps(COLLECTION);
        ops.createIndex(new Index().on("number", Sort.Direction.ASC).unique());
        ops.createIndex(new Index().on("status", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
        ops.createIndex(new Index().on("createdAt", Sort.Direction.DESC));
        // a problem's links, newest first, page by page
        mongo.indexOps(LINKS).createIndex(new Index().on("problemId", Sort.Direction.ASC)
                .on("linkedAt", Sort.Direction.ASC).on("ticketId", Sort.Direction.ASC));
    }

    /**
     * Moves the incidents that earlier versions embedded in problem documents into the links collection.
     * Idempotent: a problem is rewritten only while it still embeds them, and the links it writes carry the
     * problem's version, so running again (or on two replicas at once) changes nothing.
     *
     * @return how many problems were migrated
     */
    public int migrateEmbeddedIncidents() {
        Query embedding = Query.query(Criteria.where("incidents").exists(true));
        embedding.fields().include("_id");
        int migrated = 0;
        for (Document d : mongo.find(embedding, Document.class, COLLECTION)) {
            ProblemDocument doc = read(d.getString("_id"));
            if (doc != null && doc.embedsIncidents()) {
                migrate(doc);
                migrated++;
            }
        }
        if (migrated > 0) {
            try {
                mongo.indexOps(COLLECTION).dropIndex("incidents.ticketId_1");
            }
            catch (RuntimeException ex) {
                // never created, or dropped by another replica
            }
        }
        return migrated;
    }

    private void migrate(ProblemDocument doc) {
        ProblemDocument current = doc;
        while (current != null && current.embedsIncidents()) {
            Problem problem = current.toProblem(ticketId -> Optional.empty());
            long version = current.version();
            store(current.id(), current.incidents().stream().map(i -> new LinkChange(i, true, version)).toList());
            Map<String, Integer> impacts = new LinkedHashMap<>();
            problem.impacts().forEach((level, n) -> impacts.put(level.name(), n));
            Update update = new Update().set("incidentCount", problem.incidentCount()).set("impacts", impacts)
                    .set("lastLinks", List.of()).unset("incidents");
            long matched = mongo.updateFirst(Query.query(Criteria.where("_id").is(current.id())
                    .and("version").is(current.version()).and("incidents").exists(true)), update, COLLECTION)
                    .getMatchedCount();
            current = matched > 0 ? null : read(current.id()); // changed meanwhile: again, from what it is now
        }
    }

    @Override
    public Optional<Problem> find(String id) {
        ProblemDocument doc = read(id);
        if (doc != null && doc.embedsIncidents()) {
            migrate(doc);
            doc = read(id);
        }
        if (doc == null) {
            return Optional.empty();
        }
        if (doc.lastLinks() != null && !doc.lastLinks().isEmpty() && !wroteLinksOf(id, doc.version())) {
            store(id, doc.lastLinks()); // a crash may have come between the problem's write and these
        }
        return Optional.of(doc.toProblem(ticketId -> link(id, ticketId)));
    }

    private @Nullable ProblemDocument read(String id) {
        Query query = Query.query(Criteria.where("_id").is(id));
        query.fields().exclude(OutboxEntry.FIELD, "outboxLease");
        return mongo.findOne(query, ProblemDocument.class, COLLECTION);
    }

    @Override
    public List<ProblemIncident> incidents(String problemId, int page, int size) {
        Query query = Query.query(Criteria.where("problemId").is(problemId).and("linked").is(true))
                .with(Sort.by(Sort.Direction.DESC, "linkedAt", "ticketId")).skip((long) page * size).limit(size);
        return mongo.find(query, Document.class, LINKS).stream().map(MongoProblemRepository::incident).toList();
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
        return mongo.find(query, ProblemDocument.class, COLLECTION).stream()
                .map(d -> d.toProblem(ticketId -> link(d.id(), ticketId))).toList();
    }

    @Override
    public boolean insert(Problem problem, List<ProblemChange> changes) {
        List<LinkChange> first = problem.linkChanges();
        store(problem.id(), first);
        Document doc = document(ProblemDocument.of(problem, List.of()));
        doc.put(OutboxEntry.FIELD, outbox(problem, changes, () -> linked(first)));
        try {
            mongo.insert(doc, COLLECTION);
        }
        catch (DuplicateKeyException ex) {
            if (read(problem.id()) != null) {
                return false;
            }
            throw ex;
        }
        return true;
    }

    @Override
    public void update(Problem problem, long readVersion, List<ProblemChange> changes) {
        List<LinkChange> linkChanges = problem.linkChanges();
        Document doc = document(ProblemDocument.of(problem, linkChanges));
        doc.remove("_id");
        Update update = new Update();
        doc.forEach(update::set);
        if (!changes.isEmpty()) {
            update.push(OutboxEntry.FIELD).each(outbox(problem, changes, () -> allLinked(problem)).toArray());
        }
        long matched = mongo.updateFirst(Query.query(Criteria.where("_id").is(problem.id()).and("version").is(readVersion)),
                update, COLLECTION).getMatchedCount();
        if (matched == 0) {
            throw new ConcurrentProblemChange(problem.id());
        }
        store(problem.id(), linkChanges);
        linksWritten.put(problem.id(), problem.version());
    }

    /** Forgets which link changes this repository wrote, as a restarted service has: for tests of a crash. */
    public void forgetWrittenLinks() {
        linksWritten.clear();
    }

    /** Whether this repository wrote the link changes of this version of the problem after writing it. */
    private boolean wroteLinksOf(String problemId, long version) {
        return Long.valueOf(version).equals(linksWritten.get(problemId));
    }

    /** Every incident linked to the problem, in the order they were linked: for the events that list them. */
    private List<ProblemIncident> allLinked(Problem problem) {
        Query query = Query.query(Criteria.where("problemId").is(problem.id()).and("linked").is(true))
                .with(Sort.by(Sort.Direction.ASC, "linkedAt", "ticketId"));
        Map<String, ProblemIncident> all = new LinkedHashMap<>();
        mongo.find(query, Document.class, LINKS).forEach(d -> all.put(d.getString("ticketId"), incident(d)));
        for (LinkChange change : problem.linkChanges()) { // this write's: not stored yet
            if (change.linked()) {
                all.put(change.ticketId(), change.incident());
            }
            else {
                all.remove(change.ticketId());
            }
        }
        return List.copyOf(all.values());
    }

    private static List<ProblemIncident> linked(List<LinkChange> changes) {
        return changes.stream().filter(LinkChange::linked).map(LinkChange::incident).toList();
    }

    private Optional<ProblemIncident> link(String problemId, String ticketId) {
        Document d = mongo.findById(linkId(problemId, ticketId), Document.class, LINKS);
        return d == null || !Boolean.TRUE.equals(d.getBoolean("linked")) ? Optional.empty() : Optional.of(incident(d));
    }

    /** Writes link changes, each only over an older state of its link. */
    private void store(String problemId, List<LinkChange> changes) {
        for (LinkChange change : changes) {
            links.applyIfNewer(LINKS, linkId(problemId, change.ticketId()), change.version(),
                    linkDocument(problemId, change));
        }
    }

    private static String linkId(String problemId, String ticketId) {
        return problemId + "/" + ticketId;
    }

    static Document linkDocument(String problemId, LinkChange change) {
        ProblemIncident i = change.incident();
        return new Document("problemId", problemId).append("ticketId", i.ticketId()).append("linked", change.linked())
                .append("number", i.number()).append("requester", i.requester()).append("title", i.title())
                .append("priority", i.priority() == null ? null : i.priority().name())
                .append("impact", i.impact() == null ? null : i.impact().name())
                .append("openedAt", i.openedAt() == null ? null : Date.from(i.openedAt()))
                .append("linkedAt", Date.from(i.linkedAt())).append("similarity", i.similarity())
                .append("reason", i.reason()).append("linkedBy", i.linkedBy());
    }

    static ProblemIncident incident(Document d) {
        Number similarity = (Number) d.get("similarity");
        return new ProblemIncident(d.getString("ticketId"), d.getString("number"), d.getString("requester"),
                d.getString("title"), d.getString("priority") == null ? null : Priority.valueOf(d.getString("priority")),
                d.getString("impact") == null ? null : Level.valueOf(d.getString("impact")),
                d.getDate("openedAt") == null ? null : d.getDate("openedAt").toInstant(),
                d.getDate("linkedAt").toInstant(), similarity == null ? null : similarity.doubleValue(),
                d.getString("reason"), d.getString("linkedBy"));
    }

    @Override
    public void majorIncident(ProblemChange.MajorIncidentRaised raised) {
        Document doc = new Document("_id", raised.id()).append("service", raised.service())
                .append("category", raised.category()).append("reason", raised.reason())
                .append("windowStart", java.util.Date.from(raised.windowStart()))
                .append("windowEnd", java.util.Date.from(raised.windowEnd()))
                .append(OutboxEntry.FIELD, List.of(document(OutboxEntry.of(ProblemEvents.standalone(raised)))));
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

    /** The changes' events; the linked incidents are read only for an event that lists them, and once. */
    private List<Document> outbox(Problem problem, List<ProblemChange> changes, Supplier<List<ProblemIncident>> linked) {
        List<Document> entries = new ArrayList<>(changes.size());
        List<List<ProblemIncident>> read = new ArrayList<>(1);
        Supplier<List<ProblemIncident>> once = () -> {
            if (read.isEmpty()) {
                read.add(linked.get());
            }
            return read.get(0);
        };
        for (ProblemChange change : changes) {
            CloudEvent event = ProblemEvents.of(problem, change, once);
            entries.add(document(OutboxEntry.of(event)));
        }
        return entries;
    }
}
