package org.spoc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventSchemas;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.testkit.KafkaEvents;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton: a requester's ticket goes in through the gateway, comes out on Kafka as a
 * CloudEvent, and comes back to the requester as a notification made by another service from that event.
 */
class WalkingSkeletonIntegrationTests {

    private static final Duration SECONDS = Duration.ofSeconds(20);

    @Test
    void ticketCreatedThroughTheGatewayIsPublishedAndNotifiesTheRequester() {
        Platform.stack();
        String id;
        try (KafkaEvents tickets = KafkaEvents.on(Platform.kafkaBootstrap(), Topics.TICKET)) {
            HttpResponse<String> created = Platform.post("/api/tickets", "alice", Map.of(
                    "type", "INCIDENT",
                    "title", "Printer on floor 3 jams on every job",
                    "description", "Since this morning every print job to PRN-3F-01 jams after the first page.",
                    "impact", "MEDIUM",
                    "urgency", "HIGH",
                    "category", "Hardware",
                    "location", "HQ floor 3"));

            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode ticket = Platform.json(created.body());
            id = ticket.get("id").asString();
            assertThat(ticket.get("number").asString()).matches("INC\\d{7}");
            assertThat(ticket.get("priority").asString()).isEqualTo("P2");
            assertThat(ticket.get("requester").asString()).isEqualTo("alice");
            assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains(id));

            ConsumerRecord<String, byte[]> record = tickets.awaitRecord(
                    r -> id.equals(r.key()) && "spoc.ticket.opened.v1".equals(header(r, CloudEvent.H_TYPE)), SECONDS);
            assertThat(header(record, CloudEvent.H_SPECVERSION)).isEqualTo("1.0");
            assertThat(header(record, CloudEvent.H_SOURCE)).isEqualTo("/spoc/ticket-service");
            assertThat(header(record, CloudEvent.H_SUBJECT)).isEqualTo(id);
            assertThat(header(record, CloudEvent.H_CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(header(record, CloudEvent.H_ID)).isNotBlank();
            assertThat(header(record, CloudEvent.H_TIME)).isNotBlank();
            CloudEvent opened = CloudEvent.from(record);
            assertThat(EventSchemas.validate(EventType.TICKET_OPENED, opened.data())).isEmpty();
            TicketEvent data = opened.data(TicketEvent.class);
            assertThat(data.ticket().number()).isEqualTo(ticket.get("number").asString());
            assertThat(data.ticket().version()).isEqualTo(1);
        }

        String ticketId = id;
        await().atMost(SECONDS).untilAsserted(() -> {
            HttpResponse<String> inbox = Platform.get("/api/notifications", "alice");
            assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
            JsonNode items = Platform.json(inbox.body()).get("items");
            assertThat(StreamSupport.stream(items.spliterator(), false)
                    .filter(n -> "spoc.ticket.opened.v1".equals(n.path("eventType").asString()))
                    .map(n -> n.path("subject").asString()))
                    .as("alice's inbox: %s", inbox.body())
                    .contains(ticketId);
        });
    }

    @Test
    void requestersNeverSeeAnotherRequestersTicket() {
        HttpResponse<String> created = Platform.post("/api/tickets", "alice", Map.of("type", "INCIDENT",
                "title", "VPN drops every few minutes", "description", "Disconnects at home since the update.",
                "impact", "LOW", "urgency", "MEDIUM"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Platform.json(created.body()).get("id").asString();
        String number = Platform.json(created.body()).get("number").asString();

        assertThat(Platform.get("/api/tickets/" + id, "alice").statusCode()).isEqualTo(200);
        assertThat(Platform.get("/api/tickets/" + id, "bob").statusCode()).isEqualTo(404);
        assertThat(Platform.get("/api/tickets/" + number, "bob").statusCode()).isEqualTo(404);
        assertThat(Platform.get("/api/tickets/" + id, "hank").statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsApiCallsWithoutAValidToken() {
        HttpResponse<String> anonymous = Platform.send(java.net.http.HttpRequest.newBuilder(Platform.uri("/api/tickets")).GET());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        HttpResponse<String> forged = Platform.send(java.net.http.HttpRequest.newBuilder(Platform.uri("/api/tickets"))
                .header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJyb290In0.").GET());
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

}
