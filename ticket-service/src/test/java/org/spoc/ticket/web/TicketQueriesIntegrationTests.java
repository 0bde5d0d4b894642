package org.spoc.ticket.web;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.spoc.testkit.SpocInfrastructure;
import org.spoc.ticket.TicketIntegrationTest;
import org.spoc.ticket.domain.TicketRepository;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Filtering, sorting, paging and agent queues. */
class TicketQueriesIntegrationTests extends TicketIntegrationTest {

    @org.junit.jupiter.api.BeforeEach
    void emptyTheStore() {
        SpocInfrastructure.clean();
    }

    @Test
    void pagesSortsAndCapsThePageSize() {
        for (int i = 0; i < 3; i++) {
            openIncident("carol", "Paging ticket " + i);
        }

        JsonNode first = get("carol", "/api/tickets?size=2&page=0&sort=number,asc").json();
        JsonNode second = get("carol", "/api/tickets?size=2&page=1&sort=number,asc").json();
        JsonNode capped = get("carol", "/api/tickets?size=5000").json();
        Answer badSize = get("carol", "/api/tickets?size=0");
        Answer badSort = get("carol", "/api/tickets?sort=requester");

        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("totalElements").asLong()).isEqualTo(3);
        assertThat(first.path("totalPages").asInt()).isEqualTo(2);
        assertThat(second.path("items")).hasSize(1);
        List<String> numbers = new java.util.ArrayList<>(first.path("items").findValuesAsString("number"));
        numbers.addAll(second.path("items").findValuesAsString("number"));
        assertThat(numbers).isSorted().doesNotHaveDuplicates().hasSize(3);
        assertThat(capped.path("size").asInt()).isEqualTo(100);
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(badSort.status()).isEqualTo(400);
        assertThat(badSort.text("field")).isEqualTo("sort");
    }

    @Test
    void filtersByTextInTitleOrDescriptionIgnoringCase() {
        openIncident("carol", "Excel (2016) crashes on save");
        Map<String, Object> byDescription = incident("Spreadsheet trouble");
        byDescription.put("description", "EXCEL (2016) freezes");
        post("carol", "/api/tickets", byDescription);
        openIncident("carol", "Nothing to do with it");

        JsonNode found = get("hank", "/api/tickets?q=excel%20(2016)&requester=carol").json();

        assertThat(found.path("items").findValuesAsString("title"))
                .containsExactlyInAnyOrder("Excel (2016) crashes on save", "Spreadsheet trouble");
    }

    @Test
    void filtersByStatusPriorityTypeAndGroup() {
        String p1 = post("carol", "/api/tickets", Map.of("type", "INCIDENT", "title", "Site down", "impact", "HIGH",
                "urgency", "HIGH", "category", "network")).text("id");
        openIncident("carol", "Something else");

        JsonNode found = get("hank", "/api/tickets?priority=P1&type=INCIDENT&status=NEW,ASSIGNED"
                + "&assignmentGroup=network-ops").json();

        assertThat(found.path("items").findValuesAsString("id")).containsExactly(p1);
    }

    @Test
    void theAgentQueueListsOpenTicketsByPriorityThenDueTime() {
        String low = post("alice", "/api/tickets", Map.of("type", "INCIDENT", "title", "Queue low", "impact", "LOW",
                "urgency", "LOW", "category", "hardware")).text("id");
        String high = post("alice", "/api/tickets", Map.of("type", "INCIDENT", "title", "Queue high", "impact",
                "HIGH", "urgency", "HIGH", "category", "hardware")).text("id");
        String mid = post("alice", "/api/tickets", Map.of("type", "INCIDENT", "title", "Queue mid", "impact",
                "MEDIUM", "urgency", "MEDIUM", "category", "hardware")).text("id");
        clock.advance(java.time.Duration.ofMinutes(1));
        String laterMid = post("alice", "/api/tickets", Map.of("type", "INCIDENT", "title", "Queue mid later",
                "impact", "MEDIUM", "urgency", "MEDIUM", "category", "hardware")).text("id");

        JsonNode queue = get("pete", "/api/tickets/queue").json();

        assertThat(queue.path("items").findValuesAsString("id")).containsExactly(high, mid, laterMid, low);
        assertThat(get("alice", "/api/tickets/queue").status()).isEqualTo(403);
    }

    @Test
    void servesTheQueueAndSweepFromIndexes() {
        var collection = SpocInfrastructure.database().getCollection(TicketRepository.COLLECTION);
        List<String> indexes = new java.util.ArrayList<>();
        collection.listIndexes().forEach(i -> indexes.add(i.getString("name")));
        assertThat(indexes).contains(TicketRepository.QUEUE_INDEX, TicketRepository.ASSIGNEE_QUEUE_INDEX,
                TicketRepository.SWEEP_INDEX, TicketRepository.NUMBER_INDEX, TicketRepository.DEDUP_INDEX,
                TicketRepository.REQUESTER_INDEX);
        Document queueIndex = new java.util.ArrayList<Document>(collection.listIndexes().into(new java.util.ArrayList<>()))
                .stream().filter(i -> TicketRepository.QUEUE_INDEX.equals(i.getString("name"))).findFirst()
                .orElseThrow();
        assertThat(queueIndex.get("key", Document.class).keySet())
                .containsExactly("assignmentGroup", "open", "priority", "dueAt", "openedAt");

        Document plan = explainQueue();
        if (plan != null) {
            assertThat(plan.toJson()).contains(TicketRepository.QUEUE_INDEX).doesNotContain("COLLSCAN")
                    .doesNotContain("\"SORT\"");
        }
    }

    /** The queue query's plan, or null where the store has no {@code explain} (the embedded Mongo-wire store). */
    private static Document explainQueue() {
        Document find = new Document("find", TicketRepository.COLLECTION)
                .append("filter", TicketRepository.queueFilter("service-desk"))
                .append("sort", TicketRepository.queueSortDocument());
        try {
            return SpocInfrastructure.database().runCommand(new Document("explain", find));
        }
        catch (com.mongodb.MongoCommandException ex) {
            return null;
        }
    }
}
