package org.spoc.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.spoc.escalation.domain.TicketFixture;
import org.spoc.escalation.messaging.SlaTimerLoop;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.ticket.FieldChange;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.testkit.KafkaEvents;
import org.spoc.testkit.SpocInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class EscalationServiceIntegrationTests extends IntegrationTestSupport {

    @Autowired
    org.spoc.escalation.domain.TicketSlaRepository slas;

    @Autowired
    SlaTimerLoop timers;

    @Test
    void startsClocksWhenATicketOpensAndShowsThemToItsRequesterOnly() {
        TicketFixture ticket = new TicketFixture(now(clock)).id(newId());
        try (KafkaEvents escalations = KafkaEvents.on(Topics.ESCALATION)) {
            publish(ticket, EventType.TICKET_OPENED, ticket.openedAt);
            List<CloudEvent> started = escalations.awaitEvents(EventType.SLA_STARTED, e -> e.subject().equals(ticket.id), 2, WAIT);
            assertThat(started).extracting(e -> e.data(SlaEvent.class).clock())
                    .containsExactlyInAnyOrder(SlaClockKind.FIRST_RESPONSE, SlaClockKind.RESOLUTION);
            CloudEvent resolution = started.stream().filter(e -> e.data(SlaEvent.class).clock() == SlaClockKind.RESOLUTION)
                    .findFirst().orElseThrow();
            assertThat(resolution.key()).isEqualTo(ticket.id);
            assertThat(resolution.source()).isEqualTo("/spoc/escalation-service");
            assertThat(resolution.data(SlaEvent.class).dueAt()).isEqualTo(ticket.openedAt.plus(Duration.ofHours(8)));
        }
        Response forAgent = get("/api/sla/" + ticket.id, "hank");
        assertThat(forAgent.status()).isEqualTo(200);
        assertThat(forAgent.body().get("clocks")).hasSize(2);
        JsonNode clock = forAgent.body().get("clocks").get(1);
        assertThat(clock.get("kind").asString()).isEqualTo("RESOLUTION");
        assertThat(clock.get("state").asString()).isEqualTo("RUNNING");
        assertThat(Instant.parse(clock.get("dueAt").asString())).isEqualTo(ticket.openedAt.plus(Duration.ofHours(8)));
        assertThat(clock.get("explain").get(0).get("event").asString()).isEqualTo("started");
        assertThat(get("/api/sla/" + ticket.id, "alice").status()).isEqualTo(200);
        assertThat(get("/api/sla/" + ticket.id, "bob").status()).isEqualTo(404);
        assertThat(get("/api/sla/no-such-ticket", "hank").status()).isEqualTo(404);
    }

    @Test
    void pausesOnPendingAndIgnoresAStaleRedelivery() {
        TicketFixture ticket = new TicketFixture(now(clock)).id(newId());
        publish(ticket, EventType.TICKET_OPENED, ticket.openedAt);
        try (KafkaEvents escalations = KafkaEvents.on(Topics.ESCALATION)) {
            ticket.next().status = TicketStatus.PENDING;
            publish(ticket, EventType.TICKET_STATUS_CHANGED, ticket.openedAt.plusSeconds(60));
            ticket.version = 1;
            ticket.status = TicketStatus.NEW;
            publish(ticket, EventType.TICKET_OPENED, ticket.openedAt);
            escalations.awaitEvents(EventType.SLA_PAUSED, e -> e.subject().equals(ticket.id), 2, WAIT);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/api/sla/" + ticket.id, "hank").body().get("status")
                .asString()).isEqualTo("PENDING"));
    }

    @Test
    void storesNothingForATicketChangeTheSlaDoesNotLookAt() {
        TicketFixture ticket = new TicketFixture(now(clock)).id(newId());
        publish(ticket, EventType.TICKET_OPENED, ticket.openedAt);
        try (KafkaEvents escalations = KafkaEvents.on(Topics.ESCALATION)) {
            // version 2 changes nothing the SLA keeps (a ticket event that lists no change); version 3 only
            // articles suggested, which the SLA does not even read; version 4 pauses the clocks
            publish(ticket.next(), EventType.TICKET_CHANGED, ticket.openedAt.plusSeconds(30));
            Instant suggested = ticket.openedAt.plusSeconds(40);
            KafkaEvents.publish(CloudEvent.of(EventType.TICKET_CHANGED, ticket.id, ticket.next().changeEvent(suggested,
                    List.of(new FieldChange("suggestedArticles", null, "KB-1"))), suggested));
            ticket.next().status = TicketStatus.PENDING;
            publish(ticket, EventType.TICKET_STATUS_CHANGED, ticket.openedAt.plusSeconds(60));
            escalations.awaitEvent(EventType.SLA_PAUSED, e -> e.subject().equals(ticket.id), WAIT);
        }
        // read when opened (none yet), for version 2 and for version 4: not for version 3
        assertThat(storeFinds.of("ticket_slas", ticket.id)).isEqualTo(3);
        org.bson.Document stored = slas.collection().find(new org.bson.Document("_id", ticket.id)).first();
        assertThat(stored).isNotNull();
        // written when opened and when paused, not for versions 2 and 3
        assertThat(((Number) stored.get("version")).longValue()).isEqualTo(2);
        assertThat(((Number) stored.get("ticketVersion")).longValue()).isEqualTo(4);
        assertThat(stored.getString("status")).isEqualTo("PENDING");
    }

    @Test
    void breachesAShortPolicyAndRaisesEscalationsWithTeamHeaders() throws Exception {
        String policy = """
                {"appliesTo":{"types":["INCIDENT"],"priorities":["P5"]},"calendarId":"24x7",
                 "targets":{"firstResponse":"PT10M","resolution":"PT2M"},"warnAt":0.5,"pauseOn":["PENDING"]}""";
        Response put = call("PUT", "/api/sla-policies/aa-it-short", "root", policy);
        assertThat(put.status()).isEqualTo(200);
        assertThat(call("PUT", "/api/sla-policies/aa-it-short", "hank", policy).status()).isEqualTo(403);
        assertThat(call("PUT", "/api/sla-policies/aa-it-short", "root", policy.replace("\"warnAt\"", "\"colour\":1,\"warnAt\""))
                .body().get("field").asString()).isEqualTo("colour");

        List<String> streamed = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/escalations/stream?team=desktop-support"))
                        .header("Authorization", SpocInfrastructure.tokens().bearer("pete")).build(),
                HttpResponse.BodyHandlers.ofLines());
        stream.thenAccept(response -> response.body().forEach(streamed::add));
        await().atMost(WAIT).until(() -> streamed.stream().anyMatch(line -> line.contains("subscribed")));

        TicketFixture ticket = new TicketFixture(now(clock)).id(newId());
        ticket.priority = Priority.P5;
        ticket.category = "Printing";
        try (KafkaEvents escalations = KafkaEvents.on(Topics.ESCALATION)) {
            publish(ticket, EventType.TICKET_OPENED, ticket.openedAt);
            escalations.awaitEvents(EventType.SLA_STARTED, e -> e.subject().equals(ticket.id), 2, WAIT);

            // land 300 ms before the warning (50% of 2 min) and let the timer loop fire it on time
            Instant warnDue = ticket.openedAt.plusSeconds(60);
            clock.advance(Duration.between(clock.instant(), warnDue.minusMillis(300)));
            timers.wake();
            CloudEvent warning = escalations.awaitEvent(EventType.SLA_WARNING, ticket.id, WAIT);
            assertThat(warning.data(SlaEvent.class).late()).isFalse();
            CloudEvent functional = escalations.awaitEvent(EventType.ESCALATION_RAISED,
                    e -> e.subject().equals(ticket.id) && "desktop-support".equals(e.header(CloudEvent.H_TEAM)), WAIT);
            assertThat(functional.header(CloudEvent.H_TIER)).isEqualTo("2");
            EscalationRaised raised = functional.data(EscalationRaised.class);
            assertThat(raised.kind()).isEqualTo(EscalationKind.FUNCTIONAL);
            assertThat(raised.fromTier()).isEqualTo(1);
            assertThat(raised.ticketNumber()).isEqualTo(ticket.number);
            assertThat(raised.sla().elapsedRatio()).isGreaterThanOrEqualTo(0.5);

            clock.advance(Duration.between(clock.instant(), ticket.openedAt.plusSeconds(120).minusMillis(300)));
            timers.wake();
            CloudEvent breach = escalations.awaitEvent(EventType.SLA_BREACHED, ticket.id, WAIT);
            assertThat(breach.data(SlaEvent.class).state()).isEqualTo(SlaClockState.BREACHED);
            assertThat(breach.data(SlaEvent.class).late()).isFalse();
            assertThat(Duration.between(ticket.openedAt.plusSeconds(120), breach.time())).isLessThan(Duration.ofSeconds(1));
            assertThat(breach.data(SlaEvent.class).clock()).isEqualTo(SlaClockKind.RESOLUTION);
            CloudEvent hierarchical = escalations.awaitEvent(EventType.ESCALATION_RAISED,
                    e -> e.subject().equals(ticket.id) && e.data(EscalationRaised.class).kind() == EscalationKind.HIERARCHICAL, WAIT);
            assertThat(hierarchical.header(CloudEvent.H_TEAM)).isEqualTo("service-desk");
            assertThat(hierarchical.header(CloudEvent.H_TIER)).isEqualTo("1");
            assertThat(hierarchical.data(EscalationRaised.class).manager()).isEqualTo("mia");
        }
        await().atMost(WAIT).until(() -> streamed.stream().anyMatch(line -> line.contains(ticket.id)));
        assertThat(streamed).filteredOn(line -> line.startsWith("event:")).allMatch(line -> line.contains("spoc.escalation.raised.v1"));
        stream.cancel(true);

        Response listed = get("/api/escalations?ticketId=" + ticket.id, "nora");
        assertThat(listed.body()).hasSize(2);
        assertThat(get("/api/escalations?team=desktop-support&since=" + ticket.openedAt, "nora").body())
                .anySatisfy(e -> assertThat(e.get("ticketId").asString()).isEqualTo(ticket.id));
        assertThat(get("/api/escalations", "alice").status()).isEqualTo(403);
        Response figures = get("/api/sla-figures", "mia");
        assertThat(figures.body().get("compliance")).anySatisfy(c -> {
            assertThat(c.get("priority").asString()).isEqualTo("P5");
            assertThat(c.get("breached").asInt()).isPositive();
        });
    }

    @Test
    void raisesAnAgentsEscalationRequest() {
        TicketFixture ticket = new TicketFixture(now(clock)).id(newId());
        publish(ticket, EventType.TICKET_OPENED, ticket.openedAt);
        await().atMost(WAIT).until(() -> get("/api/sla/" + ticket.id, "hank").status() == 200);
        try (KafkaEvents escalations = KafkaEvents.on(Topics.ESCALATION)) {
            String body = "{\"ticketId\":\"" + ticket.id + "\",\"reason\":\"needs a network engineer\"}";
            assertThat(call("POST", "/api/escalations", "alice", body).status()).isEqualTo(403);
            Response unknownField = call("POST", "/api/escalations", "hank",
                    "{\"ticketId\":\"" + ticket.id + "\",\"reason\":\"x\",\"toTier\":3}");
            assertThat(unknownField.status()).isEqualTo(400);
            assertThat(unknownField.body().get("field").asString()).isEqualTo("toTier");
            assertThat(call("POST", "/api/escalations", "hank", "{\"ticketId\":\"" + ticket.id + "\"}").body()
                    .get("field").asString()).isEqualTo("reason");
            assertThat(call("POST", "/api/escalations", "hank", "{\"ticketId\":\"nope\",\"reason\":\"x\"}").status())
                    .isEqualTo(404);

            Response created = call("POST", "/api/escalations", "hank", body);
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().get("team").asString()).isEqualTo("network-ops");
            CloudEvent raised = escalations.awaitEvent(EventType.ESCALATION_RAISED, ticket.id, WAIT);
            assertThat(raised.header(CloudEvent.H_TEAM)).isEqualTo("network-ops");
            assertThat(raised.header(CloudEvent.H_TIER)).isEqualTo("2");
            assertThat(raised.data(EscalationRaised.class).requestedBy()).isEqualTo("hank");
            assertThat(raised.data(EscalationRaised.class).reason()).isEqualTo("needs a network engineer");
        }
    }

    @Test
    void firesABreachLateAfterARestartSpannedIt() {
        TicketFixture ticket = new TicketFixture(now(clock)).id(newId());
        ticket.priority = Priority.P1;
        publish(ticket, EventType.TICKET_OPENED, ticket.openedAt);
        await().atMost(WAIT).until(() -> get("/api/sla/" + ticket.id, "hank").status() == 200);
        try (KafkaEvents escalations = KafkaEvents.on(Topics.ESCALATION)) {
            timers.stop();
            try {
                // the P1 first response (15 min) is due while no timer loop runs
                clock.advance(Duration.ofMinutes(20));
            }
            finally {
                timers.start();
            }
            CloudEvent breach = escalations.awaitEvent(EventType.SLA_BREACHED,
                    e -> e.subject().equals(ticket.id) && e.data(SlaEvent.class).clock() == SlaClockKind.FIRST_RESPONSE, WAIT);
            assertThat(breach.data(SlaEvent.class).late()).isTrue();
            assertThat(breach.data(SlaEvent.class).dueAt()).isEqualTo(ticket.openedAt.plus(Duration.ofMinutes(15)));
            escalations.assertNoEvent(EventType.SLA_BREACHED, e -> e.subject().equals(ticket.id)
                    && e.data(SlaEvent.class).clock() == SlaClockKind.FIRST_RESPONSE && !e.id().equals(breach.id()),
                    Duration.ofSeconds(2));
        }
    }
}
