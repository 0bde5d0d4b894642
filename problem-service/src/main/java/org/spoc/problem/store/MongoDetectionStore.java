package org.spoc.problem.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.problem.domain.ProblemStatus;
import org.spoc.problem.domain.detection.Decision;
import org.spoc.problem.domain.detection.DetectionStore;
import org.spoc.problem.domain.detection.Outcome;
import org.spoc.problem.domain.detection.TermStatistics;
import org.spoc.problem.domain.detection.TrackedIncident;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Detection state in MongoDB, so it survives restarts and another replica can take detection over:
 * {@code detection_incidents} (one document per incident, indexed by category, service and problem,
 * each with event time), {@code detection_terms} (document frequencies, incremented per incident) and
 * {@code detection_majors} (when each service last raised a major incident). Open problems are read
 * from {@code problems} itself. Term statistics are cached for a minute; the cache takes this
 * replica's increments at once, and the store takes them gathered, once a second or every
 * {@value #TERMS_FLUSH_INCIDENTS} incidents ({@link #flushTerms}): document frequencies are statistics, and
 * a crash loses at most the increments of that second, as a crash between an incident's write and its
 * increment always could (the redelivered incident is known, and not counted again). When each service
 * last raised a major incident is kept as written, like the latest members of each problem: detection,
 * one replica at a time, is the only writer of both.
 */
public class MongoDetectionStore implements DetectionStore {

    public static final String INCIDENTS = "detection_incidents";
    static final String TERMS = "detection_terms";
    static final String MAJORS = "detection_majors";
    private static final String GLOBAL = "global";
    private static final Duration TERMS_CACHE = Duration.ofMinutes(1);

    private static final Duration MEMBERS_CACHE = Duration.ofSeconds(5);
    /** How long pending term increments wait for more before they are written. */
    static final Duration TERMS_FLUSH = Duration.ofSeconds(1);
    /** How many incidents' term increments are written together at most. */
    static final int TERMS_FLUSH_INCIDENTS = 100;
    /** The order of {@link #recentMembers}, as the store sorts it. */
    private static final Comparator<TrackedIncident> NEWEST_FIRST = OLDEST_FIRST.reversed();

    private final MongoTemplate mongo;
    private final Clock clock;
    /** Per problem, its latest members as read and since committed (guarded by this). */
    private final Map<String, Members> members = new HashMap<>();
    /** Per major-incident key, when it last raised one as read or since written (guarded by this). */
    private final Map<String, Major> majors = new HashMap<>();
    private @Nullable TermStatistics terms;
    private Instant termsLoadedAt = Instant.EPOCH;
    /** Term increments not yet written (guarded by this): document frequencies, and how many incidents. */
    private final Map<String, Integer> pendingTerms = new HashMap<>();
    private int pendingIncidents;
    private Instant pendingSince = Instant.EPOCH;

    public MongoDetectionStore(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * Every read detection makes is an equality on one key and a range of {@code openedAt}, sorted by
     * {@code openedAt} then {@code _id} and limited: these indexes serve each from the nearest end, so a
     * bounded read touches no more index entries than it returns. (The two-key indexes of earlier versions
     * are prefixes of these and are dropped.) The scope counts of the baselines ({@link #countInScope}) name
     * {@code openedAt}, both keys and {@code cancelled}: one index holds all of them, so a count is taken
     * from it without reading the incidents (a week's incidents were read for each new one).
     */
    public void createIndexes() {
        var ops = mongo.indexOps(INCIDENTS);
        for (String key : List.of("categoryKey", "serviceKey", "problemId")) {
            ops.createIndex(new Index().on(key, Sort.Direction.ASC).on("openedAt", Sort.Direction.ASC)
                    .on("_id", Sort.Direction.ASC));
            dropIndex(key + "_1_openedAt_1");
        }
        ops.createIndex(new Index().on("openedAt", Sort.Direction.ASC));
        ops.createIndex(new Index().on("openedAt", Sort.Direction.ASC).on("categoryKey", Sort.Direction.ASC)
                .on("serviceKey", Sort.Direction.ASC).on("cancelled", Sort.Direction.ASC).named("scope_counts"));
    }

    private void dropIndex(String name) {
        try {
            mongo.indexOps(INCIDENTS).dropIndex(name);
        }
        catch (RuntimeException ex) {
            // not there (a new database): nothing to drop
        }
    }

    @Override
    public Optional<TrackedIncident> find(String ticketId) {
        return Optional.ofNullable(mongo.findById(ticketId, Document.class, INCIDENTS)).map(MongoDetectionStore::incident);
    }

    /**
     * One query per key of the scope (category, service), each served from the nearest end of its index, and
     * the answers merged: a single {@code $or} query would have to be sorted after reading both ranges whole.
     */
    @Override
    public List<TrackedIncident> candidates(@Nullable String categoryKey, @Nullable String serviceKey, Instant from,
            Instant to, End end, int limit) {
        Criteria time = Criteria.where("openedAt").gte(Date.from(from)).lte(Date.from(to));
        List<Criteria> queries = new ArrayList<>();
        if (categoryKey == null && serviceKey == null) {
            queries.add(new Criteria().andOperator(Criteria.where("categoryKey").isNull(),
                    Criteria.where("serviceKey").isNull(), time));
        }
        if (categoryKey != null) {
            queries.add(new Criteria().andOperator(Criteria.where("categoryKey").is(categoryKey), time));
        }
        if (serviceKey != null) {
            queries.add(new Criteria().andOperator(Criteria.where("serviceKey").is(serviceKey), time));
        }
        Sort.Direction direction = end == End.LATEST ? Sort.Direction.DESC : Sort.Direction.ASC;
        Map<String, TrackedIncident> found = new HashMap<>();
        for (Criteria criteria : queries) {
            nearest(criteria, direction, limit).forEach(i -> found.put(i.ticketId(), i));
        }
        return found.values().stream().sorted(direction == Sort.Direction.DESC ? OLDEST_FIRST.reversed() : OLDEST_FIRST)
                .limit(limit).toList();
    }

    private List<TrackedIncident> nearest(Criteria criteria, Sort.Direction direction, int limit) {
        Query query = Query.query(criteria).with(Sort.by(direction, "openedAt", "_id")).limit(limit);
        return mongo.find(query, Document.class, INCIDENTS).stream().map(MongoDetectionStore::incident).toList();
    }

    /**
     * Counted per key of the scope and added up, less those counted under both keys: each count is served by
     * its key's index (a count under one {@code $or} is not, in the embedded store).
     */
    @Override
    public long countInScope(@Nullable String categoryKey, @Nullable String serviceKey, boolean withoutService,
            Instant from, Instant to, String exceptTicketId) {
        List<Criteria> filters = new ArrayList<>(List.of(
                Criteria.where("openedAt").gte(Date.from(from)).lt(Date.from(to)),
                Criteria.where("cancelled").ne(true), Criteria.where("_id").ne(exceptTicketId)));
        if (categoryKey == null && serviceKey == null) {
            return countWhere(filters, Criteria.where("categoryKey").isNull(), Criteria.where("serviceKey").isNull());
        }
        if (withoutService) {
            filters.add(Criteria.where("serviceKey").isNull());
        }
        long count = 0;
        if (categoryKey != null) {
            count += countWhere(filters, Criteria.where("categoryKey").is(categoryKey));
        }
        if (serviceKey != null) {
            count += countWhere(filters, Criteria.where("serviceKey").is(serviceKey));
        }
        if (categoryKey != null && serviceKey != null) {
            count -= countWhere(filters, Criteria.where("categoryKey").is(categoryKey),
                    Criteria.where("serviceKey").is(serviceKey));
        }
        return count;
    }

    private long countWhere(List<Criteria> filters, Criteria... keys) {
        List<Criteria> all = new ArrayList<>(List.of(keys));
        all.addAll(filters);
        return mongo.count(Query.query(new Criteria().andOperator(all)), INCIDENTS);
    }

    @Override
    public long count(Instant from, Instant to) {
        return mongo.count(Query.query(Criteria.where("openedAt").gte(Date.from(from)).lt(Date.from(to))), INCIDENTS);
    }

    /**
     * Served from the members last read for the problem, kept current by this store's own {@link #commit}s
     * (detection is the only writer of links, one replica at a time) and read again after
     * {@code MEMBERS_CACHE}, or when a commit took a member away. Reading every open problem's members for
     * every incident was most of detection's store traffic. The latest {@code limit} members newer than
     * {@code from} are those of the problem's latest {@code limit} members that are newer than {@code from},
     * so one cached list answers every {@code from}.
     */
    @Override
    public synchronized List<TrackedIncident> recentMembers(String problemId, Instant from, int limit) {
        Instant now = clock.instant();
        Members cached = members.get(problemId);
        if (cached == null || cached.limit() != limit || stale(cached.loadedAt(), MEMBERS_CACHE, now)) {
            cached = new Members(limit, new ArrayList<>(nearest(Criteria.where("problemId").is(problemId),
                    Sort.Direction.DESC, limit)), now);
            members.put(problemId, cached);
        }
        return cached.newestFirst().stream().filter(i -> !i.openedAt().isBefore(from)).toList();
    }

    /** Whether what was read at {@code loadedAt} is to be read again: older than {@code ttl}, or the clock went back. */
    private static boolean stale(Instant loadedAt, Duration ttl, Instant now) {
        return now.isAfter(loadedAt.plus(ttl)) || now.isBefore(loadedAt);
    }

    /** Applies a committed incident to the cached member lists: added where it is now linked, gone where it was. */
    private void cacheMember(TrackedIncident incident) {
        for (var it = members.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            List<TrackedIncident> list = entry.getValue().newestFirst();
            boolean removed = list.removeIf(m -> m.ticketId().equals(incident.ticketId()));
            if (entry.getKey().equals(incident.problemId())) {
                int at = 0;
                while (at < list.size() && NEWEST_FIRST.compare(list.get(at), incident) < 0) {
                    at++;
                }
                list.add(at, incident);
                if (list.size() > entry.getValue().limit()) {
                    list.removeLast();
                }
            }
            else if (removed) {
                it.remove(); // one fewer than the store may hold: read again
            }
        }
    }

    @Override
    public Set<String> openProblems() {
        Query query = Query.query(Criteria.where("status").in(ProblemStatus.NEW.name(), ProblemStatus.INVESTIGATING.name(),
                ProblemStatus.KNOWN_ERROR.name()));
        query.fields().include("_id");
        Set<String> ids = new HashSet<>();
        mongo.find(query, Document.class, MongoProblemRepository.COLLECTION).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    @Override
    public synchronized TermStatistics terms() {
        Instant now = clock.instant();
        if (terms == null || stale(termsLoadedAt, TERMS_CACHE, now)) {
            flushTerms(); // what is read back holds this replica's increments too
            Document doc = mongo.findById(GLOBAL, Document.class, TERMS);
            Map<String, Integer> df = new HashMap<>();
            long documents = 0;
            if (doc != null) {
                documents = ((Number) doc.getOrDefault("documents", 0)).longValue();
                Document stored = doc.get("df", Document.class);
                if (stored != null) {
                    stored.forEach((term, count) -> df.put(term, ((Number) count).intValue()));
                }
            }
            terms = new TermStatistics(documents, df);
            termsLoadedAt = now;
        }
        return new TermStatistics(terms.documents(), terms.documentFrequency());
    }

    /**
     * Served from what was last read or written for the key, read again after {@code MEMBERS_CACHE} (another
     * replica may have taken detection over): reading it for every incident was one of detection's round trips.
     */
    @Override
    public synchronized Optional<Instant> lastMajorIncident(String key) {
        Instant now = clock.instant();
        Major cached = majors.get(key);
        if (cached == null || stale(cached.loadedAt(), MEMBERS_CACHE, now)) {
            Document doc = mongo.findById(key, Document.class, MAJORS);
            cached = new Major(doc == null ? null : doc.getDate("at").toInstant(), now);
            majors.put(key, cached);
        }
        return Optional.ofNullable(cached.at());
    }

    @Override
    public synchronized void commit(Outcome outcome) {
        for (TrackedIncident incident : outcome.updates()) {
            mongo.getCollection(INCIDENTS).replaceOne(new Document("_id", incident.ticketId()), document(incident),
                    new com.mongodb.client.model.ReplaceOptions().upsert(true));
            cacheMember(incident);
        }
        if (outcome.terms() != null && !outcome.updates().isEmpty()) {
            // the first update is the incident the outcome is about; its terms were counted once
            Map<String, Integer> counted = outcome.updates().get(0).terms();
            if (pendingIncidents == 0) {
                pendingSince = clock.instant();
            }
            pendingIncidents++;
            counted.keySet().forEach(term -> pendingTerms.merge(term, 1, Integer::sum));
            if (terms != null) {
                terms.add(counted);
            }
        }
        for (Decision decision : outcome.decisions()) {
            if (decision instanceof Decision.RaiseMajorIncident major) {
                mongo.upsert(Query.query(Criteria.where("_id").is(major.key())),
                        new Update().max("at", Date.from(major.windowEnd())), MAJORS);
                Major cached = majors.get(major.key());
                if (cached != null && (cached.at() == null || cached.at().isBefore(major.windowEnd()))) {
                    majors.put(major.key(), new Major(major.windowEnd(), cached.loadedAt()));
                }
            }
        }
        if (pendingIncidents >= TERMS_FLUSH_INCIDENTS || !clock.instant().isBefore(pendingSince.plus(TERMS_FLUSH))) {
            flushTerms();
        }
    }

    /**
     * Writes the term increments gathered since the last write, in one upsert; nothing when there are none.
     * Called by commits, when the cache is read again, every {@code TERMS_FLUSH} by the service's scheduler,
     * and when the service stops. If the write fails, the increments stay pending for the next call.
     */
    public synchronized void flushTerms() {
        if (pendingIncidents == 0) {
            return;
        }
        Update inc = new Update().inc("documents", pendingIncidents);
        pendingTerms.forEach((term, count) -> inc.inc("df." + term, count)); // terms are [a-z0-9]+
        mongo.upsert(Query.query(Criteria.where("_id").is(GLOBAL)), inc, TERMS);
        pendingTerms.clear();
        pendingIncidents = 0;
    }

    /**
     * Deletes incidents older, in event time, than {@code retention} before the newest incident seen:
     * they can no longer fall in any window, baseline or link horizon. (The store has no TTL indexes.)
     */
    public long sweep(Duration retention) {
        Query newest = new Query().with(Sort.by(Sort.Direction.DESC, "openedAt")).limit(1);
        newest.fields().include("openedAt");
        Document latest = mongo.findOne(newest, Document.class, INCIDENTS);
        if (latest == null) {
            return 0;
        }
        Instant cutoff = latest.getDate("openedAt").toInstant().minus(retention);
        long removed = mongo.remove(Query.query(Criteria.where("openedAt").lt(Date.from(cutoff))), INCIDENTS)
                .getDeletedCount();
        synchronized (this) {
            members.clear(); // what was swept may be cached
        }
        return removed;
    }

    static Document document(TrackedIncident i) {
        return new Document("_id", i.ticketId()).append("number", i.number()).append("requester", i.requester())
                .append("title", i.title()).append("category", i.category()).append("categoryKey", i.categoryKey())
                .append("service", i.service()).append("serviceKey", i.serviceKey()).append("location", i.location())
                .append("priority", i.priority().name()).append("impact", i.impact().name())
                .append("cancelled", i.cancelled()).append("terms", new Document(new HashMap<>(i.terms())))
                .append("openedAt", Date.from(i.openedAt())).append("version", i.version())
                .append("problemId", i.problemId()).append("manual", i.manual());
    }

    static TrackedIncident incident(Document d) {
        Map<String, Integer> terms = new HashMap<>();
        Document stored = d.get("terms", Document.class);
        if (stored != null) {
            stored.forEach((term, count) -> terms.put(term, ((Number) count).intValue()));
        }
        return new TrackedIncident(d.getString("_id"), d.getString("number"), d.getString("requester"),
                d.getString("title"), d.getString("category"), d.getString("categoryKey"), d.getString("service"),
                d.getString("serviceKey"), d.getString("location"), Priority.valueOf(d.getString("priority")),
                Level.valueOf(d.getString("impact")), Boolean.TRUE.equals(d.getBoolean("cancelled")), terms,
                d.getDate("openedAt").toInstant(), ((Number) d.get("version")).longValue(), d.getString("problemId"),
                Boolean.TRUE.equals(d.getBoolean("manual")));
    }

    private record Members(int limit, List<TrackedIncident> newestFirst, Instant loadedAt) {
    }

    private record Major(@Nullable Instant at, Instant loadedAt) {
    }
}
