package org.spoc.escalation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.spoc.escalation.domain.TicketFixture;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventJson;
import org.spoc.events.EventType;
import org.spoc.testkit.KafkaEvents;
import org.spoc.testkit.SpocInfrastructure;
import org.spoc.testkit.SpocIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * The one Spring context all integration tests of the module share (same configuration, so the
 * test framework caches it): the service on a random port, Kafka and the store from the testkit, and
 * a {@link ShiftingClock} the tests move.
 */
@SpocIntegrationTest
// the nextDueAt sweep scans every ticket on the embedded store: once at start is enough here
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spoc.sla.timers.sweep=30m")
@Import({ IntegrationTestSupport.TestClock.class, IntegrationTestSupport.StoreFinds.class })
abstract class IntegrationTestSupport {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** Counts the service's finds of one document by its {@code _id}, per collection and id: what it read. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StoreFinds implements com.mongodb.event.CommandListener {

        private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> finds =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Bean
        org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer countFinds() {
            return settings -> settings.addCommandListener(this);
        }

        @Override
        public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
            org.bson.BsonDocument command = event.getCommand();
            if (event.getCommandName().equals("find") && command.isDocument("filter")
                    && command.getDocument("filter").isString("_id")) {
                String key = command.getString("find").getValue() + "/"
                        + command.getDocument("filter").getString("_id").getValue();
                finds.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            }
        }

        /** How many times the document {@code id} of {@code collection} was found by its id. */
        int of(String collection, String id) {
            java.util.concurrent.atomic.AtomicInteger count = finds.get(collection + "/" + id);
            return count == null ? 0 : count.get();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        @Primary
        ShiftingClock shiftingClock() {
            return new ShiftingClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ShiftingClock clock;

    @Autowired
    StoreFinds storeFinds;

    final HttpClient http = HttpClient.newHttpClient();

    record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    }

    Response call(String method, String path, String user, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", SpocInfrastructure.tokens().bearer(user))
                    .timeout(Duration.ofSeconds(10));
            if (json == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? EventJson.tree("{}") : EventJson.tree(response.body());
            return new Response(response.statusCode(), body, response.headers());
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    Response get(String path, String user) {
        return call("GET", path, user, null);
    }

    /** Publishes the ticket's current state as an event of {@code type} at {@code at}. */
    static void publish(TicketFixture ticket, EventType type, Instant at) {
        KafkaEvents.publish(CloudEvent.of(type, ticket.id, ticket.event(at), at));
    }

    static String newId() {
        return "it-" + java.util.UUID.randomUUID();
    }

    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
