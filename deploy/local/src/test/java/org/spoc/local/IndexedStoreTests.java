package org.spoc.local;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Random;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's indexes answer exactly what a collection scan answers: every query runs against an
 * indexed collection and an unindexed twin holding the same documents, through the MongoDB driver,
 * after inserts, updates that move indexed values, deletes, and a restart that rebuilds the indexes.
 */
class IndexedStoreTests {

    private static final Date T0 = new Date(1_790_000_000_000L);

    @TempDir
    Path data;

    private DurableH2Backend backend;
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> indexed;
    private MongoCollection<Document> plain;

    @BeforeEach
    void start() {
        open();
        indexed.createIndex(Indexes.ascending("team", "status", "priority"));
        indexed.createIndex(Indexes.ascending("dueAt"));
        indexed.createIndex(Indexes.ascending("outbox.eventId"), new IndexOptions().sparse(true));
        indexed.createIndex(Indexes.ascending("tags"));
        indexed.createIndex(Indexes.ascending("number"), new IndexOptions().unique(true));
        indexed.createIndex(Indexes.ascending("team", "openedAt"));
        indexed.createIndex(Indexes.ascending("openedAt", "site", "version"));
        Random random = new Random(42);
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            documents.add(document(i, random));
        }
        indexed.insertMany(documents.stream().map(Document::new).toList());
        plain.insertMany(documents.stream().map(Document::new).toList());
    }

    @AfterEach
    void stop() {
        close();
    }

    private void open() {
        backend = DurableH2Backend.open(data.resolve("store.mv").toString(), DurableH2Backend.Durability.COMMIT);
        server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1, 4);
        InetSocketAddress address = server.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort() + "/?retryWrites=false");
        indexed = client.getDatabase("spoc").getCollection("indexed");
        plain = client.getDatabase("spoc").getCollection("plain");
    }

    private void close() {
        client.close();
        server.shutdownNow();
        backend.close();
    }

    private static Document document(int i, Random random) {
        Document document = new Document("_id", "T-" + i).append("number", i)
                .append("team", "team-" + random.nextInt(5))
                .append("status", List.of("NEW", "IN_PROGRESS", "RESOLVED").get(random.nextInt(3)))
                .append("priority", random.nextInt(4) + 1)
                .append("version", random.nextInt(3))
                .append("openedAt", new Date(T0.getTime() + random.nextInt(120) * 1000L)); // ties: 400 in 120 s
        if (random.nextInt(4) > 0) {
            document.append("dueAt", new Date(T0.getTime() + random.nextInt(3_600) * 1000L));
        }
        else if (random.nextBoolean()) {
            document.append("dueAt", null);
        }
        if (random.nextInt(3) == 0) {
            document.append("outbox", List.of(new Document("eventId", "e-" + i + "-1"),
                    new Document("eventId", "e-" + i + "-2")));
        }
        else if (random.nextBoolean()) {
            document.append("outbox", List.of());
        }
        document.append("tags", random.nextBoolean() ? List.of("vpn", "net-" + random.nextInt(3)) : "printer");
        if (random.nextInt(10) == 0) {
            document.append("claim", "c-" + random.nextInt(3));
        }
        // a site of every kind a count from an index has to tell apart: missing, null, arrays, numbers
        switch (i % 7) {
            case 0 -> { }
            case 1 -> document.append("site", null);
            case 2 -> document.append("site", List.of("site-1", "site-2"));
            case 3 -> document.append("site", i % 2 == 0 ? 7 : 7.0);
            default -> document.append("site", "site-" + i % 3);
        }
        return document;
    }

    private List<Bson> queries() {
        Date mid = new Date(T0.getTime() + 1_800_000);
        Date from = new Date(T0.getTime() + 20_000);
        Date to = new Date(T0.getTime() + 90_000);
        return List.of(
                Filters.eq("team", "team-2"),
                Filters.and(Filters.eq("team", "team-1"), Filters.in("status", "NEW", "IN_PROGRESS")),
                Filters.in("team", "team-0", "team-4", "nobody"),
                Filters.eq("team", "nobody"),
                Filters.lte("dueAt", mid),
                Filters.and(Filters.gt("dueAt", T0), Filters.lt("dueAt", mid)),
                Filters.gte("dueAt", mid),
                Filters.eq("dueAt", null),
                Filters.exists("dueAt"),
                Filters.exists("dueAt", false),
                Filters.exists("outbox.eventId"),
                Filters.and(Filters.exists("outbox.eventId"),
                        Filters.or(Filters.exists("claim", false), Filters.eq("claim", "c-1"))),
                Filters.eq("outbox.eventId", "e-7-2"),
                Filters.eq("tags", "vpn"),
                Filters.in("tags", "net-1", "printer"),
                Filters.eq("number", 17),
                Filters.eq("number", 17L),
                Filters.eq("number", 17.0),
                Filters.gte("number", 390),
                Filters.and(Filters.eq("_id", "T-5"), Filters.eq("version", 1)),
                Filters.and(Filters.in("_id", List.of("T-1", "T-2", "T-3", "T-300")), Filters.exists("claim", false)),
                Filters.and(Filters.eq("_id", "T-9"), Filters.eq("team", "team-3")),
                Filters.or(Filters.eq("team", "team-1"), Filters.eq("status", "NEW")),
                Filters.and(Filters.eq("team", "team-3"), Filters.ne("status", "RESOLVED"), Filters.gt("priority", 2)),
                Filters.regex("team", "^team-[12]$"),
                Filters.not(Filters.eq("team", "team-1")),
                // counted from the openedAt-site-version index where it can tell, as problem-service counts
                Filters.and(Filters.gte("openedAt", from), Filters.lt("openedAt", to), Filters.eq("site", null)),
                Filters.and(Filters.gte("openedAt", from), Filters.lt("openedAt", to), Filters.ne("site", "site-1"),
                        Filters.ne("_id", "T-5")),
                Filters.and(Filters.gt("openedAt", from), Filters.in("site", "site-2", null), Filters.gte("version", 1)),
                Filters.and(Filters.lte("openedAt", to), Filters.eq("site", "site-1")),
                Filters.and(Filters.gte("openedAt", T0), Filters.exists("site", false)),
                Filters.and(Filters.gte("openedAt", from), Filters.lt("version", 2L), Filters.ne("site", null)),
                Filters.and(Filters.gte("openedAt", from), Filters.gt("site", "site-0")),
                Filters.and(Filters.gte("openedAt", from), Filters.gt("version", "1")),
                Filters.and(Filters.gte("openedAt", from), Filters.eq("site", 7L)),
                Filters.and(Filters.gte("openedAt", from), Filters.in("_id", "T-3", "T-4", "T-30")),
                // the outbox relay's claim: the documents it read that still hold the first entry it read
                Filters.and(Filters.in("_id", IntStream.range(0, 60).mapToObj(i -> "T-" + i).toList()),
                        Filters.in("outbox.eventId", IntStream.range(0, 60).mapToObj(i -> "e-" + i + "-" + (i % 4 == 0 ? 2 : 1))
                                .toList()),
                        Filters.or(Filters.exists("claim", false), Filters.eq("claim", null), Filters.eq("claim", "c-0"))));
    }

    private void assertSameAnswers() {
        for (Bson query : queries()) {
            List<Document> expected = plain.find(query).sort(Sorts.ascending("_id")).into(new ArrayList<>());
            assertThat(indexed.find(query).sort(Sorts.ascending("_id")).into(new ArrayList<>()))
                    .as("%s", query).isEqualTo(expected);
            assertThat(indexed.find(query).sort(Sorts.descending("priority", "_id")).limit(7).into(new ArrayList<>()))
                    .as("sorted, limited %s", query)
                    .isEqualTo(plain.find(query).sort(Sorts.descending("priority", "_id")).limit(7)
                            .into(new ArrayList<>()));
            assertThat(indexed.countDocuments(query)).as("count %s", query).isEqualTo(expected.size());
        }
        // sorted and limited on an indexed key the query constrains: read in the index's order
        Date from = new Date(T0.getTime() + 20_000);
        Date to = new Date(T0.getTime() + 90_000);
        List<Bson> ranged = List.of(
                Filters.and(Filters.eq("team", "team-2"), Filters.gte("openedAt", from), Filters.lte("openedAt", to)),
                Filters.and(Filters.in("team", "team-1", "team-3"), Filters.lt("openedAt", to)),
                Filters.and(Filters.eq("team", "team-4"), Filters.eq("openedAt", new Date(T0.getTime() + 30_000))),
                Filters.and(Filters.eq("team", "team-0"), Filters.gt("openedAt", from), Filters.eq("status", "NEW")));
        List<Bson> orders = List.of(Sorts.ascending("openedAt", "_id"), Sorts.descending("openedAt", "_id"),
                Sorts.ascending("openedAt"), Sorts.descending("openedAt"),
                Sorts.orderBy(Sorts.descending("openedAt"), Sorts.ascending("_id")));
        for (Bson query : ranged) {
            for (Bson order : orders) {
                for (int[] page : new int[][] {{0, 1}, {0, 7}, {3, 5}, {0, 500}}) {
                    assertThat(indexed.find(query).sort(order).skip(page[0]).limit(page[1]).into(new ArrayList<>()))
                            .as("%s sorted %s, skip %d limit %d", query, order, page[0], page[1])
                            .isEqualTo(plain.find(query).sort(order).skip(page[0]).limit(page[1]).into(new ArrayList<>()));
                }
            }
        }
        // the queries are not vacuous: most select some documents and none selects all
        long selective = queries().stream().map(q -> plain.countDocuments(q)).filter(n -> n > 0 && n < 400).count();
        assertThat(selective).isGreaterThan(18);
    }

    private void onBoth(java.util.function.Consumer<MongoCollection<Document>> change) {
        change.accept(indexed);
        change.accept(plain);
    }

    @Test
    void indexedQueriesAnswerWhatAScanAnswers() {
        assertSameAnswers();
    }

    @Test
    void indexesFollowUpdatesAndDeletes() {
        onBoth(c -> c.updateMany(Filters.eq("team", "team-1"), Updates.set("team", "team-9")));
        onBoth(c -> c.updateMany(Filters.exists("outbox.eventId"),
                Updates.combine(Updates.pull("outbox", Filters.eq("eventId", "e-3-1")), Updates.set("claim", "c-1"))));
        onBoth(c -> c.updateOne(Filters.and(Filters.eq("_id", "T-7"), Filters.exists("claim")),
                Updates.unset("outbox")));
        onBoth(c -> c.updateMany(Filters.lt("dueAt", new Date(T0.getTime() + 600_000)), Updates.unset("dueAt")));
        onBoth(c -> c.updateMany(Filters.eq("tags", "printer"), Updates.set("tags", List.of("printer", "floor-3"))));
        // updates that leave every indexed value as it was (an index keeps its entries, and they stay right)
        onBoth(c -> c.updateMany(Filters.eq("team", "team-3"), Updates.set("note", "seen")));
        onBoth(c -> c.updateMany(Filters.eq("tags", "floor-3"), Updates.set("tags", List.of("printer", "floor-3"))));
        onBoth(c -> c.deleteMany(Filters.eq("status", "RESOLVED")));
        onBoth(c -> c.findOneAndUpdate(Filters.and(Filters.eq("_id", "T-11"), Filters.exists("number")),
                Updates.inc("number", 1000)));
        onBoth(c -> c.insertOne(new Document("_id", "T-new").append("team", "team-9").append("dueAt", T0)
                .append("outbox", List.of(new Document("eventId", "e-new"))).append("number", 5000)));

        assertSameAnswers();
        assertThat(indexed.countDocuments(Filters.eq("team", "team-1"))).isZero();
        assertThat(indexed.countDocuments(Filters.eq("team", "team-9"))).isPositive();
    }

    @Test
    void indexesAreRebuiltWhenTheStoreReopens() {
        onBoth(c -> c.updateMany(Filters.eq("team", "team-2"), Updates.set("team", "team-7")));
        close();
        open();

        assertSameAnswers();
        assertThat(indexed.find(Filters.eq("team", "team-7")).into(new ArrayList<>())).isNotEmpty();
        Document validation = client.getDatabase("spoc").runCommand(new Document("validate", "indexed"));
        Document sizes = validation.get("keysPerIndex", Document.class);
        assertThat(sizes.keySet()).contains("team_1_status_1_priority_1", "dueAt_1", "outbox.eventId_1", "tags_1");
        // a kept index counts the documents it holds (mongo-java-server's placeholder counted none)
        assertThat(((Number) sizes.get("team_1_status_1_priority_1")).longValue()).isEqualTo(400);
    }

    @Test
    void writesSinceTheLastCommitComeBackFromTheRedoLogAfterACrash() throws Exception {
        backend.commitChanges(); // a checkpoint: what follows is in the redo log only
        Path store = data.resolve("store.mv");
        onBoth(c -> c.updateMany(Filters.eq("team", "team-1"), Updates.set("team", "team-9")));
        List<String> deleted = IntStream.range(30, 40).mapToObj(i -> "T-" + i).toList();
        onBoth(c -> c.deleteMany(Filters.in("_id", deleted)));
        onBoth(c -> c.findOneAndUpdate(Filters.eq("_id", "T-11"), Updates.inc("number", 1000)));
        // a unique value moves from one document to another: applied in order, or the index refuses it
        onBoth(c -> c.updateOne(Filters.eq("_id", "T-21"), Updates.set("number", 9021)));
        onBoth(c -> c.updateOne(Filters.eq("_id", "T-20"), Updates.set("number", 21)));
        onBoth(c -> c.insertOne(new Document("_id", "T-new").append("team", "team-9").append("number", 5000)
                .append("openedAt", T0).append("tags", "printer")));
        Path log = redoLogs(store).getFirst();
        assertThat(Files.size(log)).as("the redo log holds the writes").isPositive();

        // the log of a generation already committed is never applied, should a crash leave it behind
        Path earlier = Files.copy(log, data.resolve("earlier.redo"));
        backend.commitChanges();
        onBoth(c -> c.updateOne(Filters.eq("_id", "T-20"), Updates.set("number", 20)));
        onBoth(c -> c.updateOne(Filters.eq("_id", "T-21"), Updates.set("number", 21)));
        Files.move(earlier, log);

        client.close();
        server.shutdownNow();
        backend.closeWithoutCommit(); // what a kill -9 leaves: the file as of the last commit, and the logs
        open();

        assertSameAnswers();
        assertThat(indexed.find(Filters.eq("_id", "T-11")).first()).extracting(d -> d.get("number")).isEqualTo(1011);
        assertThat(indexed.find(Filters.eq("number", 21)).first()).extracting(d -> d.get("_id")).isEqualTo("T-21");
        assertThat(indexed.find(Filters.eq("number", 20)).first()).extracting(d -> d.get("_id")).isEqualTo("T-20");
        assertThat(indexed.countDocuments(Filters.eq("team", "team-1"))).isZero();
        assertThat(indexed.countDocuments(Filters.in("_id", deleted))).isZero();
        assertThat(indexed.countDocuments(new Document())).isEqualTo(400 - 10 + 1);
        assertThatThrownBy(() -> indexed.insertOne(new Document("_id", "T-dup").append("number", 5000)))
                .hasMessageContaining("E11000");
        assertThat(redoLogs(store)).as("the logs applied and committed are gone").hasSize(1);
    }

    private static List<Path> redoLogs(Path store) throws java.io.IOException {
        try (var files = Files.list(store.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith(store.getFileName() + ".redo.")).toList();
        }
    }

    @Test
    void theQueriesSpocRunsAreAnsweredFromAnIndex() {
        de.bwaldvogel.mongo.bson.Document exists = new de.bwaldvogel.mongo.bson.Document("$exists", true);
        SecondaryIndex outbox = new SecondaryIndex("outbox_pending",
                List.of(new de.bwaldvogel.mongo.backend.IndexKey("outbox.eventId", true)), true);
        de.bwaldvogel.mongo.bson.Document relayClaim = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("outbox.eventId", exists),
                new de.bwaldvogel.mongo.bson.Document("$or", List.of(
                        new de.bwaldvogel.mongo.bson.Document("lease", null)))));
        assertThat(outbox.canHandle(relayClaim)).isTrue();
        SecondaryIndex due = new SecondaryIndex("due", List.of(new de.bwaldvogel.mongo.backend.IndexKey("dueAt", true)),
                false);
        assertThat(due.canHandle(new de.bwaldvogel.mongo.bson.Document("dueAt",
                new de.bwaldvogel.mongo.bson.Document("$lte", T0)))).isTrue();
        // what an index cannot narrow safely is left to the scan
        assertThat(due.canHandle(new de.bwaldvogel.mongo.bson.Document("dueAt", null))).isFalse();
        assertThat(due.canHandle(new de.bwaldvogel.mongo.bson.Document("$or", List.of(
                new de.bwaldvogel.mongo.bson.Document("dueAt", T0))))).isFalse();
        assertThat(due.canHandle(new de.bwaldvogel.mongo.bson.Document("dueAt",
                new de.bwaldvogel.mongo.bson.Document("$ne", T0)))).isFalse();
    }

    @Test
    void everyConstrainedKeyOfACompoundIndexNarrowsTheCandidates() {
        SecondaryIndex queue = new SecondaryIndex("mail_queue", List.of(
                new de.bwaldvogel.mongo.backend.IndexKey("channel", true),
                new de.bwaldvogel.mongo.backend.IndexKey("state", true),
                new de.bwaldvogel.mongo.backend.IndexKey("dueAt", true)), false);
        for (int i = 0; i < 1000; i++) {
            String state = i < 990 ? "SENT" : "PENDING";
            queue.add(new de.bwaldvogel.mongo.bson.Document("_id", "m" + i).append("channel", "EMAIL")
                    .append("state", state).append("dueAt", T0.toInstant().plusSeconds(i)), "m" + i, null);
        }
        queue.add(new de.bwaldvogel.mongo.bson.Document("_id", "w1").append("channel", "WEBHOOK").append("state", "PENDING")
                .append("dueAt", T0.toInstant()), "w1", null);
        de.bwaldvogel.mongo.bson.Document due = new de.bwaldvogel.mongo.bson.Document("channel", "EMAIL")
                .append("state", "PENDING")
                .append("dueAt", new de.bwaldvogel.mongo.bson.Document("$lte", T0.toInstant().plusSeconds(994)));

        assertThat(queue.getPositions(due)).containsExactly("m990", "m991", "m992", "m993", "m994");
        // without the first key the index is not used, as in MongoDB
        assertThat(queue.canHandle(new de.bwaldvogel.mongo.bson.Document("state", "PENDING"))).isFalse();
        // a document leaving the state leaves the candidates
        queue.updateInPlace(null, new de.bwaldvogel.mongo.bson.Document("_id", "m990").append("channel", "EMAIL")
                .append("state", "SENT").append("dueAt", T0.toInstant()), "m990", null);
        assertThat(queue.getPositions(due)).containsExactly("m991", "m992", "m993", "m994");
    }

    @Test
    void aSortedLimitedQueryReadsItsFirstDocumentsInTheIndexOrderOnly() {
        SecondaryIndex incidents = new SecondaryIndex("scope", List.of(
                new de.bwaldvogel.mongo.backend.IndexKey("categoryKey", true),
                new de.bwaldvogel.mongo.backend.IndexKey("openedAt", true)), false);
        for (int i = 0; i < 2000; i++) {
            incidents.add(new de.bwaldvogel.mongo.bson.Document("_id", "i" + i).append("categoryKey", "c" + (i % 4))
                    .append("openedAt", T0.toInstant().plusSeconds(i / 2)), "i" + i, null);
        }
        de.bwaldvogel.mongo.bson.Document window = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("categoryKey", "c1"),
                new de.bwaldvogel.mongo.bson.Document("openedAt", new de.bwaldvogel.mongo.bson.Document("$gte", T0.toInstant())
                        .append("$lte", T0.toInstant().plusSeconds(900)))));
        de.bwaldvogel.mongo.bson.Document latestFirst = new de.bwaldvogel.mongo.bson.Document("openedAt", -1).append("_id", -1);
        List<Object> read = new ArrayList<>();

        assertThat(incidents.firstInOrder(QueryConditions.of(window), latestFirst, 3, read::add))
                .containsExactly("i1801", "i1797", "i1793");
        assertThat(read).as("documents read").hasSize(3);

        // an order the index's map does not hold is left to the in-memory sort
        assertThat(incidents.firstInOrder(QueryConditions.of(window), new de.bwaldvogel.mongo.bson.Document("categoryKey", 1)
                .append("openedAt", 1), 3, read::add)).isNull();
        incidents.add(new de.bwaldvogel.mongo.bson.Document("_id", "x").append("categoryKey", "c1")
                .append("openedAt", List.of(T0.toInstant())), "x", null);
        assertThat(incidents.firstInOrder(QueryConditions.of(window), latestFirst, 3, read::add)).as("an array value").isNull();
        incidents.remove(new de.bwaldvogel.mongo.bson.Document("_id", "x"));
        assertThat(incidents.firstInOrder(QueryConditions.of(window), latestFirst, 3, position -> true)).hasSize(3);
    }

    @Test
    void aCountIsDecidedFromTheIndexAndReadsOnlyWhatTheIndexCannotTell() {
        SecondaryIndex incidents = new SecondaryIndex("count", List.of(
                new de.bwaldvogel.mongo.backend.IndexKey("openedAt", true),
                new de.bwaldvogel.mongo.backend.IndexKey("categoryKey", true),
                new de.bwaldvogel.mongo.backend.IndexKey("serviceKey", true),
                new de.bwaldvogel.mongo.backend.IndexKey("cancelled", true)), false);
        List<de.bwaldvogel.mongo.bson.Document> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            de.bwaldvogel.mongo.bson.Document incident = new de.bwaldvogel.mongo.bson.Document("_id", "i" + i)
                    .append("openedAt", T0.toInstant().plusSeconds(i)).append("cancelled", i % 10 == 0);
            incident.append("categoryKey", i % 50 == 7 ? List.of("c1", "c2") : i % 2 == 0 ? null : "c" + i % 3);
            if (i % 5 == 1) {
                incident.append("serviceKey", "s1");
            }
            all.add(incident);
            incidents.add(incident, "i" + i, null);
        }
        // problem-service's baseline count of uncategorised incidents without a service, this one and cancelled aside
        de.bwaldvogel.mongo.bson.Document query = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("openedAt", new de.bwaldvogel.mongo.bson.Document("$gte",
                        T0.toInstant().plusSeconds(100)).append("$lt", T0.toInstant().plusSeconds(900))),
                new de.bwaldvogel.mongo.bson.Document("cancelled", new de.bwaldvogel.mongo.bson.Document("$ne", true)),
                new de.bwaldvogel.mongo.bson.Document("_id", new de.bwaldvogel.mongo.bson.Document("$ne", "i102")),
                new de.bwaldvogel.mongo.bson.Document("categoryKey", null),
                new de.bwaldvogel.mongo.bson.Document("serviceKey", null)));
        List<Object> read = new ArrayList<>();

        Long count = incidents.count(CoveredQuery.of(query), QueryConditions.of(query), position -> {
            read.add(position);
            return false; // none of the arrays holds a null
        });

        long expected = all.stream().filter(d -> {
            int i = Integer.parseInt(d.get("_id").toString().substring(1));
            return i >= 100 && i < 900 && i % 10 != 0 && i != 102 && d.get("categoryKey") == null
                    && !d.containsKey("serviceKey");
        }).count();
        assertThat(count).isEqualTo(expected).isPositive();
        assertThat(read).as("documents read").containsExactlyInAnyOrder(
                all.stream().filter(d -> d.get("categoryKey") instanceof List<?>).map(d -> d.get("_id"))
                        .filter(id -> {
                            int i = Integer.parseInt(id.toString().substring(1));
                            return i >= 100 && i < 900 && i % 10 != 0;
                        }).toArray());
        // a field the index does not hold, or an operator it does not decide: not counted here
        assertThat(incidents.count(CoveredQuery.of(new de.bwaldvogel.mongo.bson.Document("openedAt",
                new de.bwaldvogel.mongo.bson.Document("$gte", T0.toInstant())).append("title", "x")),
                QueryConditions.of(query), position -> true)).isNull();
        assertThat(CoveredQuery.of(new de.bwaldvogel.mongo.bson.Document("categoryKey",
                new de.bwaldvogel.mongo.bson.Document("$regex", "c")))).isNull();
    }

    @Test
    void concurrentIncrementsEachAnswerTheirOwnValue() throws Exception {
        MongoCollection<Document> counters = client.getDatabase("spoc").getCollection("counters");
        counters.insertOne(new Document("_id", "INC").append("seq", 0L));
        java.util.Set<Long> answers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50; i++) {
                    Document after = counters.findOneAndUpdate(Filters.eq("_id", "INC"), Updates.inc("seq", 1L),
                            new com.mongodb.client.model.FindOneAndUpdateOptions()
                                    .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER));
                    answers.add(after.getLong("seq"));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // mongo-java-server's own collections answered 182 to 387 distinct values here
        assertThat(answers).hasSize(400).contains(1L, 400L);
    }

    @Test
    void concurrentUpsertsOfANewKeyEachAnswerTheirOwnValue() throws Exception {
        MongoCollection<Document> counters = client.getDatabase("spoc").getCollection("counters");
        java.util.Set<Long> answers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        Document after = counters.findOneAndUpdate(Filters.eq("_id", "NEW"), Updates.inc("seq", 1L),
                                new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(true)
                                        .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER));
                        answers.add(after.getLong("seq"));
                    }
                    catch (com.mongodb.MongoCommandException ex) {
                        // MongoDB may refuse one of two upserts creating the same key at once: never both succeed
                        assertThat(ex.getErrorCode()).isEqualTo(11000);
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // every answered increment is its own value, and the counter holds exactly the answered ones
        // (mongo-java-server's stock MemoryBackend, which the services' integration tests run on, answered
        // 197 distinct values to 200 such increments from 8 threads)
        assertThat(answers.size() + failed.get()).isEqualTo(200);
        assertThat(answers).contains(1L);
        assertThat(counters.find(Filters.eq("_id", "NEW")).first().getLong("seq")).isEqualTo(answers.size());
    }

    @Test
    void aReaderNeverSeesHalfOfAnUpdate() throws Exception {
        MongoCollection<Document> wide = client.getDatabase("spoc").getCollection("wide");
        int fields = 300;
        wide.insertOne(fieldsAt(0, fields));
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 1; !done.get(); i++) {
                // an update in place rewrites the stored document's fields one by one
                wide.replaceOne(Filters.eq("_id", "W"), fieldsAt(i, fields));
            }
        });
        List<String> torn = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; n < 1_000; n++) {
                    Document seen = wide.find(Filters.eq("_id", "W")).first();
                    java.util.Set<Object> values = new java.util.HashSet<>(seen.values());
                    values.remove("W");
                    if (values.size() != 1) {
                        torn.add("a read saw versions " + values);
                    }
                }
            }));
        }
        for (Thread reader : readers) {
            reader.join();
        }
        done.set(true);
        writer.join();
        assertThat(torn).isEmpty();
    }

    private static Document fieldsAt(int version, int fields) {
        Document document = new Document("_id", "W");
        for (int f = 0; f < fields; f++) {
            document.append("f" + f, version);
        }
        return document;
    }

    @Test
    void aUniqueIndexStillRejectsDuplicates() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> indexed.insertOne(new Document("number", 3)))
                .hasMessageContaining("duplicate key");
    }

    @Test
    void aStoreWrittenByTheStockBackendOpensWithItsDocumentsAndUniqueIndexes() {
        String file = data.resolve("stock.mv").toString();
        de.bwaldvogel.mongo.backend.h2.H2Backend stock = new de.bwaldvogel.mongo.backend.h2.H2Backend(file);
        MongoServer stockServer = new MongoServer(stock);
        InetSocketAddress address = stockServer.bind();
        try (MongoClient stockClient = MongoClients.create("mongodb://127.0.0.1:" + address.getPort() + "/?retryWrites=false")) {
            MongoCollection<Document> tickets = stockClient.getDatabase("spoc").getCollection("tickets");
            tickets.createIndex(Indexes.ascending("number"), new IndexOptions().unique(true));
            for (int i = 0; i < 300; i++) {
                // ObjectIds and strings as _id: both kinds of keys the old format compared by serialization
                Object id = i % 2 == 0 ? new org.bson.types.ObjectId() : "T-" + i;
                tickets.insertOne(new Document("_id", id).append("number", i).append("title", "Printer jams " + i)
                        .append("openedAt", new Date(T0.getTime() + i)).append("tags", List.of("printer", "floor-3")));
            }
        }
        finally {
            stockServer.shutdownNow();
            stock.close();
        }

        for (int reopening = 0; reopening < 2; reopening++) {
            DurableH2Backend upgraded = DurableH2Backend.open(file, DurableH2Backend.Durability.COMMIT);
            MongoServer upgradedServer = new MongoServer(upgraded);
            InetSocketAddress upgradedAddress = upgradedServer.bind();
            try (MongoClient upgradedClient = MongoClients.create("mongodb://127.0.0.1:" + upgradedAddress.getPort()
                    + "/?retryWrites=false")) {
                MongoCollection<Document> tickets = upgradedClient.getDatabase("spoc").getCollection("tickets");
                assertThat(tickets.countDocuments()).isEqualTo(300 + reopening);
                Document ticket = tickets.find(Filters.eq("_id", "T-7")).first();
                assertThat(ticket).isNotNull();
                assertThat(ticket.getString("title")).isEqualTo(reopening == 0 ? "Printer jams 7" : "Printer fixed");
                assertThat(ticket.getList("tags", String.class)).containsExactly("printer", "floor-3");
                assertThat(ticket.getDate("openedAt")).isEqualTo(new Date(T0.getTime() + 7));
                Object objectId = tickets.find(Filters.eq("number", 8)).first().get("_id");
                assertThat(tickets.find(Filters.eq("_id", objectId)).first().getInteger("number")).isEqualTo(8);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> tickets.insertOne(new Document("number", 11)))
                        .hasMessageContaining("duplicate key");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> tickets.insertOne(new Document("_id", "T-9")))
                        .hasMessageContaining("duplicate key");
                tickets.insertOne(new Document("_id", "T-new-" + reopening).append("number", 1000 + reopening));
                tickets.updateOne(Filters.eq("_id", "T-7"), Updates.set("title", "Printer fixed"));
                assertThat(tickets.find(Filters.eq("_id", "T-7")).first().getString("title")).isEqualTo("Printer fixed");
            }
            finally {
                upgradedServer.shutdownNow();
                upgraded.close();
            }
        }
    }
}
