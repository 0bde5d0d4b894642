package org.spoc.ticket.web;

import java.time.Duration;
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
import org.spoc.ticket.config.TicketConfiguration;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle through the API: each change answers, is stored with its history and publishes its event. */
class TicketLifecycleIntegrationTests extends TicketIntegrationTest {

    static KafkaEvents events;

    @Autowired
    TicketConfiguration.AutoCloseSweep sweep;

    @BeforeAll
    static void listen() {
        events = KafkaEvents.on(Topics.TICKET);
    }

    @AfterAll
    static void stopListening() {
        events.close();
    }

    @Test
    void walksFromNewToResolvedPublishingOneValidEventPerVersion() {
        String id = openIncident("alice", "Wi-Fi down on floor 3").path("id").asString();

        Answer assigned = post("hank", "/api/tickets/" + id + "/assignment",
                Map.of("group", "network-ops", "assignee", "nora", "reason", "access points"));
        Answer started = post("nora", "/api/tickets/" + id + "/transitions", Map.of("to", "IN_PROGRESS"));
        Answer pending = post("nora", "/api/tickets/" + id + "/transitions",
                Map.of("to", "PENDING", "reason", "waiting for the requester's location"));
        Answer resumed = post("nora", "/api/tickets/" + id + "/transitions", Map.of("to", "IN_PROGRESS"));
        Answer noResolution = post("nora", "/api/tickets/" + id + "/transitions", Map.of("to", "RESOLVED"));
        Answer badCode = post("nora", "/api/tickets/" + id + "/transitions",
                Map.of("to", "RESOLVED", "resolution", Map.of("code", "MAGIC", "notes", "x")));
        Answer resolved = post("nora", "/api/tickets/" + id + "/transitions",
                Map.of("to", "RESOLVED", "resolution", Map.of("code", "FIXED", "notes", "replaced the access point")));

        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.text("status")).isEqualTo("ASSIGNED");
        assertThat(assigned.json().path("tier").asInt()).isEqualTo(2);
        assertThat(started.text("status")).isEqualTo("IN_PROGRESS");
        assertThat(pending.text("status")).isEqualTo("PENDING");
        assertThat(resumed.text("status")).isEqualTo("IN_PROGRESS");
        assertThat(noResolution.status()).isEqualTo(400);
        assertThat(noResolution.text("field")).isEqualTo("resolution");
        assertThat(badCode.status()).isEqualTo(400);
        assertThat(badCode.text("field")).isEqualTo("resolution.code");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().path("resolution").path("code").asString()).isEqualTo("FIXED");
        assertThat(resolved.json().path("version").asLong()).isEqualTo(6);

        events.awaitEvent(EventType.TICKET_RESOLVED, id, EVENT_TIMEOUT);
        List<CloudEvent> all = events.events().stream().filter(e -> e.subject().equals(id)).toList();
        assertThat(all).extracting(CloudEvent::type).containsExactly(EventType.TICKET_OPENED.type(),
                EventType.TICKET_ASSIGNED.type(), EventType.TICKET_STATUS_CHANGED.type(),
                EventType.TICKET_STATUS_CHANGED.type(), EventType.TICKET_STATUS_CHANGED.type(),
                EventType.TICKET_RESOLVED.type());
        assertThat(all).extracting(e -> e.data(TicketEvent.class).ticket().version())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(all).allSatisfy(e -> assertThat(EventSchemas.validate(e)).isEmpty());
        assertThat(all.get(3).data(TicketEvent.class).reason()).isEqualTo("waiting for the requester's location");

        JsonNode history = get("alice", "/api/tickets/" + id + "/history").json().path("entries");
        assertThat(history.findValuesAsString("field")).contains("status", "assignmentGroup", "resolutionCode");
        assertThat(history.findValuesAsString("actor")).contains("alice", "hank", "nora");
    }

    @Test
    void rejectsAnIllegalTransitionWith409ListingTheAllowedOnes() {
        String id = openIncident("alice", "Keyboard missing keys").path("id").asString();

        Answer closed = post("hank", "/api/tickets/" + id + "/transitions", Map.of("to", "CLOSED"));
        Answer byRequester = post("alice", "/api/tickets/" + id + "/transitions", Map.of("to", "IN_PROGRESS"));
        Answer unknown = post("hank", "/api/tickets/" + id + "/transitions", Map.of("to", "ON_FIRE"));

        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.json().path("allowed").toString()).contains("ASSIGNED", "IN_PROGRESS", "CANCELLED");
        assertThat(byRequester.status()).isEqualTo(403);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("field")).isEqualTo("to");
        assertThat(stored(id).getLong("version")).isEqualTo(1);
    }

    @Test
    void aRequesterReplyToAResolvedTicketReopensIt() {
        String id = resolvedTicket("Outlook crashes");

        Answer reply = post("alice", "/api/tickets/" + id + "/comments", Map.of("body", "It crashed again"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.text("status")).isEqualTo("IN_PROGRESS");
        CloudEvent reopened = events.awaitEvent(EventType.TICKET_REOPENED, id, EVENT_TIMEOUT);
        assertThat(EventSchemas.validate(reopened)).isEmpty();
        assertThat(reopened.data(TicketEvent.class).ticket().resolvedAt()).isNull();
    }

    @Test
    void closesResolvedTicketsAutomaticallyAfterTheConfiguredDays() {
        String id = resolvedTicket("Printer jam");

        clock.advance(Duration.ofDays(6));
        sweep.sweep();
        assertThat(stored(id).getString("status")).isEqualTo("RESOLVED");
        clock.advance(Duration.ofDays(2));
        sweep.sweep();

        assertThat(stored(id).getString("status")).isEqualTo("CLOSED");
        CloudEvent closed = events.awaitEvent(EventType.TICKET_CLOSED, id, EVENT_TIMEOUT);
        assertThat(EventSchemas.validate(closed)).isEmpty();
        assertThat(closed.data(TicketEvent.class).actor()).isEqualTo("auto-close");
        assertThat(post("alice", "/api/tickets/" + id + "/comments", Map.of("body", "hello?")).status())
                .isEqualTo(409);
    }

    @Test
    void logsWorkWithTotalsForTheDeskOnly() {
        String id = openIncident("alice", "Slow VPN").path("id").asString();

        post("hank", "/api/tickets/" + id + "/work-log", Map.of("minutes", 30, "note", "diagnosis"));
        Answer second = post("mia", "/api/tickets/" + id + "/work-log", Map.of("minutes", 15, "note", "fix"));
        Answer byRequester = post("alice", "/api/tickets/" + id + "/work-log", Map.of("minutes", 5, "note", "me"));
        Answer zero = post("hank", "/api/tickets/" + id + "/work-log", Map.of("minutes", 0, "note", "none"));

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().path("totalMinutes").asInt()).isEqualTo(45);
        assertThat(byRequester.status()).isEqualTo(403);
        assertThat(zero.status()).isEqualTo(400);
        JsonNode log = get("hank", "/api/tickets/" + id + "/work-log").json();
        assertThat(log.path("totalMinutes").asInt()).isEqualTo(45);
        assertThat(log.path("minutesByAuthor").path("hank").asInt()).isEqualTo(30);
        CloudEvent worked = events.awaitEvent(EventType.TICKET_WORK_LOGGED,
                e -> e.subject().equals(id) && e.data(TicketEvent.class).workLog().totalMinutes() == 45, EVENT_TIMEOUT);
        assertThat(EventSchemas.validate(worked)).isEmpty();
    }

    @Test
    void anAgentOverridesThePriorityWithAReasonThatIsKept() {
        String id = openIncident("alice", "CEO laptop dead").path("id").asString();

        Answer noReason = post("hank", "/api/tickets/" + id + "/priority", Map.of("priority", "P1"));
        Answer byRequester = post("alice", "/api/tickets/" + id + "/priority",
                Map.of("priority", "P1", "reason", "I am important"));
        Answer overridden = post("hank", "/api/tickets/" + id + "/priority",
                Map.of("priority", "P1", "reason", "executive cannot work"));

        assertThat(noReason.status()).isEqualTo(400);
        assertThat(byRequester.status()).isEqualTo(403);
        assertThat(overridden.text("priority")).isEqualTo("P1");
        assertThat(overridden.json().path("priorityOverride").path("reason").asString())
                .isEqualTo("executive cannot work");
        CloudEvent changed = events.awaitEvent(EventType.TICKET_CHANGED, id, EVENT_TIMEOUT);
        assertThat(changed.data(TicketEvent.class).reason()).isEqualTo("executive cannot work");
        assertThat(changed.data(TicketEvent.class).ticket().priority().name()).isEqualTo("P1");
    }

    @Test
    void anAgentEditRederivesThePriorityFromImpactAndUrgency() {
        String id = openIncident("alice", "Payroll export fails").path("id").asString();

        Answer byRequester = send("alice", "PATCH", "/api/tickets/" + id, Map.of("impact", "HIGH"), Map.of());
        Answer readOnly = send("hank", "PATCH", "/api/tickets/" + id, Map.of("status", "CLOSED"), Map.of());
        Answer edited = send("hank", "PATCH", "/api/tickets/" + id,
                Map.of("impact", "HIGH", "category", "payroll", "reason", "whole finance team"), Map.of());

        assertThat(byRequester.status()).isEqualTo(403);
        assertThat(readOnly.status()).isEqualTo(400);
        assertThat(readOnly.text("field")).isEqualTo("status");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.text("priority")).isEqualTo("P1");
        CloudEvent changed = events.awaitEvent(EventType.TICKET_CHANGED, id, EVENT_TIMEOUT);
        assertThat(EventSchemas.validate(changed)).isEmpty();
        assertThat(changed.data(TicketEvent.class).changes()).extracting("field")
                .containsExactly("impact", "category", "priority");
    }

    @Test
    void keepsAttachmentMetadataWithinSizeAndTypeLimits() {
        String id = openIncident("alice", "Error dialog").path("id").asString();

        Answer ok = post("alice", "/api/tickets/" + id + "/attachments",
                Map.of("fileName", "error.png", "contentType", "image/png", "size", 48_000));
        Answer tooBig = post("alice", "/api/tickets/" + id + "/attachments",
                Map.of("fileName", "dump.zip", "contentType", "application/zip", "size", 50_000_000));
        Answer badType = post("alice", "/api/tickets/" + id + "/attachments",
                Map.of("fileName", "run.exe", "contentType", "application/x-msdownload", "size", 1000));

        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().path("attachments").findValuesAsString("fileName")).containsExactly("error.png");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.text("field")).isEqualTo("size");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.text("field")).isEqualTo("contentType");
    }

    private String resolvedTicket(String title) {
        String id = openIncident("alice", title).path("id").asString();
        post("hank", "/api/tickets/" + id + "/transitions", Map.of("to", "IN_PROGRESS"));
        Answer resolved = post("hank", "/api/tickets/" + id + "/transitions",
                Map.of("to", "RESOLVED", "resolution", "FIXED", "reason", "restarted the service"));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        return id;
    }
}
