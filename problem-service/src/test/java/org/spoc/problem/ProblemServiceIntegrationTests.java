package org.spoc.problem;

import org.spoc.testkit.ServiceClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventSchemas;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.problem.IncidentLinked;
import org.spoc.events.problem.LinkedIncident;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.testkit.KafkaEvents;
import org.spoc.testkit.SpocIntegrationTest;
import org.spoc.problem.domain.detection.DetectionStore;
import org.spoc.problem.domain.detection.InMemoryDetectionStore;
import org.spoc.problem.domain.detection.IncidentSignal;
import org.spoc.problem.domain.detection.Outcome;
import org.spoc.problem.domain.detection.TermStatistics;
import org.spoc.problem.domain.detection.TrackedIncident;
import org.spoc.problem.store.MongoDetectionStore;
import org.spoc.problem.store.MongoProblemRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The service against Kafka and MongoDB from the testkit: ticket events in on
 * {@code spoc.ticket.events.v1}, problem events out on {@code spoc.problem.events.v1}, and the HTTP API.
 * Every scenario uses its own service name, so tests never see each other's incidents.
 */
@SpocIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spoc.problem.detection-sweep-initial-delay=P1D",
                // term counts are written by commits and when asked, not by the scheduler while a test looks
                "spoc.problem.detection-terms-flush-interval=P1D" })
class ProblemServiceIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Event time of the incidents: an imported history, long before the wall clock. */
    private static final Instant HISTORY = Instant.parse("2025-06-02T09:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    MongoDetectionStore detectionStore;

    @Autowired
    MongoProblemRepository problemRepository;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    StoreReads reads;

    /** Counts what the service reads from the store. */
    @TestConfiguration(proxyBeanMethods = false)
    static class CountedReads {

        @Bean
        StoreReads storeReads() {
            return new StoreReads();
        }

        @Bean
        MongoClientSettingsBuilderCustomizer countReads(StoreReads reads) {
            return settings -> settings.addCommandListener(reads);
        }
    }

    @Test
    void countsAScopesBaselineInTheStoreAsDetectionWouldReadIt() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String category = "category-" + suffix;
        String service = "service-" + suffix;
        // event times no other scenario uses, so nobody else's incidents fall into the ranges
        Instant base = Instant.parse("2019-03-01T00:00:00Z");
        java.util.Random random = new java.util.Random(7);
        List<TrackedIncident> incidents = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            int kind = random.nextInt(4);
            incidents.add(ofMix(suffix, i, kind, category, service, "user" + random.nextInt(5), random.nextInt(10) == 0,
                    base.plus(Duration.ofMinutes(random.nextInt(600)))));
        }
        InMemoryDetectionStore memory = new InMemoryDetectionStore();
        commit(incidents, memory);

        Instant from = base.plus(Duration.ofMinutes(60));
        Instant to = base.plus(Duration.ofMinutes(420));
        String except = incidents.get(3).ticketId();
        for (Object[] scope : List.of(new Object[] { category, null, true }, new Object[] { category, null, false },
                new Object[] { null, service, false }, new Object[] { category, service, false })) {
            long counted = detectionStore.countInScope((String) scope[0], (String) scope[1], (Boolean) scope[2], from, to,
                    except);
            assertThat(counted).as("scope %s/%s without service %s", scope[0], scope[1], scope[2])
                    .isEqualTo(memory.countInScope((String) scope[0], (String) scope[1], (Boolean) scope[2], from, to,
                            except))
                    .isPositive();
        }
    }

    @Test
    void readsTheSameNearestIncidentsAndRecentProblemMembersAsTheInMemoryStore() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String category = "category-" + suffix;
        String service = "service-" + suffix;
        String problem = "problem-" + suffix;
        Instant base = Instant.parse("2019-04-01T00:00:00Z");
        java.util.Random random = new java.util.Random(11);
        List<TrackedIncident> incidents = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int kind = random.nextInt(4);
            // whole minutes out of 90: many incidents share a time, so the order of equal times is checked too
            TrackedIncident t = ofMix(suffix, i, kind, category, service, "user" + i, false,
                    base.plus(Duration.ofMinutes(random.nextInt(90))));
            incidents.add(random.nextInt(3) == 0 ? t.linkedTo(problem, false) : t);
        }
        InMemoryDetectionStore memory = new InMemoryDetectionStore();
        commit(incidents, memory);

        Instant from = base.plus(Duration.ofMinutes(20));
        Instant to = base.plus(Duration.ofMinutes(70));
        for (DetectionStore.End end : DetectionStore.End.values()) {
            for (String[] scope : List.of(new String[] { category, null }, new String[] { null, service },
                    new String[] { category, service })) {
                for (int limit : new int[] { 1, 7, 40, 500 }) {
                    assertThat(detectionStore.candidates(scope[0], scope[1], from, to, end, limit))
                            .as("%s %s/%s limit %d", end, scope[0], scope[1], limit)
                            .extracting(TrackedIncident::ticketId)
                            .isNotEmpty()
                            .containsExactlyElementsOf(memory.candidates(scope[0], scope[1], from, to, end, limit)
                                    .stream().map(TrackedIncident::ticketId).toList());
                }
            }
        }
        for (int limit : new int[] { 1, 7, 500 }) {
            assertThat(detectionStore.recentMembers(problem, from, limit)).extracting(TrackedIncident::ticketId)
                    .isNotEmpty()
                    .containsExactlyElementsOf(memory.recentMembers(problem, from, limit).stream()
                            .map(TrackedIncident::ticketId).toList());
        }

        // the members are cached (limit 7, as detection asks); links committed since are in the answer at once:
        // a newer member, one at a time other members have, an older one, and members that leave the problem
        Instant latest = incidents.stream().map(TrackedIncident::openedAt).max(Instant::compareTo).orElseThrow();
        List<TrackedIncident> linkedMembers = incidents.stream().filter(i -> problem.equals(i.problemId())).toList();
        List<List<TrackedIncident>> changes = List.of(
                List.of(member(suffix + "-new", category, latest.plusSeconds(60)).linkedTo(problem, false)),
                List.of(member(suffix + "-tie", category, latest).linkedTo(problem, false)),
                List.of(member(suffix + "-old", category, base).linkedTo(problem, false)),
                List.of(member(suffix + "-new", category, latest.plusSeconds(60))), // unlinked again
                List.of(linkedMembers.getLast().linkedTo("other-" + suffix, false)));
        for (List<TrackedIncident> change : changes) {
            assertThat(detectionStore.recentMembers(problem, from, 7)).isNotEmpty(); // cached
            commit(change, memory);
            for (Instant since : List.of(from, base, latest)) {
                assertThat(detectionStore.recentMembers(problem, since, 7)).as("after %s, since %s", change, since)
                        .extracting(TrackedIncident::ticketId)
                        .containsExactlyElementsOf(memory.recentMembers(problem, since, 7).stream()
                                .map(TrackedIncident::ticketId).toList());
            }
        }
    }

    /**
     * Printer jam {@code i} of a scope mix: {@code kind} 0 has the category and the service, 1 the service
     * only, 2 and 3 the category only.
     */
    private static TrackedIncident ofMix(String suffix, int i, int kind, String category, String service,
            String requester, boolean cancelled, Instant openedAt) {
        return TrackedIncident.of(new IncidentSignal(suffix + "-" + i, "INC" + i, requester, "printer jam " + i, "",
                kind == 1 ? null : category, kind == 0 || kind == 1 ? service : null, null, Priority.P3, Level.MEDIUM,
                cancelled, 1, openedAt));
    }

    /** Commits the incidents, as detection does, to the service's detection store and to {@code memory}. */
    private void commit(List<TrackedIncident> incidents, InMemoryDetectionStore memory) {
        Outcome outcome = new Outcome(List.of(), incidents, null);
        detectionStore.commit(outcome);
        memory.commit(outcome);
    }

    private static TrackedIncident member(String ticketId, String category, Instant openedAt) {
        return TrackedIncident.of(new IncidentSignal(ticketId, "INC-" + ticketId, "user-" + ticketId, "printer jam",
                "", category, null, null, Priority.P3, Level.MEDIUM, false, 1, openedAt));
    }

    @Test
    void burstOfIncidentsOpensExactlyOneProblemAndLinksTheRestThenKnownErrorCarriesTheWorkaround() {
        String service = "crm-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaEvents problems = KafkaEvents.on(Topics.PROBLEM)) {
            List<TicketSnapshot> burst = new ArrayList<>();
            String[] who = { "alice", "bob", "carol", "dave", "erin" };
            for (int i = 0; i < who.length; i++) {
                TicketSnapshot t = incident(service, who[i], service + " login fails with error 503 on the sales page",
                        "Berlin HQ / Building B / Floor 3", HISTORY.plus(Duration.ofMinutes(4L * i)));
                burst.add(t);
                KafkaEvents.publish(opened(t));
            }
            Set<String> ours = burst.stream().map(TicketSnapshot::id).collect(Collectors.toSet());

            CloudEvent detected = problems.awaitEvent(EventType.PROBLEM_DETECTED,
                    e -> e.data(ProblemEvent.class).incidents().stream().anyMatch(i -> ours.contains(i.ticketId())),
                    TIMEOUT);
            ProblemEvent opened = detected.data(ProblemEvent.class);
            String problemId = opened.problem().id();
            assertThat(detected.key()).isEqualTo(problemId);
            // the burst crosses partitions, so the detector may see the 4th report before the 3rd: the problem opens
            // at the event time of whichever report completed the group, never before the third report's
            assertThat(detected.time()).isIn(HISTORY.plus(Duration.ofMinutes(8)), HISTORY.plus(Duration.ofMinutes(12)),
                    HISTORY.plus(Duration.ofMinutes(16)));
            List<String> grouped = opened.incidents().stream().map(LinkedIncident::requester).toList();
            assertThat(grouped).hasSize(3).doesNotHaveDuplicates().isSubsetOf(who);
            assertThat(opened.reason()).contains("3 related incidents from 3 requesters", "service " + service);
            assertThat(opened.problem().detected()).isTrue();

            List<CloudEvent> linked = problems.awaitEvents(EventType.PROBLEM_INCIDENT_LINKED,
                    e -> e.subject().equals(problemId), 2, TIMEOUT);
            List<String> rest = new ArrayList<>(List.of(who));
            rest.removeAll(grouped);
            assertThat(linked).extracting(e -> e.data(IncidentLinked.class).incident().requester())
                    .containsExactlyInAnyOrderElementsOf(rest);
            // the links came after the burst's last incident was processed: no second problem was opened
            assertThat(problems.events()).filteredOn(e -> e.type().equals(EventType.PROBLEM_DETECTED.type()))
                    .filteredOn(e -> e.data(ProblemEvent.class).incidents().stream()
                            .anyMatch(i -> ours.contains(i.ticketId())))
                    .hasSize(1);

            ServiceClient.Response problem = api().get("hank", "/api/problems/" + problemId);
            assertThat(problem.status()).isEqualTo(200);
            assertThat(problem.body().get("incidentCount").asInt()).isEqualTo(5);
            assertThat(problem.body().get("status").asString()).isEqualTo("NEW");
            assertThat(problem.body().get("incidents").findValuesAsString("requester"))
                    .containsExactlyInAnyOrder(who);

            ServiceClient.Response knownError = api().post("hank", "/api/problems/" + problemId + "/known-error", """
                    {"rootCause": "expired TLS certificate on the CRM load balancer",
                     "workaround": "use https://crm-backup.example.com until the certificate is renewed"}""");
            assertThat(knownError.status()).isEqualTo(200);
            assertThat(knownError.body().get("status").asString()).isEqualTo("KNOWN_ERROR");

            CloudEvent known = problems.awaitEvent(EventType.PROBLEM_KNOWN_ERROR, problemId, TIMEOUT);
            ProblemEvent data = known.data(ProblemEvent.class);
            assertThat(data.problem().workaround()).isEqualTo(
                    "use https://crm-backup.example.com until the certificate is renewed");
            assertThat(data.incidents()).extracting(LinkedIncident::requester)
                    .containsExactlyInAnyOrder("alice", "bob", "carol", "dave", "erin");
            assertThat(data.actor()).isEqualTo("hank");

            ServiceClient.Response illegal = api().post("hank", "/api/problems/" + problemId + "/transitions", "{\"to\":\"CLOSED\"}");
            assertThat(illegal.status()).isEqualTo(409);
            assertThat(illegal.body().get("allowed").toString()).contains("RESOLVED");

            ServiceClient.Response resolved = api().post("mia", "/api/problems/" + problemId + "/transitions",
                    "{\"to\":\"RESOLVED\",\"resolution\":\"certificate renewed\"}");
            assertThat(resolved.status()).isEqualTo(200);
            assertThat(problems.awaitEvent(EventType.PROBLEM_RESOLVED, problemId, TIMEOUT).data(ProblemEvent.class)
                    .reason()).isEqualTo("certificate renewed");

            // every event this problem caused is valid against its JSON Schema in the events contract
            assertThat(problems.events()).filteredOn(e -> e.subject().equals(problemId)).hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(e -> assertThat(EventSchemas.validate(e)).as(e.type()).isEmpty());
        }
    }

    @Test
    void linksOneMoreIncidentToAProblemOfTwoThousandReadingOnlyAFewDocumentsAndKeepsTheProblemSmall() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String service = "intranet-" + suffix;
        String problemId = UUID.randomUUID().toString();
        String title = service + " portal shows error 500 on login";
        Instant t = Instant.parse("2023-01-10T10:00:00Z");
        // a problem as an earlier version stored it, its 2,000 incidents embedded, and detection's state of them
        List<TrackedIncident> members = new ArrayList<>();
        List<Document> embedded = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Instant at = t.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(4L * i));
            String ticketId = suffix + "-" + i;
            members.add(TrackedIncident.of(new IncidentSignal(ticketId, "INC" + i, "user" + (i % 400), title, "", "Access",
                    service, null, Priority.P3, Level.MEDIUM, false, 1, at)).linkedTo(problemId, false));
            embedded.add(new Document("ticketId", ticketId).append("number", "INC" + i).append("requester", "user" + (i % 400))
                    .append("title", title).append("priority", "P3").append("impact", i == 1_999 ? "HIGH" : "MEDIUM")
                    .append("openedAt", Date.from(at)).append("linkedAt", Date.from(at)).append("similarity", 0.8)
                    .append("reason", "grouped by detection"));
        }
        detectionStore.commit(new Outcome(List.of(), members, null));
        mongo.insert(new Document("_id", problemId).append("number", "PRB-" + suffix).append("title", "Recurring: " + title)
                .append("status", "NEW").append("priority", "P1").append("service", service).append("serviceKey", service)
                .append("category", "Access").append("detected", true).append("detectionReason", "3 related incidents")
                .append("incidents", embedded).append("majorIncidents", List.of()).append("version", 2_000L)
                .append("createdAt", Date.from(t.minus(Duration.ofDays(6))))
                .append("updatedAt", Date.from(t.minus(Duration.ofHours(1)))), MongoProblemRepository.COLLECTION);
        assertThat(storedSize(problemId)).isGreaterThan(300_000);

        ServiceClient.Response shown = api().get("hank", "/api/problems/" + problemId); // its first read migrates it
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body().get("incidentCount").asInt()).isEqualTo(2_000);
        assertThat(shown.body().get("priority").asString()).isEqualTo("P1");
        assertThat(shown.body().get("incidents").size()).isEqualTo(50);
        assertThat(shown.body().get("incidents").get(0).get("ticketId").asString()).isEqualTo(suffix + "-0");
        ServiceClient.Response page = api().get("hank", "/api/problems/" + problemId + "/incidents?page=1&size=100");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().size()).isEqualTo(100);
        assertThat(page.body().get(0).get("ticketId").asString()).isEqualTo(suffix + "-100");
        assertThat(api().get("hank", "/api/problems/" + problemId + "/incidents?page=20&size=100").body().size()).isZero();
        assertThat(api().get("hank", "/api/problems/" + problemId + "/incidents?size=101").status()).isEqualTo(400);
        assertThat(problemRepository.migrateEmbeddedIncidents()).isZero();
        assertThat(storedSize(problemId)).isLessThan(8_192);

        TicketSnapshot next = incident(service, "zoe", title, null, t);
        try (KafkaEvents problems = KafkaEvents.on(Topics.PROBLEM)) {
            reads.start();
            KafkaEvents.publish(opened(next));
            CloudEvent linked = problems.awaitEvent(EventType.PROBLEM_INCIDENT_LINKED,
                    e -> e.data(IncidentLinked.class).incident().ticketId().equals(next.id()), TIMEOUT);
            Map<String, Long> read = reads.stop();

            assertThat(linked.subject()).isEqualTo(problemId);
            assertThat(EventSchemas.validate(linked)).isEmpty();
            // detection compares the problem's 50 most recent members; the problem is one small document
            assertThat(read.values().stream().mapToLong(Long::longValue).sum()).as("documents read: %s", read)
                    .isLessThan(200);
        }
        ServiceClient.Response after = api().get("hank", "/api/problems/" + problemId);
        assertThat(after.body().get("incidentCount").asInt()).isEqualTo(2_001);
        assertThat(after.body().get("incidents").get(0).get("ticketId").asString()).isEqualTo(next.id());
        assertThat(storedSize(problemId)).isLessThan(8_192);

        // the same link again (an agent, or a redelivery after a crash): nothing changes, nothing is counted twice
        ServiceClient.Response again = api().post("hank", "/api/problems/" + problemId + "/incidents",
                "{\"ticketId\":\"" + next.id() + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("incidentCount").asInt()).isEqualTo(2_001);
        assertThat(again.body().get("version").asLong()).isEqualTo(after.body().get("version").asLong());

        // the next incident detection links writes its own link once: reading the problem does not write the
        // previous link again when this service wrote it after the problem
        TicketSnapshot last = incident(service, "yves", title, null, t.plus(Duration.ofMinutes(1)));
        try (KafkaEvents problems = KafkaEvents.on(Topics.PROBLEM)) {
            reads.start();
            KafkaEvents.publish(opened(last));
            problems.awaitEvent(EventType.PROBLEM_INCIDENT_LINKED,
                    e -> e.data(IncidentLinked.class).incident().ticketId().equals(last.id()), TIMEOUT);
            reads.stop();
            assertThat(reads.commands()).as("commands").containsEntry("update " + MongoProblemRepository.LINKS, 1L);
        }
        assertThat(api().get("hank", "/api/problems/" + problemId).body().get("incidentCount").asInt()).isEqualTo(2_002);
    }

    @Test
    void gathersTheTermCountsOfIncidentsAndWritesThemTogether() {
        detectionStore.flushTerms(); // what earlier scenarios left
        detectionStore.terms(); // read now: the cache holds for a minute
        StringBuilder letters = new StringBuilder("zq");
        UUID.randomUUID().toString().replace("-", "").chars().limit(10).forEach(c -> letters.append((char) ('a' + c % 26)));
        String word = letters.toString();
        String term = null;
        for (int i = 0; i < 3; i++) {
            TrackedIncident seen = TrackedIncident.of(signal(incident("kiosk", "user" + i, "kiosk " + word + " frozen",
                    null, HISTORY.plus(Duration.ofMinutes(i)))));
            // the word as the tokenizer keeps it (it stems words)
            term = seen.terms().keySet().stream().filter(t -> t.startsWith("zq")).findFirst().orElseThrow();
            detectionStore.commit(new Outcome(List.of(), List.of(seen), new TermStatistics()));
        }

        // detection compares with the new counts at once; the store has not been written for each incident
        assertThat(detectionStore.terms().documentFrequency()).containsEntry(term, 3);
        assertThat(storedTermCount(term)).isNull();

        detectionStore.flushTerms();
        assertThat(storedTermCount(term)).isEqualTo(3);
        assertThat(detectionStore.terms().documentFrequency()).containsEntry(term, 3); // not counted twice
    }

    private @Nullable Integer storedTermCount(String term) {
        Document stored = mongo.findById("global", Document.class, "detection_terms");
        return stored == null || stored.get("df", Document.class) == null ? null
                : stored.get("df", Document.class).getInteger(term);
    }

    @Test
    void aLinkChangeWhoseSecondWriteWasLostIsStoredOnTheNextReadAndNeverCountedTwice() {
        String service = "kiosk-" + UUID.randomUUID().toString().substring(0, 8);
        String problemId = api().post("hank", "/api/problems", "{\"title\":\"Kiosks freeze\",\"service\":\"" + service
                + "\"}").body().get("id").asString();
        TrackedIncident kiosk = TrackedIncident.of(signal(incident(service, "alice", "kiosk frozen at the entrance", null,
                HISTORY)));
        detectionStore.commit(new Outcome(List.of(), List.of(kiosk), null));
        String link = "/api/problems/" + problemId + "/incidents";
        String body = "{\"ticketId\":\"" + kiosk.ticketId() + "\"}";
        Query stored = Query.query(Criteria.where("_id").is(problemId + "/" + kiosk.ticketId()));
        assertThat(api().post("hank", link, body).body().get("incidentCount").asInt()).isEqualTo(1);

        // a crash right after the problem's write of the link: the links collection never got it, and the restarted
        // service does not remember writing it; the agent retries
        mongo.remove(stored, MongoProblemRepository.LINKS);
        problemRepository.forgetWrittenLinks();
        ServiceClient.Response retried = api().post("hank", link, body);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().get("incidentCount").asInt()).isEqualTo(1);
        assertThat(retried.body().get("incidents").findValuesAsString("ticketId")).containsExactly(kiosk.ticketId());

        // a crash right after the problem's write of an unlink: the links collection still says linked
        assertThat(api().delete("hank", link + "/" + kiosk.ticketId()).body().get("incidentCount").asInt()).isZero();
        mongo.updateFirst(stored, new Update().set("linked", true).set("version", 2L), MongoProblemRepository.LINKS);
        problemRepository.forgetWrittenLinks();
        assertThat(api().delete("hank", link + "/" + kiosk.ticketId()).status()).isEqualTo(404);
        ServiceClient.Response problem = api().get("hank", "/api/problems/" + problemId);
        assertThat(problem.body().get("incidentCount").asInt()).isZero();
        assertThat(problem.body().get("incidents").size()).isZero();
        assertThat(mongo.findOne(stored, Document.class, MongoProblemRepository.LINKS).getBoolean("linked")).isFalse();
    }

    @Test
    void slowDriftOpensNoProblem() {
        String drift = "files-" + UUID.randomUUID().toString().substring(0, 8);
        String marker = "erp-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaEvents problems = KafkaEvents.on(Topics.PROBLEM)) {
            Set<String> driftIds = new java.util.HashSet<>();
            String[] wording = { "shared drive slow", "shared drive slow saving", "network drive saving slow",
                    "network drive disconnects", "mapped network drive disconnects" };
            for (int i = 0; i < 10; i++) {
                TicketSnapshot t = incident(drift, "user" + i, wording[i / 2] + " " + drift, null,
                        HISTORY.plus(Duration.ofDays(3)).plus(Duration.ofHours(5L * i)));
                driftIds.add(t.id());
                KafkaEvents.publish(opened(t));
            }
            // a burst after the drift: once its problem is out, every drift incident has been processed
            Set<String> markerIds = new java.util.HashSet<>();
            for (String who : List.of("alice", "bob", "carol")) {
                TicketSnapshot t = incident(marker, who, marker + " is down, error 500 on every page", null,
                        HISTORY.plus(Duration.ofDays(6)).plus(Duration.ofMinutes(who.length())));
                markerIds.add(t.id());
                KafkaEvents.publish(opened(t));
            }
            problems.awaitEvent(EventType.PROBLEM_DETECTED, e -> e.data(ProblemEvent.class).incidents().stream()
                    .anyMatch(i -> markerIds.contains(i.ticketId())), TIMEOUT);

            assertThat(problems.events()).filteredOn(e -> e.type().equals(EventType.PROBLEM_DETECTED.type())
                    || e.type().equals(EventType.PROBLEM_INCIDENT_LINKED.type()))
                    .noneMatch(e -> e.data().contains(drift));
        }
    }

    @Test
    void keepsProblemsFromRequestersAndRejectsUnknownFieldsAndSettingsForNonAdmins() {
        assertThat(api().get("alice", "/api/problems").status()).isEqualTo(403);

        ServiceClient.Response unknown = api().post("hank", "/api/problems", "{\"title\":\"Printers\",\"status\":\"CLOSED\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("field").asString()).isEqualTo("status");

        ServiceClient.Response operator = api().get("hank", "/api/problems?service=%24ne");
        assertThat(operator.status()).isEqualTo(400);

        ServiceClient.Response created = api().post("pete", "/api/problems",
                "{\"title\":\"Docking stations lose the second screen\",\"service\":\"docking-station\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("priority").asString()).isEqualTo("P4");
        assertThat(api().get("mia", "/api/problems?status=NEW&service=docking-station").body().toString())
                .contains(created.body().get("id").asString());

        assertThat(api().get("hank", "/api/problem-detection/settings").status()).isEqualTo(403);
        ServiceClient.Response settings = api().get("root", "/api/problem-detection/settings");
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body().get("minIncidents").asInt()).isEqualTo(3);
        ServiceClient.Response invalid = api().put("root", "/api/problem-detection/settings",
                settings.raw().replace("\"minIncidents\":3", "\"minIncidents\":1"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("field").asString()).isEqualTo("minIncidents");
    }

    @Test
    void sweepForgetsDetectionStateThatNoWindowCanReach() {
        String service = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        Instant future = Instant.parse("2026-01-01T00:00:00Z");
        TrackedIncident old = TrackedIncident.of(signal(incident(service, "alice", "old " + service, null,
                future.minus(Duration.ofDays(40)))));
        TrackedIncident recent = TrackedIncident.of(signal(incident(service, "bob", "recent " + service, null, future)));
        detectionStore.commit(new Outcome(List.of(), List.of(old, recent), null));

        long deleted = detectionStore.sweep(Duration.ofDays(8));

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(detectionStore.find(old.ticketId())).isEmpty();
        assertThat(detectionStore.find(recent.ticketId())).isPresent();
    }

    /** The stored size of a problem document, in bytes. */
    private int storedSize(String problemId) {
        return mongo.getCollection(MongoProblemRepository.COLLECTION).withDocumentClass(RawBsonDocument.class)
                .find(new Document("_id", problemId)).first().getByteBuffer().remaining();
    }

    private static IncidentSignal signal(TicketSnapshot t) {
        return new IncidentSignal(t.id(), t.number(), t.requester(), t.title(), t.description(), t.category(),
                t.service(), t.location(), t.priority(), t.impact(), false, t.version(), t.openedAt());
    }

    private ServiceClient api() {
        return new ServiceClient(port);
    }

    private static TicketSnapshot incident(String service, String requester, String title, @Nullable String location,
            Instant openedAt) {
        String id = UUID.randomUUID().toString();
        return new TicketSnapshot(id, "INC" + Math.abs(id.hashCode() % 10_000_000), TicketType.INCIDENT, title,
                "Reported through the portal: " + title, TicketStatus.NEW, Priority.P3, Level.MEDIUM, Level.MEDIUM,
                "Access", service, location, null, requester, "service-desk", 1, null, "portal", null, null, null, 1,
                openedAt, openedAt, null, null, null);
    }

    private static CloudEvent opened(TicketSnapshot t) {
        return CloudEvent.of(EventType.TICKET_OPENED, t.id(), new TicketEvent(t, List.of(), t.requester(), null, null, null),
                t.openedAt());
    }
}
