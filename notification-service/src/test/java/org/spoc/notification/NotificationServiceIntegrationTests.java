package org.spoc.notification;

import org.spoc.testkit.ServiceClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.spoc.notification.TestEvents.cloudEvent;
import static org.spoc.notification.TestEvents.commented;
import static org.spoc.notification.TestEvents.escalation;
import static org.spoc.notification.TestEvents.sla;
import static org.spoc.notification.TestEvents.ticket;
import static org.spoc.notification.TestEvents.ticketEvent;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.notification.NotificationOutcome;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.Visibility;
import org.spoc.notification.domain.WebhookSignature;
import org.spoc.testkit.KafkaEvents;
import org.spoc.testkit.MutableClock;
import org.spoc.testkit.SpocInfrastructure;
import org.spoc.testkit.SpocIntegrationTest;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service end to end through Kafka, MongoDB, SMTP (GreenMail) and HTTP (a local receiver): one
 * Spring context, time moved by a {@link MutableClock}, asynchronous results awaited, never slept on.
 */
@SpocIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spoc.notification.webhooks.allowed-hosts=127.0.0.1",
        "spoc.notification.webhooks.poll-interval=50ms",
        "spoc.notification.webhooks.max-attempts=100",
        "spoc.notification.webhooks.retry-for=30m",
        "spoc.notification.webhooks.backoff.initial=1s",
        "spoc.notification.webhooks.backoff.max=4s",
        "spoc.notification.webhooks.backoff.jitter=0.1",
        "spoc.notification.webhooks.breaker.minimum-calls=2",
        "spoc.notification.webhooks.breaker.sliding-window=4",
        "spoc.notification.webhooks.breaker.wait-in-open=10s",
        "spoc.notification.mail.poll-interval=50ms",
        "spoc.notification.stream.poll-interval=200ms" })
class NotificationServiceIntegrationTests {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final MutableClock CLOCK = MutableClock.startingNow();

    static GreenMail smtp;
    static WebhookReceiver receiver;

    @TestConfiguration
    static class TestClock {

        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @BeforeAll
    static void startServers() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopServers() {
        smtp.stop();
        receiver.close();
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        // a person whose directory entry names no address a relay can send to
        registry.add("spoc.notification.directory.people.dora.email", () -> ",");
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    MongoTemplate mongo;

    ServiceClient api() {
        return new ServiceClient(port);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    List<JsonNode> inbox(String user, String subject) {
        ServiceClient.Response response = api().get(user, "/api/notifications?limit=200");
        assertThat(response.status()).isEqualTo(200);
        return StreamSupport.stream(response.body().get("items").spliterator(), false)
                .filter(n -> subject.equals(n.get("subject").asString())).toList();
    }

    @Test
    void putsAnOpenedTicketInTheRequestersInboxOnceAcrossRedelivery() {
        String id = newId();
        TicketSnapshot t = ticket(id, "alice", TicketStatus.NEW, null, null, 1, CLOCK.instant());
        CloudEvent opened = cloudEvent(EventType.TICKET_OPENED, id, ticketEvent(t, "alice"), CLOCK.instant());

        KafkaEvents.publish(opened);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(inbox("alice", id)).hasSize(1));
        long unreadBefore = api().get("alice", "/api/notifications").body().get("unread").asLong();

        KafkaEvents.publish(opened); // redelivered: same ce_id
        TicketSnapshot later = ticket(id, "alice", TicketStatus.PENDING, null, null, 2, CLOCK.instant());
        KafkaEvents.publish(cloudEvent(EventType.TICKET_STATUS_CHANGED, id, ticketEvent(later, "hank"),
                CLOCK.instant()));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(inbox("alice", id)).hasSize(2));

        List<JsonNode> items = inbox("alice", id);
        assertThat(items).extracting(n -> n.get("kind").asString()).containsExactly("STATUS_CHANGED", "TICKET_OPENED");
        assertThat(items.get(1).get("title").asString()).contains(t.number());
        assertThat(inbox("bob", id)).isEmpty();

        String openedId = items.get(1).get("id").asString();
        assertThat(api().post("bob", "/api/notifications/" + openedId + "/read", null).status()).isEqualTo(404);
        ServiceClient.Response read = api().post("alice", "/api/notifications/" + openedId + "/read", null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("read").asBoolean()).isTrue();
        assertThat(api().get("alice", "/api/notifications").body().get("unread").asLong()).isEqualTo(unreadBefore);
    }

    @Test
    void sendsTheRequesterAnEmailOverSmtp() throws Exception {
        String id = newId();
        TicketSnapshot t = ticket(id, "carol", TicketStatus.NEW, null, null, 1, CLOCK.instant());

        KafkaEvents.publish(cloudEvent(EventType.TICKET_OPENED, id, ticketEvent(t, "carol"), CLOCK.instant()));

        await().atMost(TIMEOUT).until(() -> mailsTo("carol@spoc.local", t.number()).size() == 1);
        MimeMessage mail = mailsTo("carol@spoc.local", t.number()).getFirst();
        assertThat(mail.getSubject()).isEqualTo(t.number() + " received: " + t.title());
        assertThat(GreenMailUtil.getBody(mail)).contains("We received your incident");
        assertThat(mail.getFrom()[0].toString()).contains("spoc@spoc.local");
    }

    @Test
    void sendsABurstOfEmailsTogetherAndRetriesOnlyTheOneThatCannotBeSent() throws Exception {
        List<TicketSnapshot> tickets = new ArrayList<>();
        for (String requester : List.of("carol", "dora", "carol", "carol")) {
            String id = newId();
            TicketSnapshot t = ticket(id, requester, TicketStatus.NEW, null, null, 1, CLOCK.instant());
            tickets.add(t);
            KafkaEvents.publish(cloudEvent(EventType.TICKET_OPENED, id, ticketEvent(t, requester), CLOCK.instant()));
        }

        for (TicketSnapshot t : List.of(tickets.get(0), tickets.get(2), tickets.get(3))) {
            await().atMost(TIMEOUT).until(() -> mailsTo("carol@spoc.local", t.number()).size() == 1);
            assertThat(mailsTo("carol@spoc.local", t.number()).getFirst().getSubject())
                    .isEqualTo(t.number() + " received: " + t.title());
        }
        Query doras = Query.query(Criteria.where("recipient").is("dora").and("channel").is("EMAIL")
                .and("subject").is(tickets.get(1).id()));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Document dora = mongo.findOne(doras, Document.class, "notifications");
            assertThat(dora).isNotNull();
            assertThat(dora.getInteger("attempts")).isGreaterThanOrEqualTo(1);
            assertThat(dora.getString("state")).isIn("PENDING", "SENDING");
            assertThat(dora.getString("lastError")).isNotBlank();
        });
    }

    @Test
    void hidesInternalCommentsFromRequesters() throws Exception {
        String id = newId();
        String secret = "the firewall change of " + id + " broke it";
        TicketSnapshot t = ticket(id, "alice", TicketStatus.IN_PROGRESS, "network-ops", "nora", 3, CLOCK.instant());

        KafkaEvents.publish(cloudEvent(EventType.TICKET_COMMENTED, id,
                commented(t, "hank", secret, Visibility.INTERNAL, CLOCK.instant()), CLOCK.instant()));
        KafkaEvents.publish(cloudEvent(EventType.TICKET_COMMENTED, id,
                commented(t, "nora", "please reconnect now", Visibility.PUBLIC, CLOCK.instant()), CLOCK.instant()));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(inbox("alice", id)).hasSize(1));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(inbox("nora", id)).hasSize(1));
        await().atMost(TIMEOUT).until(() -> mailsTo("alice@spoc.local", t.number()).size() == 1);
        assertThat(inbox("alice", id).getFirst().get("text").asString()).contains("please reconnect now")
                .doesNotContain(secret);
        assertThat(inbox("nora", id).getFirst().get("text").asString()).contains(secret);
        for (MimeMessage mail : mailsTo("alice@spoc.local", t.number())) {
            assertThat(GreenMailUtil.getBody(mail)).doesNotContain(secret);
        }
    }

    @Test
    void collapsesAnSlaBurstOfOneTicketIntoOneNotificationPerPerson() {
        String id = newId();
        Instant now = CLOCK.instant();

        KafkaEvents.publish(cloudEvent(EventType.SLA_WARNING, id, sla(id, "service-desk", SlaClockState.RUNNING, now),
                now));
        KafkaEvents.publish(cloudEvent(EventType.SLA_BREACHED, id,
                sla(id, "service-desk", SlaClockState.BREACHED, now.plusSeconds(3)), now.plusSeconds(3)));
        KafkaEvents.publish(cloudEvent(EventType.ESCALATION_RAISED, id,
                escalation(id, "service-desk", EscalationKind.HIERARCHICAL, now.plusSeconds(5)), now.plusSeconds(5)));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<JsonNode> mia = inbox("mia", id);
            assertThat(mia).hasSize(1);
            assertThat(mia.getFirst().get("eventIds")).hasSize(3);
            assertThat(mia.getFirst().get("kind").asString()).isEqualTo("HIERARCHICAL_ESCALATION");
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<JsonNode> hank = inbox("hank", id);
            assertThat(hank).hasSize(1);
            assertThat(hank.getFirst().get("eventIds")).hasSize(2);
            assertThat(hank.getFirst().get("kind").asString()).isEqualTo("SLA_BREACHED");
        });
    }

    @Test
    void rejectsAWebhookToAPrivateRangeBeforeAnyConnection() {
        String path = "/never/" + newId();
        for (String url : List.of("http://10.0.0.1:9/hook", "http://169.254.169.254/latest/meta-data",
                "http://[fd00:ec2::254]/", "http://192.168.1.20" + path, "ftp://127.0.0.1/x")) {
            ServiceClient.Response response = api().post("root", "/api/webhooks",
                    "{\"url\":\"" + url + "\",\"eventTypes\":[\"spoc.ticket.*\"]}");
            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(response.body().get("field").asString()).isEqualTo("url");
        }
        assertThat(api().get("root", "/api/webhooks").body().findValuesAsString("url"))
                .noneMatch(u -> u.contains("10.0.0.1") || u.contains("169.254"));
        assertThat(receiver.requests(path)).isEmpty();

        ServiceClient.Response unknownField = api().post("root", "/api/webhooks", "{\"url\":\"" + receiver.url(path)
                + "\",\"eventTypes\":[\"spoc.ticket.*\"],\"id\":\"mine\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.raw()).contains("id");
        assertThat(api().post("alice", "/api/webhooks", "{\"url\":\"" + receiver.url(path)
                + "\",\"eventTypes\":[\"spoc.ticket.*\"]}").status()).isEqualTo(403);
    }

    @Test
    void signsWebhookRequestsAndDeliversEachEventOnceAcrossRedelivery() throws Exception {
        String path = "/hook/" + newId();
        ServiceClient.Response registered = api().post("mia", "/api/webhooks", "{\"url\":\"" + receiver.url(path)
                + "\",\"eventTypes\":[\"spoc.ticket.*\"],\"team\":\"service-desk\"}");
        assertThat(registered.status()).isEqualTo(201);
        String webhookId = registered.body().get("id").asString();
        String secret = registered.body().get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(api().get("mia", "/api/webhooks/" + webhookId).raw()).doesNotContain(secret);

        String id = newId();
        TicketSnapshot t = ticket(id, "bob", TicketStatus.ASSIGNED, "service-desk", null, 1, CLOCK.instant());
        CloudEvent opened = cloudEvent(EventType.TICKET_OPENED, id, ticketEvent(t, "bob"), CLOCK.instant());
        TicketSnapshot other = ticket(newId(), "bob", TicketStatus.ASSIGNED, "network-ops", null, 1, CLOCK.instant());
        try (KafkaEvents outcomes = KafkaEvents.on(Topics.NOTIFICATION)) {
            KafkaEvents.publish(opened);
            KafkaEvents.publish(cloudEvent(EventType.TICKET_OPENED, other.id(), ticketEvent(other, "bob"),
                    CLOCK.instant())); // another team: filtered out
            KafkaEvents.publish(opened); // forced redelivery
            CloudEvent assigned = cloudEvent(EventType.TICKET_ASSIGNED, id, ticketEvent(t, "mia"), CLOCK.instant());
            KafkaEvents.publish(assigned);

            await().atMost(TIMEOUT).until(() -> receiver.requests(path).size() >= 2);
            outcomes.awaitEvent(EventType.NOTIFICATION_DELIVERED,
                    e -> e.data(NotificationOutcome.class).sourceEventId().equals(assigned.id()), TIMEOUT);
        }

        List<WebhookReceiver.Request> requests = receiver.requests(path);
        assertThat(requests).extracting(r -> r.header("ce-id")).containsExactly(opened.id(),
                requests.get(1).header("ce-id"));
        assertThat(requests).extracting(r -> r.header("ce-type"))
                .containsExactly("spoc.ticket.opened.v1", "spoc.ticket.assigned.v1");
        for (WebhookReceiver.Request r : requests) {
            assertThat(r.header("X-Spoc-Event-Id")).isEqualTo(r.header("ce-id"));
            assertThat(r.header("ce-subject")).isEqualTo(id);
            assertThat(r.header("ce-source")).isEqualTo("/spoc/ticket-service");
            assertThat(r.header("ce-specversion")).isEqualTo("1.0");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(WebhookSignature.verify(secret, r.header("X-Spoc-Signature"), r.body(), CLOCK.instant(),
                    Duration.ofMinutes(5))).isTrue();
            assertThat(WebhookSignature.verify("whsec_wrong", r.header("X-Spoc-Signature"), r.body(),
                    CLOCK.instant(), Duration.ofMinutes(5))).isFalse();
        }
        assertThat(new String(requests.getFirst().body(), StandardCharsets.UTF_8)).isEqualTo(opened.data());

        ServiceClient.Response log = api().get("mia", "/api/webhooks/" + webhookId + "/deliveries");
        assertThat(log.body()).hasSize(2);
        assertThat(log.body().get(0).get("state").asString()).isEqualTo("DELIVERED");
        assertThat(log.body().get(0).get("log").get(0).get("status").asInt()).isEqualTo(200);
        assertThat(api().get("nora", "/api/webhooks/" + webhookId).status()).isEqualTo(403);
        assertThat(api().get("root", "/api/webhooks/" + webhookId).status()).isEqualTo(200);

        String metrics = api().get("root", "/actuator/prometheus").raw();
        assertThat(metrics).containsPattern("spoc_notifications_sent_total\\{[^}]*channel=\"webhook\"[^}]*} [1-9]")
                .contains("spoc_notifications_latency_seconds_count{").contains("spoc_notifications_queue_depth{")
                .contains("resilience4j_circuitbreaker_state{");

        assertThat(api().delete("mia", "/api/webhooks/" + webhookId).status()).isEqualTo(204);
        assertThat(api().get("mia", "/api/webhooks/" + webhookId).status()).isEqualTo(404);
    }

    @Test
    void deadLettersADeliveryAfterTheRetryBudgetAndDeliversItOnReplay() {
        String path = "/dead/" + newId();
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        receiver.answer(path, eventId -> down.get() ? 500 : 204);
        String webhookId = api().post("root", "/api/webhooks", "{\"url\":\"" + receiver.url(path)
                + "\",\"eventTypes\":[\"spoc.problem.*\"]}").body().get("id").asString();
        String problemId = newId();
        org.spoc.events.problem.ProblemSnapshot problem = new org.spoc.events.problem.ProblemSnapshot(problemId,
                "PRB0000009", "VPN drops", "NEW", "P3", "vpn", "network", null, null, null, true, 4, 1,
                CLOCK.instant(), CLOCK.instant(), null);
        CloudEvent detected = cloudEvent(EventType.PROBLEM_DETECTED, problemId,
                new org.spoc.events.problem.ProblemEvent(problem, List.of(), "same service", null), CLOCK.instant());

        String deliveryId;
        try (KafkaEvents outcomes = KafkaEvents.on(Topics.NOTIFICATION)) {
            KafkaEvents.publish(detected);
            await().atMost(TIMEOUT).until(() -> !receiver.requests(path).isEmpty());
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                CLOCK.advance(Duration.ofMinutes(2));
                JsonNode deliveries = api().get("root", "/api/webhooks/" + webhookId + "/deliveries").body();
                assertThat(deliveries.get(0).get("state").asString()).isEqualTo("DEAD");
            });
            CloudEvent failed = outcomes.awaitEvent(EventType.NOTIFICATION_FAILED,
                    e -> e.data(NotificationOutcome.class).sourceEventId().equals(detected.id()), TIMEOUT);
            assertThat(failed.data(NotificationOutcome.class).statusCode()).isEqualTo(500);
            deliveryId = failed.data(NotificationOutcome.class).notificationId();
        }
        int failures = receiver.requests(path).size();
        assertThat(failures).isGreaterThan(1);

        down.set(false);
        ServiceClient.Response replay = api().post("root",
                "/api/webhooks/" + webhookId + "/deliveries/" + deliveryId + "/replay", null);
        assertThat(replay.status()).isEqualTo(202);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            CLOCK.advance(Duration.ofSeconds(5)); // past the open breaker's wait
            assertThat(receiver.requests(path)).anyMatch(WebhookReceiver.Request::ok);
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode delivery = api().get("root", "/api/webhooks/" + webhookId + "/deliveries").body().get(0);
            assertThat(delivery.get("state").asString()).isEqualTo("DELIVERED");
            assertThat(delivery.get("log")).hasSize(failures + 1);
        });
        assertThat(receiver.requests(path).stream().filter(WebhookReceiver.Request::ok)
                .map(r -> r.header("ce-id"))).containsExactly(detected.id());
        assertThat(api().post("root", "/api/webhooks/" + webhookId + "/deliveries/" + deliveryId + "/replay", null)
                .status()).isEqualTo(202);
    }

    @Test
    void deliversEverythingInOrderPerTicketToAReceiverThatFailsForAMinuteAndTheBreakerOpensAndCloses() {
        String path = "/flaky/" + newId();
        String a = newId();
        String b = newId();
        List<CloudEvent> events = new ArrayList<>();
        List<String> expectedA = new ArrayList<>();
        List<String> expectedB = new ArrayList<>();
        for (int version = 1; version <= 3; version++) {
            for (String id : List.of(a, b)) {
                TicketSnapshot t = ticket(id, "bob", TicketStatus.IN_PROGRESS, "network-ops", "nora", version,
                        CLOCK.instant());
                CloudEvent e = cloudEvent(version == 1 ? EventType.TICKET_OPENED : EventType.TICKET_CHANGED, id,
                        ticketEvent(t, "nora"), CLOCK.instant());
                events.add(e);
                (id.equals(a) ? expectedA : expectedB).add(e.id());
            }
        }
        // down (503) for everything for a minute; then ticket a's first event is still refused (422) for
        // 30 s more, so a's later events must wait for it while b's go through
        Instant recoversAt = CLOCK.instant().plus(Duration.ofMinutes(1));
        String stubborn = expectedA.getFirst();
        receiver.answer(path, eventId -> CLOCK.instant().isBefore(recoversAt) ? 503
                : eventId.equals(stubborn) && CLOCK.instant().isBefore(recoversAt.plusSeconds(30)) ? 422 : 200);
        ServiceClient.Response registered = api().post("root", "/api/webhooks", "{\"url\":\"" + receiver.url(path)
                + "\",\"eventTypes\":[\"spoc.ticket.*\",\"spoc.escalation.raised.v1\"]}");
        assertThat(registered.status()).isEqualTo(201);
        String webhookId = registered.body().get("id").asString();
        events.forEach(KafkaEvents::publish);

        CircuitBreaker breaker = breakers.circuitBreaker(webhookId);
        await().atMost(TIMEOUT).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
        List<CircuitBreaker.State> seen = new CopyOnWriteArrayList<>();
        breaker.getEventPublisher().onStateTransition(e -> seen.add(e.getStateTransition().getToState()));

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            CLOCK.advance(Duration.ofSeconds(2));
            assertThat(delivered(path, a)).containsExactlyElementsOf(expectedA);
            assertThat(delivered(path, b)).containsExactlyElementsOf(expectedB);
        });
        await().atMost(TIMEOUT).until(() -> breaker.getState() == CircuitBreaker.State.CLOSED);

        assertThat(seen).contains(CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.CLOSED);
        assertThat(receiver.requests(path)).anyMatch(r -> r.status() == 503).anyMatch(r -> r.status() == 422);
        List<String> ok = receiver.requests(path).stream().filter(WebhookReceiver.Request::ok)
                .map(r -> r.header("ce-id")).toList();
        assertThat(ok).hasSize(6);
        assertThat(ok.indexOf(expectedB.getLast())).as("ticket b does not wait for ticket a")
                .isLessThan(ok.indexOf(expectedA.getFirst()));
        JsonNode first = api().get("root", "/api/webhooks/" + webhookId + "/deliveries?limit=10").body();
        assertThat(StreamSupport.stream(first.spliterator(), false))
                .allSatisfy(d -> assertThat(d.get("state").asString()).isEqualTo("DELIVERED"))
                .anySatisfy(d -> assertThat(d.get("log").size()).isGreaterThan(1));
    }

    @Test
    void streamsNotificationsLiveAndResumesFromLastEventIdAfterAReconnect() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> lines = new CopyOnWriteArrayList<>();
        InputStream stream = openStream(http, null, lines);

        String first = newId();
        KafkaEvents.publish(cloudEvent(EventType.TICKET_OPENED, first,
                ticketEvent(ticket(first, "bob", TicketStatus.NEW, null, null, 1, CLOCK.instant()), "bob"),
                CLOCK.instant()));
        await().atMost(TIMEOUT).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains(first)));
        String lastId = lines.stream().filter(l -> l.startsWith("id:")).reduce((x, y) -> y).orElseThrow()
                .substring(3).trim();
        stream.close();

        String missed = newId();
        KafkaEvents.publish(cloudEvent(EventType.TICKET_OPENED, missed,
                ticketEvent(ticket(missed, "bob", TicketStatus.NEW, null, null, 1, CLOCK.instant()), "bob"),
                CLOCK.instant()));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(inbox("bob", missed)).hasSize(1));

        List<String> resumed = new CopyOnWriteArrayList<>();
        InputStream again = openStream(http, lastId, resumed);
        try {
            await().atMost(TIMEOUT).until(() -> resumed.stream().anyMatch(l -> l.contains(missed)));
            assertThat(resumed).noneMatch(l -> l.contains(first));
        }
        finally {
            again.close();
        }
    }

    private InputStream openStream(HttpClient http, String lastEventId, List<String> lines) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/notifications/stream")).header("Authorization", SpocInfrastructure.tokens().bearer("bob"))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        InputStream body = response.body();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            }
            catch (java.io.IOException ex) {
                // closed by the test
            }
        });
        return body;
    }

    @Test
    void rejectsUnknownPreferenceFieldsAndHonoursAnEmailOptOut() throws Exception {
        ServiceClient.Response unknown = api().put("pete", "/api/notification-preferences", "{\"zone\":\"Europe/Berlin\",\"volume\":11}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("field").asString()).isEqualTo("volume");

        ServiceClient.Response saved = api().put("pete", "/api/notification-preferences",
                "{\"zone\":\"Europe/Berlin\",\"channels\":{\"EMAIL\":{\"enabled\":false}},"
                        + "\"quietHours\":{\"enabled\":true,\"from\":\"22:00\",\"to\":\"07:00\"}}");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(api().get("pete", "/api/notification-preferences").body().get("channels").get("EMAIL")
                .get("enabled").asBoolean()).isFalse();

        String id = newId();
        TicketSnapshot t = ticket(id, "pete", TicketStatus.NEW, null, null, 1, CLOCK.instant());
        KafkaEvents.publish(cloudEvent(EventType.TICKET_OPENED, id, ticketEvent(t, "pete"), CLOCK.instant()));
        String marker = newId();
        TicketSnapshot m = ticket(marker, "carol", TicketStatus.NEW, null, null, 1, CLOCK.instant());
        KafkaEvents.publish(cloudEvent(EventType.TICKET_OPENED, marker, ticketEvent(m, "carol"), CLOCK.instant()));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(inbox("pete", id)).hasSize(1));
        await().atMost(TIMEOUT).until(() -> mailsTo("carol@spoc.local", m.number()).size() == 1);
        assertThat(mailsTo("pete@spoc.local", t.number())).isEmpty();
    }

    @Test
    void sendsOneDailyDigestAtTheUsersLocalTime() throws Exception {
        // a zone where it is now 11:xx, so the digest at 12:30 is still ahead today
        int hour = CLOCK.instant().atZone(java.time.ZoneOffset.UTC).getHour();
        String zone = java.time.ZoneOffset.ofHours(11 - hour).getId();
        ServiceClient.Response saved = api().put("vera", "/api/notification-preferences",
                "{\"zone\":\"" + zone + "\",\"digest\":{\"enabled\":true,\"at\":\"12:30\"}}");
        assertThat(saved.status()).isEqualTo(200);

        String first = newId();
        String second = newId();
        KafkaEvents.publish(cloudEvent(EventType.ESCALATION_RAISED, first,
                escalation(first, "infrastructure-eng", EscalationKind.FUNCTIONAL, CLOCK.instant()), CLOCK.instant()));
        KafkaEvents.publish(cloudEvent(EventType.ESCALATION_RAISED, second,
                escalation(second, "infrastructure-eng", EscalationKind.FUNCTIONAL, CLOCK.instant()),
                CLOCK.instant()));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(inbox("vera", first)).hasSize(1);
            assertThat(inbox("vera", second)).hasSize(1);
        });
        assertThat(mailsTo("vera@spoc.local", "")).isEmpty();

        CLOCK.advance(Duration.ofHours(2));
        await().atMost(TIMEOUT).until(() -> mailsTo("vera@spoc.local", "digest").size() == 1);
        MimeMessage digest = mailsTo("vera@spoc.local", "digest").getFirst();
        assertThat(digest.getSubject()).isEqualTo("Your SPOC digest: 2 notifications");
        assertThat(GreenMailUtil.getBody(digest)).contains("escalated to infrastructure-eng");
        CLOCK.advance(Duration.ofMinutes(1));
        assertThat(api().put("vera", "/api/notification-preferences", "{}").status()).isEqualTo(200);
    }

    /** A measurement, not a check: {@code SPOC_BENCH=1 ./mvnw -pl notification-service verify -Dit.test=...#measures*}. */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "SPOC_BENCH", matches = "1")
    void measuresThroughputAndLatencyPerChannel() throws Exception {
        int n = Integer.parseInt(System.getenv().getOrDefault("SPOC_BENCH_EVENTS", "1000"));
        String path = "/bench/" + newId();
        api().post("root", "/api/webhooks", "{\"url\":\"" + receiver.url(path)
                + "\",\"eventTypes\":[\"spoc.ticket.opened.v1\"]}");
        String run = newId().substring(0, 8);
        java.util.Map<String, Long> publishedAt = new java.util.concurrent.ConcurrentHashMap<>();
        int mailsBefore = smtp.getReceivedMessages().length;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = run + "-" + i;
            TicketSnapshot t = ticket(id, "bench-" + run + "-" + (i % 20), TicketStatus.NEW, null, null, 1,
                    CLOCK.instant());
            CloudEvent e = cloudEvent(EventType.TICKET_OPENED, id, ticketEvent(t, t.requester()), CLOCK.instant());
            publishedAt.put(e.id(), System.nanoTime());
            KafkaEvents.publish(e);
        }
        long published = System.nanoTime();
        var notifications = SpocInfrastructure.database().getCollection("notifications");
        org.bson.conversions.Bson inApp = com.mongodb.client.model.Filters.and(
                com.mongodb.client.model.Filters.regex("recipient", "^bench-" + run),
                com.mongodb.client.model.Filters.eq("channel", "IN_APP"));
        await().atMost(Duration.ofMinutes(5)).until(() -> notifications.countDocuments(inApp) == n);
        long inbox = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).until(() -> receiver.requests(path).size() >= n);
        long hooks = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).until(() -> smtp.getReceivedMessages().length - mailsBefore >= n);
        long mails = System.nanoTime();

        long[] latencies = receiver.requests(path).stream()
                .mapToLong(r -> (r.receivedNanos() - publishedAt.get(r.header("ce-id"))) / 1_000_000).sorted().toArray();
        System.out.printf("BENCH %d events: publish %.0f/s; in-app all stored after %.1f s (%.0f/s); "
                + "webhook all received after %.1f s (%.0f/s), publish-to-receipt p50 %d ms p99 %d ms max %d ms; "
                + "e-mail all received after %.1f s (%.0f/s)%n", n, n / secs(t0, published), secs(t0, inbox),
                n / secs(t0, inbox), secs(t0, hooks), n / secs(t0, hooks), latencies[latencies.length / 2],
                latencies[(int) (latencies.length * 0.99)], latencies[latencies.length - 1], secs(t0, mails),
                n / secs(t0, mails));
        assertThat(receiver.requests(path)).hasSize(n);
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }

    private List<String> delivered(String path, String ticketId) {
        return receiver.requests(path).stream().filter(WebhookReceiver.Request::ok)
                .filter(r -> ticketId.equals(r.header("ce-subject"))).map(r -> r.header("ce-id")).toList();
    }

    private static List<MimeMessage> mailsTo(String address, String text) throws Exception {
        List<MimeMessage> result = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getRecipients(Message.RecipientType.TO)[0].toString().equals(address)
                    && m.getSubject().contains(text)) {
                result.add(m);
            }
        }
        return result;
    }
}
