package org.spoc.ticket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.spoc.events.EventJson;
import org.spoc.testkit.MutableClock;
import org.spoc.testkit.SpocInfrastructure;
import org.spoc.testkit.SpocIntegrationTest;
import org.spoc.ticket.domain.TicketRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import tools.jackson.databind.JsonNode;

/**
 * The one Spring context every {@code *IntegrationTests} class shares (same annotations, same configuration,
 * so Spring caches it): the service on a random port against the testkit's Kafka and store, with a
 * {@link MutableClock} in place of the system clock, and a small HTTP client acting as the demo users.
 */
@SpocIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spoc.ticket.auto-close-sweep=PT1000H", "spoc.kafka.retry.attempts=2",
                // the default sends every incident to tier 1; these tests exercise category routing
                "spoc.ticket.routing[0].category=network", "spoc.ticket.routing[0].group=network-ops",
                "spoc.ticket.routing[1].category=hardware", "spoc.ticket.routing[1].group=desktop-support" })
@Import(TicketIntegrationTest.TestClock.class)
public abstract class TicketIntegrationTest {

    protected static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return MutableClock.startingNow();
        }
    }

    @BeforeEach
    void resetClock() {
        clock.set(java.time.Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    /** An HTTP answer: status, headers and the body as text and JSON. */
    protected record Answer(int status, HttpResponse<String> response) {

        public String body() {
            return response.body();
        }

        public JsonNode json() {
            return EventJson.tree(response.body());
        }

        public @Nullable String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public String text(String field) {
            return json().path(field).asString();
        }
    }

    protected Answer get(String user, String path) {
        return send(user, "GET", path, null, Map.of());
    }

    protected Answer post(String user, String path, Object body) {
        return send(user, "POST", path, body, Map.of());
    }

    protected Answer post(String user, String path, Object body, Map<String, String> headers) {
        return send(user, "POST", path, body, headers);
    }

    protected Answer send(@Nullable String user, String method, String path, @Nullable Object body,
            Map<String, String> headers) {
        String json = body == null ? null : body instanceof String s ? s : EventJson.write(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", SpocInfrastructure.tokens().bearer(user));
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Opens an incident as {@code user} and answers its JSON. */
    protected JsonNode openIncident(String user, String title) {
        Answer created = post(user, "/api/tickets", incident(title));
        org.assertj.core.api.Assertions.assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    protected static Map<String, Object> incident(String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "INCIDENT");
        body.put("title", title);
        body.put("description", "It stopped working this morning");
        body.put("impact", "MEDIUM");
        body.put("urgency", "HIGH");
        return body;
    }

    protected static @Nullable Document stored(String id) {
        return SpocInfrastructure.database().getCollection(TicketRepository.COLLECTION)
                .find(new Document("_id", id)).first();
    }

    protected static long storedCount() {
        return SpocInfrastructure.database().getCollection(TicketRepository.COLLECTION).countDocuments();
    }
}
