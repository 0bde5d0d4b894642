package org.spoc.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventSamples;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.kit.messaging.ProcessedEvents;
import org.spoc.kit.messaging.VersionedUpserts;
import org.spoc.kit.outbox.OutboxCollections;
import org.spoc.kit.outbox.OutboxEntry;
import org.spoc.kit.outbox.OutboxProperties;
import org.spoc.kit.outbox.OutboxRelay;
import org.spoc.kit.outbox.OutboxWriteListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The outbox relay against a real KRaft broker and the Mongo-wire store: events written inside an
 * aggregate's document reach Kafka in order with their CloudEvents headers and leave the document.
 */
class OutboxRelayIntegrationTests {

    static EmbeddedKafkaKraftBroker kafka;
    static MongoServer store;
    static MongoClient client;
    static MongoTemplate mongo;
    static KafkaTemplate<String, byte[]> template;

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2, Topics.TICKET);
        kafka.afterPropertiesSet();
        store = new MongoServer(new MemoryBackend());
        store.bind("127.0.0.1", 0);
        String uri = "mongodb://" + hostPort(store.getLocalAddress());
        client = MongoClients.create(uri);
        mongo = new MongoTemplate(client, "kit-test");
        template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer()));
    }

    @AfterAll
    static void stop() {
        template.destroy();
        client.close();
        store.shutdownNow();
        kafka.destroy();
    }

    @Test
    void publishesOutboxEntriesInOrderAndRemovesThem() {
        String ticketId = UUID.randomUUID().toString();
        List<CloudEvent> events = List.of(
                CloudEvent.of(EventType.TICKET_OPENED, ticketId, EventSamples.payload(EventType.TICKET_OPENED),
                        Instant.parse("2026-11-23T08:00:00Z")),
                CloudEvent.of(EventType.TICKET_ASSIGNED, ticketId, EventSamples.payload(EventType.TICKET_ASSIGNED),
                        Instant.parse("2026-11-23T08:01:00Z")),
                CloudEvent.of(EventType.TICKET_COMMENTED, ticketId, EventSamples.payload(EventType.TICKET_COMMENTED),
                        Instant.parse("2026-11-23T08:02:00Z")));
        Document ticket = new Document("_id", ticketId).append("title", "printer")
                .append("outbox", events.stream().map(OutboxEntry::toDocument).toList());
        mongo.getCollection("tickets").insertOne(ticket);

        OutboxRelay relay = relay(Clock.systemUTC());
        assertThat(relay.relayOnce()).isEqualTo(3);

        List<ConsumerRecord<String, byte[]>> records = readAll(Topics.TICKET, ticketId, 3);
        assertThat(records).extracting(r -> CloudEvent.from(r).id()).containsExactlyElementsOf(
                events.stream().map(CloudEvent::id).toList());
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(ticketId));
        assertThat(CloudEvent.from(records.get(0)).type()).isEqualTo("spoc.ticket.opened.v1");
        Document stored = mongo.getCollection("tickets").find(new Document("_id", ticketId)).first();
        assertThat(stored.getList("outbox", Document.class)).isEmpty();
        assertThat(stored).doesNotContainKeys("outboxLease", "outboxClaim");
        assertThat(relay.relayOnce()).isZero();
    }

    @Test
    void publishesOnItsOwnOnceStartedAndWakesUpOnRequest() {
        OutboxRelay relay = new OutboxRelay(mongo, template, OutboxCollections.of("tickets"),
                new OutboxProperties(Duration.ofSeconds(30), Duration.ofSeconds(30), 100, Duration.ofSeconds(10)),
                Clock.systemUTC(), new SimpleMeterRegistry());
        relay.start();
        try {
            String ticketId = UUID.randomUUID().toString();
            CloudEvent event = CloudEvent.of(EventType.TICKET_OPENED, ticketId,
                    EventSamples.payload(EventType.TICKET_OPENED), Instant.now());
            mongo.getCollection("tickets").insertOne(new Document("_id", ticketId)
                    .append("outbox", List.of(OutboxEntry.toDocument(event))));
            relay.wake(); // the poll interval is 30 s: only the wake-up publishes within the wait below

            assertThat(readAll(Topics.TICKET, ticketId, 1)).extracting(r -> CloudEvent.from(r).id())
                    .containsExactly(event.id());
            assertThat(mongo.getCollection("tickets").listIndexes().map(i -> i.getString("name"))
                    .into(new ArrayList<>())).contains("outbox_pending", "outbox_claim");
        }
        finally {
            relay.stop();
        }
    }

    @Test
    void aWriteWakesAPassOverTheCollectionWrittenOnly() {
        List<String> finds = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MongoClient counted = listenedClient(new com.mongodb.event.CommandListener() {
            @Override
            public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                // what a pass reads a collection with: a batch's find, or the claim that returns a document
                if (event.getCommandName().equals("find") || event.getCommandName().equals("findAndModify")) {
                    finds.add(event.getCommand().getString(event.getCommandName()).getValue());
                }
            }
        })) {
            OutboxRelay relay = new OutboxRelay(new MongoTemplate(counted, "kit-test"), template,
                    OutboxCollections.of("tickets", "notifications"),
                    new OutboxProperties(Duration.ofSeconds(30), Duration.ofSeconds(30), 100, Duration.ofSeconds(10)),
                    Clock.systemUTC(), new SimpleMeterRegistry());
            relay.start();
            try {
                // the first pass, at start, reads every collection
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> finds.contains("tickets") && finds.contains("notifications"));
                finds.clear();
                String ticketId = UUID.randomUUID().toString();
                CloudEvent event = opened(ticketId);
                mongo.getCollection("tickets").insertOne(new Document("_id", ticketId)
                        .append("outbox", List.of(OutboxEntry.toDocument(event))));
                relay.wake("tickets"); // as the write listener does; the poll interval is 30 s

                assertThat(readAll(Topics.TICKET, ticketId, 1)).extracting(r -> CloudEvent.from(r).id())
                        .containsExactly(event.id());
                assertThat(finds).containsOnly("tickets");

                relay.wake(); // a pass that names no collection reads them all
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> finds.contains("notifications"));
            }
            finally {
                relay.stop();
            }
        }
    }

    @Test
    void wakesTheRelayWhenAWriteToAnOutboxCollectionSucceeds() {
        OutboxWriteListener listener = new OutboxWriteListener(OutboxCollections.of("tickets"));
        try (MongoClient listened = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(
                        "mongodb://" + hostPort(store.getLocalAddress())))
                .addCommandListener(listener).build())) {
            MongoTemplate writer = new MongoTemplate(listened, "kit-test");
            OutboxRelay relay = new OutboxRelay(writer, template, OutboxCollections.of("tickets"),
                    new OutboxProperties(Duration.ofSeconds(30), Duration.ofSeconds(30), 100, Duration.ofSeconds(10)),
                    Clock.systemUTC(), new SimpleMeterRegistry());
            listener.attach(relay);
            relay.start();
            try {
                String ticketId = UUID.randomUUID().toString();
                CloudEvent event = CloudEvent.of(EventType.TICKET_OPENED, ticketId,
                        EventSamples.payload(EventType.TICKET_OPENED), Instant.now());
                // nobody calls wake() and the poll interval is 30 s: only the listener can publish this in time
                writer.getCollection("tickets").insertOne(new Document("_id", ticketId)
                        .append("outbox", List.of(OutboxEntry.toDocument(event))));

                assertThat(readAll(Topics.TICKET, ticketId, 1)).extracting(r -> CloudEvent.from(r).id())
                        .containsExactly(event.id());
            }
            finally {
                relay.stop();
            }
        }
    }

    @Test
    void leavesADocumentAloneWhileAnotherReplicaHoldsItsLease() {
        String ticketId = UUID.randomUUID().toString();
        CloudEvent event = CloudEvent.of(EventType.TICKET_OPENED, ticketId,
                EventSamples.payload(EventType.TICKET_OPENED), Instant.now());
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        mongo.getCollection("tickets").insertOne(new Document("_id", ticketId)
                .append("outboxLease", java.util.Date.from(now.plusSeconds(10)))
                .append("outbox", List.of(OutboxEntry.toDocument(event))));

        assertThat(relay(Clock.fixed(now, ZoneOffset.UTC)).relayOnce()).isZero();
        assertThat(relay(Clock.fixed(now.plusSeconds(11), ZoneOffset.UTC)).relayOnce()).isEqualTo(1);
        assertThat(readAll(Topics.TICKET, ticketId, 1)).extracting(r -> CloudEvent.from(r).id())
                .containsExactly(event.id());
    }

    @Test
    void aPassReadsOnceAndWritesTwiceWhenNoOtherReplicaInterferes() {
        List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MongoClient counted = listenedClient(commandNamesInto(commands))) {
            String ticketId = UUID.randomUUID().toString();
            List<CloudEvent> events = List.of(opened(ticketId), assigned(ticketId));
            mongo.getCollection("tickets").insertOne(new Document("_id", ticketId)
                    .append("outbox", events.stream().map(OutboxEntry::toDocument).toList()));

            assertThat(relay(new MongoTemplate(counted, "kit-test"), Clock.systemUTC()).relayOnce()).isEqualTo(2);

            // read the pending documents with their entries, claim them, release them
            assertThat(commands).containsExactly("find", "update", "update");
            assertThat(readAll(Topics.TICKET, ticketId, 2)).extracting(r -> CloudEvent.from(r).id())
                    .containsExactlyElementsOf(events.stream().map(CloudEvent::id).toList());
        }
    }

    @Test
    void aPassWokenByAWriteClaimsItsDocumentInTheWriteThatReturnsIt() {
        List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MongoClient counted = listenedClient(commandNamesInto(commands))) {
            OutboxRelay relay = new OutboxRelay(new MongoTemplate(counted, "kit-test"), template,
                    OutboxCollections.of("woken_tickets"),
                    new OutboxProperties(Duration.ofSeconds(30), Duration.ofSeconds(30), 100, Duration.ofSeconds(10)),
                    Clock.systemUTC(), new SimpleMeterRegistry());
            relay.start();
            try {
                // the pass at start reads the (empty) collection; then only a wake-up runs one
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> commands.contains("find"));
                commands.clear();
                String ticketId = UUID.randomUUID().toString();
                List<CloudEvent> events = List.of(opened(ticketId), assigned(ticketId));
                var tickets = mongo.getCollection("woken_tickets");
                tickets.insertOne(new Document("_id", ticketId)
                        .append("outbox", events.stream().map(OutboxEntry::toDocument).toList()));
                relay.wake("woken_tickets"); // as the write listener does after one write; the poll interval is 30 s

                assertThat(readAll(Topics.TICKET, ticketId, 2)).extracting(r -> CloudEvent.from(r).id())
                        .containsExactlyElementsOf(events.stream().map(CloudEvent::id).toList());
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tickets
                        .find(new Document("_id", ticketId)).first().getList("outbox", Document.class).isEmpty());
                // claimed and read in one command, released in another: no read of its own
                assertThat(commands).containsExactly("findAndModify", "update");
                assertThat(tickets.find(new Document("_id", ticketId)).first())
                        .doesNotContainKeys("outboxLease", "outboxClaim");
            }
            finally {
                relay.stop();
            }
        }
    }

    @Test
    void doesNotPublishAgainWhatAnotherReplicaSentBetweenTheReadAndTheClaim() {
        String ticketId = UUID.randomUUID().toString();
        List<CloudEvent> events = List.of(opened(ticketId), assigned(ticketId));
        mongo.getCollection("tickets").insertOne(new Document("_id", ticketId)
                .append("outbox", events.stream().map(OutboxEntry::toDocument).toList()));
        OutboxRelay other = relay(Clock.systemUTC());
        java.util.concurrent.atomic.AtomicInteger sentByOther = new java.util.concurrent.atomic.AtomicInteger(-1);
        // the other replica runs a whole pass right after this replica read the pending documents
        try (MongoClient racing = listenedClient(new com.mongodb.event.CommandListener() {
            @Override
            public void commandSucceeded(com.mongodb.event.CommandSucceededEvent event) {
                if (event.getCommandName().equals("find") && sentByOther.get() < 0) {
                    sentByOther.set(other.relayOnce());
                }
            }
        })) {
            int sentByThis = relay(new MongoTemplate(racing, "kit-test"), Clock.systemUTC()).relayOnce();

            assertThat(sentByOther).hasValue(2);
            assertThat(sentByThis).as("events this replica published").isZero();
            assertThat(readAll(Topics.TICKET, ticketId, 2)).extracting(r -> CloudEvent.from(r).id())
                    .containsExactlyElementsOf(events.stream().map(CloudEvent::id).toList());
            assertThat(mongo.getCollection("tickets").find(new Document("_id", ticketId)).first())
                    .doesNotContainKeys("outboxLease", "outboxClaim");
        }
    }

    private static CloudEvent opened(String ticketId) {
        return CloudEvent.of(EventType.TICKET_OPENED, ticketId, EventSamples.payload(EventType.TICKET_OPENED),
                Instant.parse("2026-11-23T08:00:00Z"));
    }

    private static CloudEvent assigned(String ticketId) {
        return CloudEvent.of(EventType.TICKET_ASSIGNED, ticketId, EventSamples.payload(EventType.TICKET_ASSIGNED),
                Instant.parse("2026-11-23T08:01:00Z"));
    }

    /** A listener that adds the name of every command the client starts to {@code commands}. */
    private static com.mongodb.event.CommandListener commandNamesInto(List<String> commands) {
        return new com.mongodb.event.CommandListener() {
            @Override
            public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                commands.add(event.getCommandName());
            }
        };
    }

    private static MongoClient listenedClient(com.mongodb.event.CommandListener listener) {
        return MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString("mongodb://" + hostPort(store.getLocalAddress())))
                .addCommandListener(listener).build());
    }

    @Test
    void remembersProcessedEventsAndAppliesOnlyNewerVersions() {
        ProcessedEvents processed = new ProcessedEvents(mongo, Clock.systemUTC(), Duration.ofDays(7));
        String id = UUID.randomUUID().toString();
        List<String> runs = new ArrayList<>();
        assertThat(processed.runOnce("inbox", id, () -> runs.add("first"))).isTrue();
        assertThat(processed.runOnce("inbox", id, () -> runs.add("second"))).isFalse();
        assertThat(runs).containsExactly("first");
        assertThat(processed.firstDelivery("other", id)).isTrue();
        assertThat(processed.firstDelivery("other", id)).isFalse();

        VersionedUpserts upserts = new VersionedUpserts(mongo);
        String ticket = UUID.randomUUID().toString();
        assertThat(upserts.applyIfNewer("tickets_view", ticket, 2, new Document("status", "ASSIGNED"))).isTrue();
        assertThat(upserts.applyIfNewer("tickets_view", ticket, 1, new Document("status", "NEW"))).isFalse();
        assertThat(upserts.applyIfNewer("tickets_view", ticket, 2, new Document("status", "NEW"))).isFalse();
        assertThat(upserts.applyIfNewer("tickets_view", ticket, 3, new Document("status", "RESOLVED"))).isTrue();
        assertThat(mongo.getCollection("tickets_view").find(new Document("_id", ticket)).first())
                .containsEntry("status", "RESOLVED").containsEntry("version", 3L);
    }

    private static OutboxRelay relay(Clock clock) {
        return relay(mongo, clock);
    }

    private static OutboxRelay relay(MongoTemplate mongo, Clock clock) {
        return new OutboxRelay(mongo, template, OutboxCollections.of("tickets"),
                new OutboxProperties(Duration.ofMillis(100), Duration.ofSeconds(30), 100, Duration.ofSeconds(10)),
                clock, new SimpleMeterRegistry());
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, String key, int expected) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "kit-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
            return found;
        }
    }

    private static String hostPort(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
