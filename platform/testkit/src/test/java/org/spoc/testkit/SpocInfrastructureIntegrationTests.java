package org.spoc.testkit;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.kit.security.TokenMinter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@SpocIntegrationTest
class SpocInfrastructureIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Test
    void setsSystemPropertiesBeforeTheTestRuns() {
        assertThat(System.getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(SpocInfrastructure.kafkaBootstrapServers());
        assertThat(System.getProperty("spring.mongodb.uri")).isEqualTo(SpocInfrastructure.mongoUri())
                .contains("/spoc-test");
        assertThat(System.getProperty("spoc.security.jwk-set-uri")).isEqualTo(SpocInfrastructure.jwkSetUri())
                .startsWith("http://127.0.0.1:");
        assertThat(System.getProperty("spoc.security.issuer")).isEqualTo(SpocInfrastructure.tokens().issuer())
                .matches("http://127\\.0\\.0\\.1:\\d+/auth");
        assertThat(System.getProperty("spoc.security.audience")).isEqualTo("spoc");
        if (SpocInfrastructure.mode() == SpocInfrastructure.Mode.EMBEDDED) {
            assertThat(SpocInfrastructure.mongoUri()).matches("mongodb://127\\.0\\.0\\.1:\\d+/spoc-test");
            assertThat(SpocInfrastructure.kafkaBootstrapServers()).startsWith("127.0.0.1:");
        }
        System.out.println("[testkit] " + SpocInfrastructure.mode() + " infrastructure started in "
                + SpocInfrastructure.startupTime().toMillis() + " ms");
    }

    @Test
    void bindsEmbeddedServersToLoopbackOnly() throws Exception {
        assumeTrue(SpocInfrastructure.mode() == SpocInfrastructure.Mode.EMBEDDED, "containers publish their own ports");
        InetAddress outside = nonLoopbackAddress();
        assumeTrue(outside != null, "this machine has no non-loopback IPv4 address");
        List<Integer> ports = List.of(port(SpocInfrastructure.kafkaBootstrapServers()),
                URI.create(SpocInfrastructure.mongoUri()).getPort(), URI.create(SpocInfrastructure.jwkSetUri()).getPort());

        for (int port : ports) {
            assertThat(accepts(InetAddress.getLoopbackAddress(), port)).as("127.0.0.1:%d", port).isTrue();
            assertThat(accepts(outside, port)).as("%s:%d", outside.getHostAddress(), port).isFalse();
        }
    }

    @Test
    void producesAndConsumesThroughTheBroker() {
        String topic = "testkit.roundtrip." + UUID.randomUUID();
        String subject = "T-" + UUID.randomUUID();
        try (KafkaEvents events = KafkaEvents.on(topic)) {
            KafkaEvents.publish(event(topic, EventType.TICKET_OPENED, subject, Map.of("spoc_team", "network-ops")));

            CloudEvent received = events.awaitEvent(EventType.TICKET_OPENED, e -> e.subject().equals(subject), TIMEOUT);

            assertThat(received.subject()).isEqualTo(subject);
            assertThat(received.key()).isEqualTo(subject);
            assertThat(received.topic()).isEqualTo(topic);
            assertThat(received.header(CloudEvent.H_TEAM)).isEqualTo("network-ops");
            assertThat(received.data()).contains(subject);
        }
    }

    @Test
    void consumesFromABrokerNamedByItsBootstrapServers() {
        String topic = "testkit.elsewhere." + UUID.randomUUID();
        String subject = "T-" + UUID.randomUUID();
        KafkaEvents.createTopics(topic);
        try (KafkaEvents events = KafkaEvents.on(SpocInfrastructure.kafkaBootstrapServers(), topic)) {
            KafkaEvents.publish(event(topic, EventType.TICKET_OPENED, subject, Map.of()));

            assertThat(events.awaitEvent(EventType.TICKET_OPENED, subject, TIMEOUT).topic()).isEqualTo(topic);
        }
    }

    @Test
    void deliversEachPublishedEventToAWaitingConsumerWithinSeconds() {
        String topic = "testkit.latency." + UUID.randomUUID();
        try (KafkaEvents events = KafkaEvents.on(topic)) {
            List<Long> micros = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String subject = "T-" + i + "-" + UUID.randomUUID();
                long start = System.nanoTime();
                KafkaEvents.publish(event(topic, EventType.TICKET_CHANGED, subject, Map.of()));
                events.awaitEvent(EventType.TICKET_CHANGED, subject, TIMEOUT);
                micros.add((System.nanoTime() - start) / 1_000);
            }
            List<Long> sorted = micros.stream().sorted().toList();
            System.out.printf("[testkit] publish -> awaitEvent, 20 one at a time: p50 %.1f ms, max %.1f ms%n",
                    sorted.get(10) / 1000.0, sorted.getLast() / 1000.0);
            assertThat(sorted.get(10)).as("median microseconds").isLessThan(Duration.ofSeconds(2).toNanos() / 1_000);
        }
    }

    @Test
    void createsMissingTopicsWithSixPartitions() {
        String topic = "testkit.created." + UUID.randomUUID();
        try (KafkaEvents events = KafkaEvents.on(topic)) {
            assertThat(events.partitions()).hasSize(SpocInfrastructure.PARTITIONS);
        }
    }

    @Test
    void seesOnlyWhatIsPublishedAfterItIsMadeUnlessFromBeginning() {
        String topic = "testkit.position." + UUID.randomUUID();
        String before = "before-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        KafkaEvents.publish(event(topic, EventType.TICKET_OPENED, before, Map.of()));
        try (KafkaEvents events = KafkaEvents.on(topic)) {
            KafkaEvents.publish(event(topic, EventType.TICKET_OPENED, after, Map.of()));

            events.awaitEvent(EventType.TICKET_OPENED, after, TIMEOUT);
            assertThat(events.events()).extracting(CloudEvent::subject).containsExactly(after);

            events.fromBeginning();
            assertThat(events.awaitEvents(EventType.TICKET_OPENED, e -> true, 2, TIMEOUT))
                    .extracting(CloudEvent::subject).containsExactlyInAnyOrder(before, after);
        }
    }

    @Test
    void awaitsSeveralEventsInTheOrderOfOneKey() {
        String topic = "testkit.order." + UUID.randomUUID();
        String subject = "T-" + UUID.randomUUID();
        try (KafkaEvents events = KafkaEvents.on(topic)) {
            CloudEvent opened = event(topic, EventType.TICKET_OPENED, subject, Map.of());
            CloudEvent assigned = event(topic, EventType.TICKET_ASSIGNED, subject, Map.of());
            CloudEvent resolved = event(topic, EventType.TICKET_RESOLVED, subject, Map.of());
            KafkaEvents.publish(opened);
            KafkaEvents.publish(assigned);
            KafkaEvents.publish(resolved);

            assertThat(events.awaitEvent(EventType.TICKET_RESOLVED, subject, TIMEOUT).id()).isEqualTo(resolved.id());
            assertThat(events.awaitEvent(EventType.TICKET_OPENED, subject, TIMEOUT).id()).isEqualTo(opened.id());
            assertThat(events.events()).extracting(CloudEvent::id)
                    .containsExactly(opened.id(), assigned.id(), resolved.id());
        }
    }

    @Test
    void failsListingWhatItSawWhenNoEventMatchesInTime() {
        String topic = "testkit.missing." + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        try (KafkaEvents events = KafkaEvents.on(topic)) {
            KafkaEvents.publish(event(topic, EventType.TICKET_CLOSED, other, Map.of()));
            events.awaitEvent(EventType.TICKET_CLOSED, other, TIMEOUT);

            assertThatThrownBy(() -> events.awaitEvent(EventType.TICKET_OPENED, "nobody", Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("spoc.ticket.opened.v1")
                    .hasMessageContaining("spoc.ticket.closed.v1 subject=" + other);
        }
    }

    @Test
    void failsANegativeCheckWhenAMatchingEventArrives() {
        String topic = "testkit.negative." + UUID.randomUUID();
        String subject = "T-" + UUID.randomUUID();
        try (KafkaEvents events = KafkaEvents.on(topic)) {
            events.assertNoEvent(EventType.TICKET_OPENED, e -> e.subject().equals(subject), Duration.ofMillis(300));

            KafkaEvents.publish(event(topic, EventType.TICKET_OPENED, subject, Map.of()));

            assertThatThrownBy(() -> events.assertNoEvent(EventType.TICKET_OPENED,
                    e -> e.subject().equals(subject), Duration.ofSeconds(10)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected no spoc.ticket.opened.v1")
                    .hasMessageContaining(subject);
        }
    }

    @Test
    void carriesPoisonRecordsAndListsThemAsNotCloudEvents() {
        String topic = "testkit.poison." + UUID.randomUUID();
        String key = "poison-" + UUID.randomUUID();
        try (KafkaEvents events = KafkaEvents.on(topic)) {
            KafkaEvents.publish(new ProducerRecord<>(topic, key, "{not json".getBytes(StandardCharsets.UTF_8)));

            assertThat(events.awaitRecord(r -> key.equals(r.key()), TIMEOUT).value())
                    .asString(StandardCharsets.UTF_8).isEqualTo("{not json");
            assertThatThrownBy(() -> events.awaitEvent(EventType.TICKET_OPENED, e -> true, Duration.ofMillis(200)))
                    .hasMessageContaining("not a CloudEvent").hasMessageContaining(key);
        }
    }

    @Test
    void insertsAndFindsThroughTheStore() {
        MongoCollection<Document> tickets = SpocInfrastructure.database().getCollection("testkit_tickets");
        String id = UUID.randomUUID().toString();

        tickets.insertOne(new Document("_id", id).append("title", "printer on fire"));

        assertThat(tickets.find(Filters.eq("_id", id)).first()).containsEntry("title", "printer on fire");
    }

    @Test
    void cleaningEmptiesCollectionsButKeepsThemAndTheirIndexes() {
        MongoDatabase other = SpocInfrastructure.mongoClient().getDatabase("testkit-other");
        MongoCollection<Document> tickets = SpocInfrastructure.database().getCollection("testkit_clean");
        MongoCollection<Document> inbox = other.getCollection("inbox");
        tickets.createIndex(Indexes.ascending("number"), new IndexOptions().unique(true).name("number_unique"));
        tickets.insertMany(List.of(new Document("number", "INC1"), new Document("number", "INC2")));
        inbox.insertOne(new Document("user", "alice"));

        SpocInfrastructure.clean();

        assertThat(tickets.countDocuments()).isZero();
        assertThat(inbox.countDocuments()).isZero();
        assertThat(SpocInfrastructure.database().listCollectionNames()).contains("testkit_clean");
        assertThat(tickets.listIndexes()).extracting(index -> index.getString("name")).contains("number_unique");
        tickets.insertOne(new Document("number", "INC1"));
        assertThatThrownBy(() -> tickets.insertOne(new Document("number", "INC1"))).hasMessageContaining("E11000");
    }

    @Test
    void mintsTokensThatVerifyAgainstTheServedJwks() {
        JwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(SpocInfrastructure.jwkSetUri()).build();

        Jwt nora = decoder.decode(SpocInfrastructure.tokens().forUser("nora"));

        assertThat(nora.getSubject()).isEqualTo("nora");
        assertThat(nora.getClaimAsStringList("roles")).containsExactly("AGENT");
        assertThat(nora.getClaimAsStringList("groups")).containsExactly("network-ops");
        assertThat(nora.getIssuer()).hasToString(System.getProperty("spoc.security.issuer"));
        assertThat(nora.getAudience()).containsExactly("spoc");
        assertThat(SpocInfrastructure.tokens().bearer("mia")).startsWith("Bearer ey");
    }

    @Test
    void servesAnOpenIdDiscoveryDocumentForItsIssuer() {
        JwtDecoder decoder = JwtDecoders.fromIssuerLocation(SpocInfrastructure.issuer());

        assertThat(decoder.decode(SpocInfrastructure.tokens().forUser("vera")).getSubject()).isEqualTo("vera");
    }

    @Test
    void rejectsTokensSignedByAnotherKey() {
        JwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(SpocInfrastructure.jwkSetUri()).build();
        TokenMinter stranger = TokenMinter.generate(SpocInfrastructure.issuer(), "spoc", java.time.Clock.systemUTC());

        String forged = stranger.mint("root", List.of("ADMIN"), List.of(), Duration.ofMinutes(5));

        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(JwtException.class);
    }

    private static int port(String hostAndPort) {
        return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1_000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static @Nullable InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }

    private static CloudEvent event(String topic, EventType type, String subject, Map<String, String> headers) {
        return new CloudEvent(UUID.randomUUID().toString(), type.type(), type.source(), subject, Instant.now(), topic,
                subject, "{\"id\":\"" + subject + "\"}", headers);
    }
}
