package org.spoc.ticket.web;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventSchemas;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.testkit.KafkaEvents;
import org.spoc.ticket.TicketIntegrationTest;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class TicketCreationIntegrationTests extends TicketIntegrationTest {

    static KafkaEvents events;

    @BeforeAll
    static void listen() {
        events = KafkaEvents.on(Topics.TICKET);
    }

    @AfterAll
    static void stopListening() {
        events.close();
    }

    @Test
    void opensAnIncidentWithNumberPriorityAndRoutingAndPublishesTheOpenedEvent() {
        Answer created = post("alice", "/api/tickets", incident("VPN drops every few minutes"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode ticket = created.json();
        String id = ticket.path("id").asString();
        assertThat(ticket.path("number").asString()).matches("INC\\d{7}");
        assertThat(ticket.path("priority").asString()).isEqualTo("P2");
        assertThat(ticket.path("status").asString()).isEqualTo("NEW");
        assertThat(ticket.path("requester").asString()).isEqualTo("alice");
        assertThat(ticket.path("assignmentGroup").asString()).isEqualTo("service-desk");
        assertThat(ticket.path("tier").asInt()).isEqualTo(1);
        assertThat(ticket.path("version").asLong()).isEqualTo(1);
        assertThat(created.header("Location")).isEqualTo("/api/tickets/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        Document doc = stored(id);
        assertThat(doc).isNotNull();
        assertThat(doc.getString("number")).isEqualTo(ticket.path("number").asString());
        assertThat(doc.getList("history", Document.class)).isNotEmpty();

        CloudEvent opened = events.awaitEvent(EventType.TICKET_OPENED, id, EVENT_TIMEOUT);
        assertThat(EventSchemas.validate(opened)).isEmpty();
        assertThat(opened.source()).isEqualTo("/spoc/ticket-service");
        assertThat(opened.key()).isEqualTo(id);
        TicketEvent data = opened.data(TicketEvent.class);
        assertThat(data.ticket().number()).isEqualTo(ticket.path("number").asString());
        assertThat(data.ticket().version()).isEqualTo(1);
        assertThat(data.actor()).isEqualTo("alice");
        org.awaitility.Awaitility.await().atMost(EVENT_TIMEOUT)
                .until(() -> stored(id).getList("outbox", Document.class, List.of()).isEmpty());
    }

    @Test
    void numbersIncidentsAndRequestsOnSeparateUniqueSequences() {
        String first = openIncident("alice", "one").path("number").asString();
        String second = openIncident("bob", "two").path("number").asString();
        Answer request = post("alice", "/api/tickets", Map.of("type", "SERVICE_REQUEST", "title", "Laptop",
                "catalogItem", "new-laptop", "form", Map.of("model", "developer", "reason", "broken screen")));

        assertThat(request.status()).as(request.body()).isEqualTo(201);
        assertThat(Long.parseLong(second.substring(3))).isEqualTo(Long.parseLong(first.substring(3)) + 1);
        assertThat(request.text("number")).matches("REQ\\d{7}");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.spoc.ticket.domain.TicketNumbers numbers;

    @Test
    void keepsNumbersUniqueUnderConcurrentCreates() throws Exception {
        // the store answered concurrent $inc with stale documents: 48 creates on 8 threads repeated numbers
        int count = 48;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Answer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                answers.add(pool.submit(() -> post(n % 2 == 0 ? "alice" : "bob", "/api/tickets",
                        incident("Concurrent " + n))));
            }
            java.util.Set<String> ticketNumbers = new java.util.HashSet<>();
            for (var answer : answers) {
                Answer a = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(a.status()).as(a.body()).isEqualTo(201);
                ticketNumbers.add(a.text("number"));
            }
            assertThat(ticketNumbers).hasSize(count);
        }
        // and the sequence behind them moved on by exactly the tickets made, none skipped
        java.util.Set<Long> reserved = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                all.add(pool.submit(() -> reserved.add(numbers.reserve("test-sequence", 1))));
            }
            for (var f : all) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertThat(reserved).hasSize(200).contains(1L, 200L);
    }

    @Test
    void routesACatalogRequestToItsFulfilmentGroupWithItsDefaults() {
        Answer created = post("carol", "/api/tickets", Map.of("type", "SERVICE_REQUEST", "title", "Need Figma",
                "catalogItem", "software-install", "form", Map.of("software", "Figma")));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.text("assignmentGroup")).isEqualTo("desktop-support");
        assertThat(created.json().path("tier").asInt()).isEqualTo(2);
        assertThat(created.text("impact")).isEqualTo("LOW");
        assertThat(created.text("priority")).isEqualTo("P4");
    }

    @Test
    void validatesARequestAgainstItsCatalogForm() {
        long before = storedCount();
        Answer missing = post("carol", "/api/tickets", Map.of("type", "SERVICE_REQUEST", "title", "Access",
                "catalogItem", "system-access", "form", Map.of("system", "SAP")));
        Answer unknownItem = post("carol", "/api/tickets", Map.of("type", "SERVICE_REQUEST", "title", "Pony",
                "catalogItem", "pony", "impact", "LOW", "urgency", "LOW"));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("field")).isEqualTo("form.accessLevel");
        assertThat(unknownItem.status()).isEqualTo(400);
        assertThat(unknownItem.text("field")).isEqualTo("catalogItem");
        assertThat(storedCount()).isEqualTo(before);
    }

    @Test
    void anIdempotencyKeyRepeatReturnsTheFirstTicket() {
        Map<String, String> key = Map.of("Idempotency-Key", "create-" + System.nanoTime());
        Answer first = post("alice", "/api/tickets", incident("Printer on fire"), key);
        Answer repeat = post("alice", "/api/tickets", incident("Printer on fire"), key);
        Answer different = post("alice", "/api/tickets", incident("Another printer"), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(repeat.status()).isEqualTo(201);
        assertThat(repeat.text("id")).isEqualTo(first.text("id"));
        assertThat(repeat.text("number")).isEqualTo(first.text("number"));
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(different.status()).isEqualTo(409);
        assertThat(SpocCollections.countByTitle("Printer on fire")).isEqualTo(1);
    }

    @Test
    void onlyAgentsMaySetTheRequester() {
        long before = storedCount();
        Map<String, Object> forBob = new java.util.LinkedHashMap<>(incident("On behalf"));
        forBob.put("requester", "bob");

        Answer byRequester = post("alice", "/api/tickets", forBob);
        Answer byAgent = post("hank", "/api/tickets", forBob);

        assertThat(byRequester.status()).isEqualTo(400);
        assertThat(byRequester.text("field")).isEqualTo("requester");
        assertThat(byAgent.status()).isEqualTo(201);
        assertThat(byAgent.text("requester")).isEqualTo("bob");
        assertThat(get("bob", "/api/tickets/" + byAgent.text("id")).status()).isEqualTo(200);
        assertThat(storedCount()).isEqualTo(before + 1);
    }

    @Test
    void rejectsBadInputNamingTheFieldAndStoresNothing() {
        long before = storedCount();
        Map<String, Object> readOnly = new java.util.LinkedHashMap<>(incident("x"));
        readOnly.put("status", "RESOLVED");
        Map<String, Object> priority = new java.util.LinkedHashMap<>(incident("x"));
        priority.put("priority", "P1");
        Map<String, Object> number = new java.util.LinkedHashMap<>(incident("x"));
        number.put("number", "INC0000001");
        Map<String, Object> noTitle = new java.util.LinkedHashMap<>(incident("x"));
        noTitle.remove("title");
        Map<String, Object> longTitle = new java.util.LinkedHashMap<>(incident("x".repeat(201)));
        Map<String, Object> badEnum = new java.util.LinkedHashMap<>(incident("x"));
        badEnum.put("impact", "CATASTROPHIC");
        Map<String, Object> operatorObject = new java.util.LinkedHashMap<>(incident("x"));
        operatorObject.put("title", Map.of("$gt", ""));
        Map<String, Object> operatorText = new java.util.LinkedHashMap<>(incident("x"));
        operatorText.put("category", "$where");
        Map<String, Object> dottedKey = Map.of("type", "SERVICE_REQUEST", "title", "x", "catalogItem",
                "software-install", "form", Map.of("software.$x", "1"));

        assertField(post("alice", "/api/tickets", readOnly), "status");
        assertField(post("alice", "/api/tickets", priority), "priority");
        assertField(post("alice", "/api/tickets", number), "number");
        assertField(post("alice", "/api/tickets", noTitle), "title");
        assertField(post("alice", "/api/tickets", longTitle), "title");
        Answer enumAnswer = post("alice", "/api/tickets", badEnum);
        assertField(enumAnswer, "impact");
        assertThat(enumAnswer.json().path("allowed").toString()).contains("HIGH", "MEDIUM", "LOW");
        assertField(post("alice", "/api/tickets", operatorObject), "title");
        assertField(post("alice", "/api/tickets", operatorText), "category");
        assertField(post("alice", "/api/tickets", dottedKey), "form");
        assertThat(post("alice", "/api/tickets", "{\"type\":\"INCIDENT\",").status()).isEqualTo(400);
        Map<String, Object> huge = new java.util.LinkedHashMap<>(incident("big"));
        huge.put("description", "x".repeat(1_100_000));
        Answer tooLarge = post("alice", "/api/tickets", huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.header("Content-Type")).contains("application/problem+json");
        Map<String, Object> longDescription = new java.util.LinkedHashMap<>(incident("long"));
        longDescription.put("description", "x".repeat(20_001));
        assertField(post("alice", "/api/tickets", longDescription), "description");

        assertThat(storedCount()).isEqualTo(before);
    }

    private static void assertField(Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).contains("application/problem+json");
        assertThat(answer.text("field")).as(answer.body()).startsWith(field);
    }
}
