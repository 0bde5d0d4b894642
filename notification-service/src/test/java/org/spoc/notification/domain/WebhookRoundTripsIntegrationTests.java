package org.spoc.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spoc.notification.TestEvents.incoming;
import static org.spoc.notification.TestEvents.ticket;
import static org.spoc.notification.TestEvents.ticketEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.notification.StoreCommands;
import org.spoc.testkit.MutableClock;
import org.spoc.testkit.SpocIntegrationTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/** What queueing and claiming webhook deliveries costs the store, counted by a driver command listener. */
@SpocIntegrationTest
class WebhookRoundTripsIntegrationTests {

    static final StoreCommands COMMANDS = new StoreCommands();
    static final String DELIVERIES = WebhookDeliveryStore.COLLECTION;

    final MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
    final MongoTemplate mongo = COMMANDS.template("webhook-round-trips");
    WebhookStore webhooks;
    WebhookDeliveryStore deliveries;
    WebhookFanOut fanOut;

    @BeforeEach
    void freshDatabase() {
        mongo.getDb().drop();
        webhooks = new WebhookStore(mongo, clock, Duration.ofSeconds(5));
        deliveries = new WebhookDeliveryStore(mongo);
        deliveries.createIndexes();
        fanOut = new WebhookFanOut(webhooks, deliveries, clock, Duration.ofHours(24));
        for (String id : List.of("a", "b", "c")) {
            webhooks.insert(webhook(id, "spoc.ticket.*"));
        }
        webhooks.insert(webhook("problems", "spoc.problem.*"));
        COMMANDS.reset();
    }

    @AfterAll
    static void closeClient() {
        COMMANDS.close();
    }

    Webhook webhook(String id, String types) {
        return new Webhook(id, "https://hooks.example.com/" + id, List.of(types), null, "whsec_0123456789abcdef",
                "root", clock.instant());
    }

    IncomingEvent opened() {
        String ticketId = UUID.randomUUID().toString();
        return incoming(EventType.TICKET_OPENED, ticketId, ticketEvent(ticket(ticketId, "alice", TicketStatus.NEW, null,
                null, 1, clock.instant()), "alice"), clock.instant());
    }

    List<String> idsOf(IncomingEvent event) {
        return List.of("a", "b", "c").stream().map(hook -> NotificationIds.delivery(hook, event.id())).toList();
    }

    @Test
    void queuesOneEventForEveryInterestedWebhookWithOneInsertAndNothingOnRedelivery() {
        IncomingEvent event = opened();

        assertThat(fanOut.enqueue(event)).isEqualTo(3);

        assertThat(COMMANDS.count("insert", DELIVERIES)).isEqualTo(1);
        assertThat(COMMANDS.count("findAndModify", WebhookDeliveryStore.SEQUENCES)).isEqualTo(3);
        assertThat(COMMANDS.count("find", WebhookStore.COLLECTION)).isEqualTo(1);
        assertThat(deliveries.of("problems", null, 10)).isEmpty();

        COMMANDS.reset();
        assertThat(fanOut.enqueue(event)).isZero();
        assertThat(COMMANDS.count("insert", DELIVERIES)).isEqualTo(1);
        assertThat(COMMANDS.count("find", WebhookStore.COLLECTION)).as("the webhooks come from the cache").isZero();
        for (String hook : List.of("a", "b", "c")) {
            assertThat(deliveries.of(hook, null, 10)).singleElement()
                    .satisfies(d -> assertThat(d.state()).isEqualTo(WebhookDelivery.State.PENDING));
        }
    }

    @Test
    void claimsManyDeliveriesInTwoCommandsAndRecordsOnlyUnderItsOwnClaim() {
        IncomingEvent event = opened();
        fanOut.enqueue(event);
        List<String> ids = idsOf(event);
        Instant leaseUntil = clock.instant().plus(Duration.ofMinutes(5));
        COMMANDS.reset();

        WebhookDeliveryStore.Claimed claimed = deliveries.claim(ids, leaseUntil);

        assertThat(claimed.deliveries().keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(claimed.deliveries().values()).allSatisfy(d ->
                assertThat(d.state()).isEqualTo(WebhookDelivery.State.SENDING));
        assertThat(COMMANDS.on(DELIVERIES)).extracting(StoreCommands.Command::name).containsExactly("update", "find");
        assertThat(deliveries.claim(ids, leaseUntil).deliveries()).as("another sender finds them taken").isEmpty();

        Instant now = clock.instant();
        CloudEvent delivered = CloudEvent.of(EventType.NOTIFICATION_DELIVERED, event.subject(),
                new org.spoc.events.notification.NotificationOutcome(ids.getFirst(), "webhook", "webhook:a", event.id(),
                        event.type().type(), event.subject(), 1, 200, null, 12, now), now);
        WebhookDelivery.Attempt ok = new WebhookDelivery.Attempt(1, now, 200, 12, null);
        deliveries.record(List.of(
                new WebhookDeliveryStore.Outcome.Delivered(ids.get(0), "not-this-claim", ok, now, delivered),
                new WebhookDeliveryStore.Outcome.Delivered(ids.get(1), claimed.token(), ok, now, delivered),
                new WebhookDeliveryStore.Outcome.Retry(ids.get(2), claimed.token(),
                        new WebhookDelivery.Attempt(1, now, 503, 12, "HTTP 503"), now.plusSeconds(5))));

        assertThat(deliveries.find("a", ids.get(0)).orElseThrow().state()).isEqualTo(WebhookDelivery.State.SENDING);
        assertThat(deliveries.find("b", ids.get(1)).orElseThrow()).satisfies(d -> {
            assertThat(d.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
            assertThat(d.log()).containsExactly(ok);
        });
        assertThat(deliveries.find("c", ids.get(2)).orElseThrow()).satisfies(d -> {
            assertThat(d.state()).isEqualTo(WebhookDelivery.State.PENDING);
            assertThat(d.nextAttemptAt()).isEqualTo(now.plusSeconds(5));
        });
    }
}
