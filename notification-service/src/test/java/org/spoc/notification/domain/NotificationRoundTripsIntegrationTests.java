package org.spoc.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spoc.notification.TestEvents.incoming;
import static org.spoc.notification.TestEvents.sla;
import static org.spoc.notification.TestEvents.ticket;
import static org.spoc.notification.TestEvents.ticketEvent;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spoc.events.EventType;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.notification.StoreCommands;
import org.spoc.testkit.MutableClock;
import org.spoc.testkit.SpocIntegrationTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * What one event costs the store: the commands the service sends are counted by a driver command
 * listener on a database of this class's own. Time is a {@link MutableClock}.
 */
@SpocIntegrationTest
class NotificationRoundTripsIntegrationTests {

    static final StoreCommands COMMANDS = new StoreCommands();
    static final String NOTIFICATIONS = NotificationStore.COLLECTION;
    static final String SEQUENCES = NotificationStore.SEQUENCES;

    final MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
    final MongoTemplate mongo = COMMANDS.template("notification-round-trips");
    final Directory directory = new Directory(Map.of(), Map.of("service-desk",
            new Directory.Group(List.of("hank", "mia"), "mia")), List.of("mia"), "spoc.local", ZoneOffset.UTC);
    final List<String> watched = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    NotificationStore store;
    NotificationService service;

    @BeforeEach
    void freshDatabase() {
        mongo.getDb().drop();
        store = new NotificationStore(mongo);
        store.createIndexes();
        Preferences defaults = new Preferences("*", ZoneOffset.UTC, Map.of(),
                new Preferences.DailyDigest(false, LocalTime.of(8, 0)),
                new Preferences.QuietHours(false, LocalTime.of(22, 0), LocalTime.of(7, 0)), Duration.ofSeconds(30));
        PreferenceStore preferences = new PreferenceStore(mongo, defaults, directory, clock, Duration.ofSeconds(5));
        service = new NotificationService(new NotificationRules(directory, List.of()), preferences, store, directory,
                clock, Duration.ofDays(2), watched::add, new NotificationMetrics(meters), true);
        COMMANDS.reset();
    }

    @AfterAll
    static void closeClient() {
        COMMANDS.close();
    }

    IncomingEvent opened(String ticketId) {
        return incoming(EventType.TICKET_OPENED, ticketId, ticketEvent(ticket(ticketId, "alice", TicketStatus.ASSIGNED,
                "service-desk", null, 1, clock.instant()), "alice"), clock.instant());
    }

    long inAppSent() {
        return (long) meters.counter("spoc.notifications.sent", "channel", "in-app").count();
    }

    List<Notification> about(String subject) {
        return mongo.find(Query.query(Criteria.where("subject").is(subject)), Notification.class, NOTIFICATIONS);
    }

    @Test
    void writesAllOfOneEventsNotificationsWithOneInsert() {
        String ticketId = UUID.randomUUID().toString();

        service.handle(opened(ticketId));

        assertThat(COMMANDS.count("insert", NOTIFICATIONS)).isEqualTo(1);
        assertThat(COMMANDS.count("findAndModify", SEQUENCES)).as("one counter write per person").isEqualTo(3);
        assertThat(COMMANDS.count("find", NOTIFICATIONS)).as("no reads for kinds that never collapse").isZero();
        assertThat(COMMANDS.count("update", NOTIFICATIONS)).isZero();
        assertThat(watched).containsExactlyInAnyOrder("alice", "hank", "mia");
        assertThat(inAppSent()).isEqualTo(3);
        // alice (requester) and hank, mia (the group): in-app and e-mail each
        assertThat(about(ticketId)).hasSize(6).extracting(Notification::recipient)
                .containsOnly("alice", "hank", "mia");
        for (String user : List.of("alice", "hank", "mia")) {
            assertThat(about(ticketId)).filteredOn(n -> n.recipient().equals(user) && n.channel() == Channel.IN_APP)
                    .singleElement().extracting(Notification::seq).isEqualTo(store.latestSeq(user));
        }
    }

    @Test
    void insertsNothingNewAndWakesNoWatcherForARedeliveredEvent() {
        String ticketId = UUID.randomUUID().toString();
        IncomingEvent event = opened(ticketId);
        service.handle(event);
        List<Notification> first = about(ticketId);
        watched.clear();
        COMMANDS.reset();

        service.handle(event);

        assertThat(COMMANDS.count("insert", NOTIFICATIONS)).as("one insert, all duplicates").isEqualTo(1);
        assertThat(COMMANDS.count("find", PreferenceStore.COLLECTION)).as("preferences come from the cache").isZero();
        assertThat(watched).isEmpty();
        assertThat(inAppSent()).isEqualTo(3);
        assertThat(about(ticketId)).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(first);
    }

    @Test
    void reservesConsecutiveSequencesOfOnePersonInOneWrite() {
        long first = store.reserveSeqs("nora", 3);
        long next = store.reserveSeqs("nora", 1);

        assertThat(next).isEqualTo(first + 3);
        assertThat(store.latestSeq("nora")).isEqualTo(next);
        assertThat(COMMANDS.count("findAndModify", SEQUENCES)).isEqualTo(2);
    }

    @Test
    void collapsesAnSlaBurstWithOneReadPerEventAndIgnoresItsRedelivery() {
        String ticketId = UUID.randomUUID().toString();
        IncomingEvent warning = incoming(EventType.SLA_WARNING, ticketId,
                sla(ticketId, "service-desk", SlaClockState.RUNNING, clock.instant()), clock.instant());
        IncomingEvent breach = incoming(EventType.SLA_BREACHED, ticketId,
                sla(ticketId, "service-desk", SlaClockState.BREACHED, clock.instant().plusSeconds(3)),
                clock.instant().plusSeconds(3));
        service.handle(warning);
        watched.clear();
        COMMANDS.reset();

        service.handle(breach);

        assertThat(COMMANDS.count("find", NOTIFICATIONS))
                .as("for every recipient at once: what lists the event, what it may join (each by an index)").isEqualTo(2);
        assertThat(COMMANDS.count("update", NOTIFICATIONS)).as("hank and mia, in-app and e-mail").isEqualTo(4);
        assertThat(COMMANDS.count("insert", NOTIFICATIONS)).isZero();
        assertThat(watched).containsExactlyInAnyOrder("hank", "mia");
        List<Notification> burst = about(ticketId);
        assertThat(burst).hasSize(4).allSatisfy(n -> {
            assertThat(n.eventIds()).containsExactly(warning.id(), breach.id());
            assertThat(n.kind()).isEqualTo(NotificationKind.SLA_BREACHED);
        });

        watched.clear();
        COMMANDS.reset();
        service.handle(breach);

        assertThat(COMMANDS.on(NOTIFICATIONS)).extracting(StoreCommands.Command::name).containsExactly("find", "find");
        assertThat(COMMANDS.on(SEQUENCES)).isEmpty();
        assertThat(watched).isEmpty();
        assertThat(about(ticketId)).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(burst);
    }

    @Test
    void writesANewEmailWhenTheOneItWouldJoinIsAlreadyBeingSent() {
        String ticketId = UUID.randomUUID().toString();
        service.handle(incoming(EventType.SLA_WARNING, ticketId,
                sla(ticketId, "service-desk", SlaClockState.RUNNING, clock.instant()), clock.instant()));
        clock.advance(Duration.ofSeconds(31)); // the warning's e-mails are due: a sender claims them
        assertThat(store.claimDueEmails(clock.instant(), 10, clock.instant().plusSeconds(60)).emails()).hasSize(2);
        IncomingEvent breach = incoming(EventType.SLA_BREACHED, ticketId,
                sla(ticketId, "service-desk", SlaClockState.BREACHED, clock.instant().minusSeconds(20)),
                clock.instant().minusSeconds(20));

        service.handle(breach);

        List<Notification> notifications = about(ticketId);
        assertThat(notifications).filteredOn(n -> n.channel() == Channel.IN_APP).hasSize(2)
                .allSatisfy(n -> assertThat(n.eventIds()).hasSize(2));
        assertThat(notifications).filteredOn(n -> n.channel() == Channel.EMAIL).hasSize(4)
                .filteredOn(n -> n.state() == Notification.EmailState.PENDING)
                .allSatisfy(n -> assertThat(n.eventIds()).containsExactly(breach.id()));
    }
}
