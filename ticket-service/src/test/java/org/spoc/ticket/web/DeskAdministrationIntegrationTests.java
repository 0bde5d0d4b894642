package org.spoc.ticket.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

/** Admins and desk leads: import, statistics and metrics, the catalog, the priority matrix and routing rules. */
class DeskAdministrationIntegrationTests extends TicketIntegrationTest {

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
    void importsHistoricalTicketsRowByRowIdempotentlyWithTheirOriginalTimes() {
        String rows = """
                [
                 {"sourceId":"old-1","type":"INCIDENT","title":"Old VPN issue","impact":"HIGH","urgency":"LOW",
                  "requester":"alice","openedAt":"2025-01-06T08:15:00Z","resolvedAt":"2025-01-06T10:15:00Z",
                  "closedAt":"2025-01-09T10:15:00Z","resolutionCode":"FIXED","category":"network"},
                 {"sourceId":"old-2","type":"SERVICE_REQUEST","title":"Old laptop","catalogItem":"new-laptop",
                  "openedAt":"2025-02-03T14:00:00Z","requester":"bob"},
                 {"sourceId":"old-3","type":"INCIDENT","impact":"LOW","urgency":"LOW","openedAt":"2025-02-03T14:00:00Z"},
                 {"sourceId":"old-4","type":"INCIDENT","title":"x","impact":"LOW","urgency":"LOW",
                  "openedAt":"2025-02-03T14:00:00Z","status":"OPEN"},
                 {"sourceId":"old-5","type":"INCIDENT","title":"x","impact":"LOW","urgency":"LOW",
                  "openedAt":"2025-02-03T14:00:00Z","priority":"P1"}
                ]""";

        Answer first = post("root", "/api/tickets/import", rows);
        Answer again = post("root", "/api/tickets/import", rows);
        Answer ndjson = send("root", "POST", "/api/tickets/import",
                "{\"sourceId\":\"old-6\",\"type\":\"INCIDENT\",\"title\":\"nd\",\"impact\":\"LOW\",\"urgency\":\"LOW\","
                        + "\"openedAt\":\"2025-03-01T09:00:00Z\"}\n{broken\n",
                Map.of("Content-Type", "application/x-ndjson"));
        Answer byAgent = post("hank", "/api/tickets/import", rows);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode report = first.json();
        assertThat(report.path("importedCount").asInt()).isEqualTo(2);
        assertThat(report.path("rejected").findValuesAsString("field")).containsExactly("title", "status", "priority");
        assertThat(report.path("rejected").findValues("row").stream().map(JsonNode::asInt)).containsExactly(3, 4, 5);
        assertThat(again.json().path("importedCount").asInt()).isZero();
        assertThat(again.json().path("skippedCount").asInt()).isEqualTo(2);
        assertThat(ndjson.json().path("importedCount").asInt()).isEqualTo(1);
        assertThat(ndjson.json().path("rejectedCount").asInt()).isEqualTo(1);
        assertThat(byAgent.status()).isEqualTo(403);

        String oldId = report.path("imported").get(0).path("id").asString();
        JsonNode imported = get("hank", "/api/tickets/" + oldId).json();
        assertThat(imported.path("number").asString()).matches("INC\\d{7}");
        assertThat(imported.path("status").asString()).isEqualTo("CLOSED");
        assertThat(imported.path("openedAt").asString()).isEqualTo("2025-01-06T08:15:00Z");
        CloudEvent opened = events.awaitEvent(EventType.TICKET_OPENED, oldId, EVENT_TIMEOUT);
        CloudEvent closed = events.awaitEvent(EventType.TICKET_CLOSED, oldId, EVENT_TIMEOUT);
        assertThat(opened.time()).isEqualTo(Instant.parse("2025-01-06T08:15:00Z"));
        assertThat(closed.time()).isEqualTo(Instant.parse("2025-01-09T10:15:00Z"));
        assertThat(EventSchemas.validate(opened)).isEmpty();
        assertThat(EventSchemas.validate(closed)).isEmpty();
        assertThat(closed.data(TicketEvent.class).ticket().resolvedAt()).isEqualTo(Instant.parse("2025-01-06T10:15:00Z"));
    }

    @Test
    void importsThousandsOfTicketsInOneCall() {
        StringBuilder ndjson = new StringBuilder();
        int rows = 1000;
        for (int i = 0; i < rows; i++) {
            ndjson.append("{\"sourceId\":\"bulk-").append(i).append("\",\"type\":\"INCIDENT\",\"title\":\"Bulk ")
                    .append(i).append("\",\"impact\":\"LOW\",\"urgency\":\"MEDIUM\",\"openedAt\":\"2023-05-0")
                    .append(1 + i % 9).append("T10:00:00Z\"}\n");
        }
        long start = System.nanoTime();

        Answer answer = send("root", "POST", "/api/tickets/import", ndjson.toString(),
                Map.of("Content-Type", "application/x-ndjson"));

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        // let the relay publish the import before other tests wait for their own events behind it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(4))
                .until(() -> SpocCollections.pendingOutboxDocuments() == 0);
        long drained = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("imported %d tickets (%d KB) in %d ms; all their events published after %d ms%n", rows,
                ndjson.length() / 1024, millis, drained);
        assertThat(answer.json().path("importedCount").asInt()).isEqualTo(rows);
        assertThat(SpocCollections.countBySourcePrefix("bulk-")).isEqualTo(rows);
        List<String> numbers = answer.json().path("imported").findValuesAsString("number");
        assertThat(numbers).doesNotHaveDuplicates().hasSize(rows);
    }

    @Test
    void reportsTheDeskFiguresForAPeriod() {
        String rows = """
                [{"sourceId":"st-1","type":"INCIDENT","title":"a","impact":"HIGH","urgency":"HIGH","category":"network",
                  "openedAt":"2024-06-03T09:00:00Z","resolvedAt":"2024-06-03T10:00:00Z","resolutionCode":"FIXED"},
                 {"sourceId":"st-2","type":"INCIDENT","title":"b","impact":"LOW","urgency":"LOW",
                  "openedAt":"2024-06-03T09:30:00Z","resolvedAt":"2024-06-03T12:30:00Z","resolutionCode":"FIXED"},
                 {"sourceId":"st-3","type":"SERVICE_REQUEST","title":"c","catalogItem":"new-laptop",
                  "openedAt":"2024-06-04T15:00:00Z"}]""";
        assertThat(post("root", "/api/tickets/import", rows).json().path("importedCount").asInt()).isEqualTo(3);

        Answer stats = get("mia", "/api/tickets/stats?from=2024-06-01&to=2024-06-08");
        Answer byRequester = get("alice", "/api/tickets/stats");

        assertThat(stats.status()).as(stats.body()).isEqualTo(200);
        JsonNode s = stats.json();
        assertThat(s.path("total").asInt()).isEqualTo(3);
        assertThat(s.path("byType").path("INCIDENT").asInt()).isEqualTo(2);
        assertThat(s.path("byPriority").path("P1").asInt()).isEqualTo(1);
        assertThat(s.path("byCategory").path("network").asInt()).isEqualTo(1);
        assertThat(s.path("timeToResolve").path("meanMinutes").asDouble()).isEqualTo(120.0);
        assertThat(s.path("timeToResolve").path("p90Minutes").asDouble()).isEqualTo(180.0);
        assertThat(s.path("demandByHour").path("9").asInt()).isEqualTo(2);
        assertThat(s.path("demandByWeekday").path("MONDAY").asInt()).isEqualTo(2);
        assertThat(s.path("open").asInt()).isEqualTo(1);
        assertThat(byRequester.status()).isEqualTo(403);
        assertThat(get("mia", "/api/tickets/stats?from=yesterday").status()).isEqualTo(400);
    }

    @Test
    void exposesTheDeskFiguresAsMetrics() {
        openIncident("alice", "Metrics ticket");

        Answer prometheus = send(null, "GET", "/actuator/prometheus", null, Map.of());

        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("spoc_tickets_opened_total", "spoc_tickets_backlog",
                "spoc_tickets_demand_hour_total", "spoc_tickets_time_to_resolve_seconds");
    }

    @Test
    void servesTheCatalogAndLetsOnlyAdminsEditIt() {
        JsonNode catalog = get("alice", "/api/catalog").json();
        Map<String, Object> item = Map.of("name", "Headset", "fulfilmentGroup", "desktop-support", "defaultImpact",
                "LOW", "defaultUrgency", "LOW", "fields", List.of(Map.of("name", "model", "label", "Model", "type",
                        "CHOICE", "required", true, "options", List.of("wired", "wireless"))));

        Answer byAgent = send("hank", "PUT", "/api/catalog/headset", item, Map.of());
        Answer byAdmin = send("root", "PUT", "/api/catalog/headset", item, Map.of());
        Answer badGroup = send("root", "PUT", "/api/catalog/headset2",
                Map.of("name", "x", "fulfilmentGroup", "nobody", "defaultImpact", "LOW", "defaultUrgency", "LOW"),
                Map.of());
        Answer request = post("alice", "/api/tickets", Map.of("type", "SERVICE_REQUEST", "title", "Headset please",
                "catalogItem", "headset", "form", Map.of("model", "wireless")));

        assertThat(catalog.findValuesAsString("id")).contains("password-reset", "new-laptop", "software-install",
                "system-access");
        assertThat(catalog.findValuesAsString("fulfilmentGroup")).isNotEmpty();
        assertThat(byAgent.status()).isEqualTo(403);
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
        assertThat(badGroup.status()).isEqualTo(400);
        assertThat(badGroup.text("field")).isEqualTo("fulfilmentGroup");
        assertThat(request.status()).as(request.body()).isEqualTo(201);
        assertThat(request.text("assignmentGroup")).isEqualTo("desktop-support");
        assertThat(request.text("priority")).isEqualTo("P5");
    }

    @Test
    void adminsReconfigureThePriorityMatrixAndRoutingForNewTickets() {
        Map<String, Object> matrix = Map.of(
                "HIGH", Map.of("HIGH", "P1", "MEDIUM", "P1", "LOW", "P2"),
                "MEDIUM", Map.of("HIGH", "P2", "MEDIUM", "P3", "LOW", "P4"),
                "LOW", Map.of("HIGH", "P3", "MEDIUM", "P4", "LOW", "P5"));
        Map<String, Object> rules = Map.of("rules", List.of(Map.of("category", "printing", "group",
                "desktop-support")));

        assertThat(send("hank", "PUT", "/api/priority-matrix", matrix, Map.of()).status()).isEqualTo(403);
        assertThat(send("root", "PUT", "/api/priority-matrix", matrix, Map.of()).status()).isEqualTo(200);
        assertThat(send("root", "PUT", "/api/priority-matrix", Map.of("HIGH", Map.of("HIGH", "P1")), Map.of())
                .status()).isEqualTo(400);
        assertThat(send("root", "PUT", "/api/routing-rules", rules, Map.of()).status()).isEqualTo(200);
        Answer created = post("alice", "/api/tickets", Map.of("type", "INCIDENT", "title", "Printer offline",
                "impact", "HIGH", "urgency", "MEDIUM", "category", "printing"));

        assertThat(created.text("priority")).isEqualTo("P1");
        assertThat(created.text("assignmentGroup")).isEqualTo("desktop-support");
        assertThat(get("hank", "/api/priority-matrix").json().path("HIGH").path("MEDIUM").asString()).isEqualTo("P1");
        assertThat(get("hank", "/api/tickets/settings/priority-matrix").json().path("HIGH").path("MEDIUM").asString())
                .isEqualTo("P1");
    }

    @Test
    void assignsNewTicketsRoundRobinWhenAnAdminTurnsItOn() {
        Map<String, Object> roundRobin = Map.of("service-desk", Map.of("strategy", "ROUND_ROBIN", "members",
                List.of("hank", "mia")));

        assertThat(send("hank", "PUT", "/api/auto-assignment", roundRobin, Map.of()).status()).isEqualTo(403);
        assertThat(send("root", "PUT", "/api/auto-assignment", Map.of("nowhere", Map.of("strategy", "ROUND_ROBIN",
                "members", List.of("x"))), Map.of()).status()).isEqualTo(400);
        assertThat(send("root", "PUT", "/api/auto-assignment", roundRobin, Map.of()).status()).isEqualTo(200);
        List<JsonNode> created = List.of(openIncident("alice", "RR 1"), openIncident("alice", "RR 2"),
                openIncident("alice", "RR 3"));
        send("root", "PUT", "/api/auto-assignment", Map.of(), Map.of());

        List<String> assignees = created.stream().map(t -> t.path("assignee").asString()).toList();
        assertThat(assignees).isIn(List.of("hank", "mia", "hank"), List.of("mia", "hank", "mia"));
        assertThat(created).allSatisfy(t -> assertThat(t.path("status").asString()).isEqualTo("ASSIGNED"));
        String id = created.get(0).path("id").asString();
        CloudEvent assigned = events.awaitEvent(EventType.TICKET_ASSIGNED, id, EVENT_TIMEOUT);

        // fewest open tickets: pete has none in desktop-support, pete gets the next, then whoever has fewer
        send("root", "PUT", "/api/auto-assignment", Map.of("desktop-support", Map.of("strategy", "FEWEST_OPEN",
                "members", List.of("nora", "pete"))), Map.of());
        post("hank", "/api/tickets/" + id + "/assignment", Map.of("group", "desktop-support", "assignee", "nora"));
        Answer fewest = post("alice", "/api/tickets", Map.of("type", "INCIDENT", "title", "Dock broken", "impact",
                "LOW", "urgency", "LOW", "category", "hardware"));
        send("root", "PUT", "/api/auto-assignment", Map.of(), Map.of());
        assertThat(fewest.text("assignee")).isEqualTo("pete");
        assertThat(assigned.data(TicketEvent.class).actor()).isEqualTo("auto-assignment");
        assertThat(assigned.data(TicketEvent.class).ticket().version()).isEqualTo(2);
    }
}
