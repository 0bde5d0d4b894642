package org.spoc.ticket.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventSchemas;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.knowledge.KnowledgeSuggested;
import org.spoc.events.knowledge.Suggestion;
import org.spoc.events.problem.IncidentLinked;
import org.spoc.events.problem.LinkedIncident;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.events.problem.ProblemSnapshot;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.testkit.KafkaEvents;
import org.spoc.ticket.TicketIntegrationTest;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The other services' events, applied to tickets once each, with poison records dead-lettered. */
class OtherServicesListenerIntegrationTests extends TicketIntegrationTest {

    static KafkaEvents tickets;

    @BeforeAll
    static void listen() {
        tickets = KafkaEvents.on(Topics.TICKET);
    }

    @AfterAll
    static void stopListening() {
        tickets.close();
    }

    @Test
    void anEscalationMovesTheTicketToTheTeamAndTierOnceWithTheReasonInItsHistory() {
        JsonNode ticket = openIncident("alice", "Core switch flapping");
        String id = ticket.path("id").asString();
        post("hank", "/api/tickets/" + id + "/assignment", Map.of("group", "service-desk", "assignee", "hank"));
        CloudEvent escalation = CloudEvent.of(EventType.ESCALATION_RAISED, id, id, new EscalationRaised(
                UUID.randomUUID().toString(), id, ticket.path("number").asString(), "Core switch flapping", "P2", null,
                null, "alice", 1, 2, "service-desk", "network-ops", EscalationKind.FUNCTIONAL,
                "resolution SLA at 75%", null, null, null, Instant.now()), Instant.now(),
                Map.of(CloudEvent.H_TEAM, "network-ops", CloudEvent.H_TIER, "2"));

        KafkaEvents.publish(escalation);
        KafkaEvents.publish(escalation);

        CloudEvent assigned = tickets.awaitEvent(EventType.TICKET_ASSIGNED,
                e -> e.subject().equals(id) && "resolution SLA at 75%".equals(e.data(TicketEvent.class).reason()),
                EVENT_TIMEOUT);
        assertThat(EventSchemas.validate(assigned)).isEmpty();
        TicketEvent data = assigned.data(TicketEvent.class);
        assertThat(data.ticket().assignmentGroup()).isEqualTo("network-ops");
        assertThat(data.ticket().tier()).isEqualTo(2);
        assertThat(data.ticket().assignee()).isNull();
        assertThat(data.ticket().version()).isEqualTo(3);
        JsonNode history = get("hank", "/api/tickets/" + id + "/history").json().path("entries");
        assertThat(history.findValuesAsString("reason")).contains("resolution SLA at 75%");

        // the duplicate was applied once: a later escalation (same key, so same partition, after it) proves it
        KafkaEvents.publish(CloudEvent.of(EventType.ESCALATION_RAISED, id, id, new EscalationRaised(
                UUID.randomUUID().toString(), id, ticket.path("number").asString(), "Core switch flapping", "P2", null,
                null, "alice", 2, 2, "network-ops", "network-ops", EscalationKind.HIERARCHICAL, "manager informed",
                null, "mia", null, Instant.now()), Instant.now(), Map.of()));
        tickets.awaitEvent(EventType.TICKET_ASSIGNED,
                e -> e.subject().equals(id) && "manager informed".equals(e.data(TicketEvent.class).reason()),
                EVENT_TIMEOUT);
        assertThat(stored(id).getLong("version")).isEqualTo(4);
        assertThat(stored(id).getList("appliedEvents", String.class)).containsOnlyOnce(escalation.id());
    }

    @Test
    void anIncidentShowsTheProblemItIsLinkedTo() {
        JsonNode ticket = openIncident("alice", "Mail slow again");
        String id = ticket.path("id").asString();
        IncidentLinked linked = new IncidentLinked("p-1", "PRB0000001", "Mail relay saturation", "OPEN",
                new LinkedIncident(id, ticket.path("number").asString(), "alice", "Mail slow again", Instant.now()),
                0.9, "same service and symptom", "use webmail", null);

        KafkaEvents.publish(CloudEvent.of(EventType.PROBLEM_INCIDENT_LINKED, "p-1", linked, Instant.now()));

        await().atMost(EVENT_TIMEOUT).until(() -> stored(id).get("problem") != null);
        JsonNode shown = get("alice", "/api/tickets/" + id).json();
        assertThat(shown.path("problem").path("number").asString()).isEqualTo("PRB0000001");
        assertThat(shown.path("problem").path("workaround").asString()).isEqualTo("use webmail");
        CloudEvent changed = tickets.awaitEvent(EventType.TICKET_CHANGED, id, EVENT_TIMEOUT);
        assertThat(changed.data(TicketEvent.class).ticket().problemId()).isEqualTo("p-1");
    }

    @Test
    void aResolvedProblemLeavesAPublicNoteOnItsIncidents() {
        JsonNode ticket = openIncident("bob", "Share unreachable");
        String id = ticket.path("id").asString();
        Instant now = Instant.now();
        ProblemEvent resolved = new ProblemEvent(new ProblemSnapshot("p-2", "PRB0000002", "NAS firmware bug",
                "RESOLVED", "P2", null, null, null, "firmware 4.1", "reboot the NAS", false, 1, 5, now, now, now),
                List.of(new LinkedIncident(id, ticket.path("number").asString(), "bob", "Share unreachable", now)),
                "fixed", "pat");

        KafkaEvents.publish(CloudEvent.of(EventType.PROBLEM_RESOLVED, "p-2", resolved, now));

        CloudEvent commented = tickets.awaitEvent(EventType.TICKET_COMMENTED, id, EVENT_TIMEOUT);
        assertThat(commented.data(TicketEvent.class).comment().body()).contains("PRB0000002", "firmware 4.1");
        assertThat(get("bob", "/api/tickets/" + id).body()).contains("PRB0000002");
    }

    @Test
    void aTicketShowsTheArticlesKnowledgeSuggests() {
        String id = openIncident("alice", "How do I set up VPN").path("id").asString();

        publishSuggestion(id, "kb-42");

        await().atMost(EVENT_TIMEOUT).until(() -> !stored(id).getList("suggestedArticles", Document.class).isEmpty());
        JsonNode shown = get("alice", "/api/tickets/" + id).json();
        assertThat(shown.path("suggestedArticles").findValuesAsString("articleId")).containsExactly("kb-42");
        assertThat(tickets.awaitEvent(EventType.TICKET_CHANGED, id, EVENT_TIMEOUT).data(TicketEvent.class).ticket()
                .suggestedArticles()).containsExactly("kb-42");
    }

    @Test
    void theQueueFollowsTheResolutionDueTimeEscalationReports() {
        String earlier = openIncident("carol", "SLA order first").path("id").asString();
        clock.advance(java.time.Duration.ofMinutes(5));
        JsonNode later = openIncident("carol", "SLA order second");
        String laterId = later.path("id").asString();
        Instant now = clock.instant();
        SlaEvent sla = new SlaEvent(laterId, later.path("number").asString(), SlaClockKind.RESOLUTION, "p2-incident",
                "24x7", 1, "service-desk", "P2", SlaClockState.RUNNING, now, now.plusSeconds(600),
                java.time.Duration.ofHours(8), java.time.Duration.ZERO, java.time.Duration.ofMinutes(10), false, now);

        KafkaEvents.publish(CloudEvent.of(EventType.SLA_STARTED, laterId, sla, now));

        await().atMost(EVENT_TIMEOUT).until(() -> stored(laterId).getList("appliedEvents", String.class).size() == 1);
        List<String> queue = get("hank", "/api/tickets/queue?size=100").json().path("items").findValuesAsString("id")
                .stream().filter(i -> i.equals(earlier) || i.equals(laterId)).toList();
        assertThat(queue).containsExactly(laterId, earlier);
        assertThat(stored(laterId).getLong("version")).isEqualTo(1);
    }

    @Test
    void sendsAPoisonRecordToTheDeadLetterTopic() {
        try (KafkaEvents dlt = KafkaEvents.on(Topics.deadLetter(Topics.ESCALATION))) {
            String marker = "poison-" + UUID.randomUUID();
            KafkaEvents.publish(new ProducerRecord<>(Topics.ESCALATION, marker, "not an event"
                    .getBytes(StandardCharsets.UTF_8)));

            var record = dlt.awaitRecord(r -> marker.equals(r.key()), EVENT_TIMEOUT);
            assertThat(record.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
        }
    }

    private static void publishSuggestion(String ticketId, String articleId) {
        KafkaEvents.publish(CloudEvent.of(EventType.KNOWLEDGE_SUGGESTED, ticketId,
                new KnowledgeSuggested(ticketId, null, "alice",
                        List.of(new Suggestion(articleId, "Setting up the VPN", 0.8, false, null))),
                Instant.now()));
    }
}
