package org.spoc.ticket.web;

import java.time.Duration;
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
import org.spoc.events.ticket.Visibility;
import org.spoc.testkit.KafkaEvents;
import org.spoc.ticket.TicketIntegrationTest;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Who sees and changes what: requesters only their own tickets, never internal comments; versions and injections. */
class TicketAccessIntegrationTests extends TicketIntegrationTest {

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
    void anotherRequesterGets404OnReadCommentTransitionAndEveryOtherAction() {
        JsonNode ticket = openIncident("alice", "Alice's laptop is slow");
        String id = ticket.path("id").asString();
        String number = ticket.path("number").asString();

        assertThat(get("bob", "/api/tickets/" + id).status()).isEqualTo(404);
        assertThat(get("bob", "/api/tickets/" + number).status()).isEqualTo(404);
        assertThat(get("bob", "/api/tickets/" + id + "/history").status()).isEqualTo(404);
        assertThat(get("bob", "/api/tickets/" + id + "/comments").status()).isEqualTo(404);
        assertThat(post("bob", "/api/tickets/" + id + "/comments", Map.of("body", "mine now")).status())
                .isEqualTo(404);
        assertThat(post("bob", "/api/tickets/" + id + "/transitions", Map.of("to", "CANCELLED")).status())
                .isEqualTo(404);
        assertThat(post("bob", "/api/tickets/" + id + "/assignment", Map.of("group", "network-ops")).status())
                .isEqualTo(404);
        assertThat(post("bob", "/api/tickets/" + id + "/work-log", Map.of("minutes", 5, "note", "x")).status())
                .isEqualTo(404);
        assertThat(post("bob", "/api/tickets/" + id + "/attachments",
                Map.of("fileName", "a.png", "contentType", "image/png", "size", 10)).status()).isEqualTo(404);
        assertThat(send("bob", "PATCH", "/api/tickets/" + id, Map.of("title", "hijacked"), Map.of()).status())
                .isEqualTo(404);

        Document stored = stored(id);
        assertThat(stored.getLong("version")).isEqualTo(1);
        assertThat(stored.getString("status")).isEqualTo("NEW");
        assertThat(stored.getList("comments", Document.class)).isEmpty();
        assertThat(get("alice", "/api/tickets/" + id).status()).isEqualTo(200);
        assertThat(get("hank", "/api/tickets/" + number).status()).isEqualTo(200);
    }

    @Test
    void requestersListOnlyTheirOwnTickets() {
        String alices = openIncident("alice", "Listed for alice").path("id").asString();
        String bobs = openIncident("bob", "Listed for bob").path("id").asString();

        JsonNode forBob = get("bob", "/api/tickets?size=100").json();
        JsonNode bobAskingForAlice = get("bob", "/api/tickets?requester=alice").json();
        JsonNode forHank = get("hank", "/api/tickets?size=100").json();

        assertThat(forBob.path("items").findValuesAsString("id")).contains(bobs).doesNotContain(alices);
        assertThat(forBob.path("items").findValuesAsString("requester")).containsOnly("bob");
        assertThat(bobAskingForAlice.path("items")).isEmpty();
        assertThat(forHank.path("items").findValuesAsString("id")).contains(alices, bobs);
    }

    @Test
    void hidesInternalCommentsFromRequesters() {
        String id = openIncident("alice", "Mail bounces").path("id").asString();
        Answer internal = post("hank", "/api/tickets/" + id + "/comments",
                Map.of("body", "Relay misconfigured by vendor", "visibility", "INTERNAL"));
        Answer publicReply = post("hank", "/api/tickets/" + id + "/comments",
                Map.of("body", "We are looking into it", "visibility", "PUBLIC"));
        Answer requesterInternal = post("alice", "/api/tickets/" + id + "/comments",
                Map.of("body", "secret", "visibility", "INTERNAL"));

        assertThat(internal.status()).isEqualTo(201);
        assertThat(publicReply.status()).isEqualTo(201);
        assertThat(requesterInternal.status()).isEqualTo(403);
        String forAlice = get("alice", "/api/tickets/" + id).body() + get("alice", "/api/tickets/" + id + "/comments")
                .body() + get("alice", "/api/tickets/" + id + "/history").body();
        assertThat(forAlice).contains("We are looking into it").doesNotContain("Relay misconfigured");
        assertThat(get("hank", "/api/tickets/" + id).body()).contains("Relay misconfigured");
        assertThat(get("alice", "/api/tickets/" + id).json().path("workLog").isMissingNode()).isTrue();

        CloudEvent commented = events.awaitEvent(EventType.TICKET_COMMENTED,
                e -> e.subject().equals(id) && e.data().contains("Relay misconfigured"), EVENT_TIMEOUT);
        assertThat(EventSchemas.validate(commented)).isEmpty();
        assertThat(commented.data(TicketEvent.class).comment().visibility()).isEqualTo(Visibility.INTERNAL);
    }

    @Test
    void aStaleIfMatchGets412AndChangesNothing() {
        JsonNode ticket = openIncident("alice", "Monitor flickers");
        String id = ticket.path("id").asString();
        Answer first = send("hank", "POST", "/api/tickets/" + id + "/comments", Map.of("body", "first"),
                Map.of("If-Match", "\"1\""));
        Answer stale = send("hank", "POST", "/api/tickets/" + id + "/transitions", Map.of("to", "IN_PROGRESS"),
                Map.of("If-Match", "\"1\""));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("ETag")).isEqualTo("\"2\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).contains("application/problem+json");
        assertThat(stored(id).getString("status")).isEqualTo("NEW");
        assertThat(stored(id).getLong("version")).isEqualTo(2);
        assertThat(get("hank", "/api/tickets/" + id).header("ETag")).isEqualTo("\"2\"");
        assertThat(send("hank", "GET", "/api/tickets/" + id, null, Map.of("If-None-Match", "\"2\"")).status())
                .isEqualTo(304);
    }

    @Test
    void injectionPayloadsChangeNothing() {
        String id = openIncident("alice", "Injection target").path("id").asString();
        String bobs = openIncident("bob", "Bob's secret ticket").path("id").asString();
        long before = storedCount();

        assertThat(post("alice", "/api/tickets/" + id + "/comments", Map.of("body", Map.of("$set", Map.of("requester",
                "bob")))).status()).isEqualTo(400);
        assertThat(post("alice", "/api/tickets/" + id + "/transitions", Map.of("to", Map.of("$ne", "NEW")))
                .status()).isEqualTo(400);
        assertThat(post("alice", "/api/tickets/" + id + "/comments", Map.of("body", "$where")).status())
                .isEqualTo(400);
        assertThat(get("alice", "/api/tickets/%7B%22$ne%22:null%7D").status()).isEqualTo(404);
        assertThat(get("alice", "/api/tickets?requester%5B$ne%5D=alice").json().path("items")
                .findValuesAsString("id")).doesNotContain(bobs);
        assertThat(get("alice", "/api/tickets?q=.*").json().path("totalElements").asLong()).isZero();
        assertThat(get("hank", "/api/tickets?assignee=%7B%22$gt%22:%22%22%7D").json().path("totalElements").asLong())
                .isZero();
        assertThat(get("alice", "/api/tickets?status=%7B%22$ne%22:%22X%22%7D").status()).isEqualTo(400);
        assertThat(get("alice", "/api/tickets?sort=$natural").status()).isEqualTo(400);

        assertThat(storedCount()).isEqualTo(before);
        assertThat(stored(id).getLong("version")).isEqualTo(1);
        assertThat(stored(bobs).getString("requester")).isEqualTo("bob");
        assertThat(events.events().stream().filter(e -> e.subject().equals(id)).map(CloudEvent::type))
                .allMatch(EventType.TICKET_OPENED.type()::equals);
        events.assertNoEvent(EventType.TICKET_COMMENTED, e -> e.subject().equals(id), Duration.ofMillis(500));
    }
}
