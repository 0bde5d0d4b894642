package org.spoc.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spoc.events.EventJson;
import org.spoc.kit.security.TokenMinter;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway on a random port in front of a stub backend (which also serves the JWK set), a route to a
 * closed port (a stopped service), and small limits so that each can be reached quickly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spoc.gateway.rate-limit.per-user.capacity=10", "spoc.gateway.rate-limit.per-user.refill-per-second=1",
        "spoc.gateway.rate-limit.per-client.capacity=100", "spoc.gateway.rate-limit.per-client.refill-per-second=1",
        "spoc.gateway.trusted-proxies=127.0.0.1", "spoc.gateway.max-body-size=64KB",
        "spoc.gateway.cors.allowed-origins=https://portal.example.org",
        "resilience4j.timelimiter.instances.knowledge.timeout-duration=1s" })
@ExtendWith(OutputCaptureExtension.class)
class GatewayIntegrationTests {

    private static StubBackend backend;
    private static int closedPort;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    WebTestClient client;

    @BeforeAll
    static void startBackend() throws IOException {
        backend = StubBackend.start();
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort(); // closed again at once: nothing listens there
        }
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("spoc.security.jwk-set-uri", () -> backend.jwkSetUri());
        registry.add("spoc.security.issuer", () -> backend.issuer());
        registry.add("spoc.security.audience", () -> StubBackend.AUDIENCE);
        registry.add("SPOC_TICKET_URL", () -> backend.url());
        registry.add("SPOC_KNOWLEDGE_URL", () -> backend.url());
        registry.add("SPOC_IDP_URL", () -> backend.url());
        registry.add("SPOC_PROBLEM_URL", () -> "http://127.0.0.1:" + closedPort);
        registry.add("SPOC_NOTIFICATION_URL", () -> "http://127.0.0.1:" + closedPort);
    }

    @BeforeEach
    void client() {
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(15))
                .build();
    }

    private String token(String user) {
        return backend.minter().mint(user, List.of("REQUESTER"), List.of(), Duration.ofMinutes(10));
    }

    // --- tokens

    @Test
    void relaysAValidTokenUnchangedToTheService() {
        String token = token("alice");
        JsonNode echo = json(client.get().uri("/api/tickets?status=NEW").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody().returnResult());
        assertThat(echo.get("authorization").stringValue()).isEqualTo("Bearer " + token);
        assertThat(echo.get("path").stringValue()).isEqualTo("/api/tickets");
        assertThat(echo.get("traceparent").stringValue()).startsWith("00-");
    }

    @Test
    void asksForATokenWhenThereIsNone() {
        client.get().uri("/api/tickets").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectBody().jsonPath("$.status").isEqualTo(401);
    }

    static Stream<Arguments> forgedTokens() {
        return Stream.of(
                forged("alg none (unsigned)", b -> unsigned(b.claims())),
                forged("HS256 signed with the RSA public key (HS/RS confusion)", b -> hmacWithPublicKey(b)),
                forged("foreign kid (another issuer's key)", b -> TokenMinter.generate(b.issuer(), "spoc",
                        java.time.Clock.systemUTC()).mint("alice", List.of("ADMIN"), List.of(), Duration.ofMinutes(5))),
                forged("jku header pointing at the attacker's key set", b -> withAttackerHeader(b, true)),
                forged("jwk header embedding the attacker's key", b -> withAttackerHeader(b, false)),
                forged("wrong iss", b -> b.sign(b.claimsBuilder().issuer("https://evil.example/auth").build(), "JWT")),
                forged("wrong aud", b -> b.sign(b.claimsBuilder().audience("another-app").build(), "JWT")),
                forged("expired beyond the skew", b -> b.sign(b.claimsBuilder()
                        .issueTime(Date.from(Instant.now().minus(Duration.ofHours(1))))
                        .notBeforeTime(Date.from(Instant.now().minus(Duration.ofHours(1))))
                        .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(2)))).build(), "JWT")),
                forged("wrong typ (an ID token's)", b -> b.sign(b.claims(), "id_token+jwt")),
                forged("no sub", b -> b.sign(b.claimsBuilder().subject(null).build(), "JWT")),
                forged("no exp (would never expire)", b -> b.sign(b.claimsBuilder().expirationTime(null).build(), "JWT")),
                forged("not valid yet (nbf beyond the skew)", b -> b.sign(b.claimsBuilder()
                        .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                        .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))).build(), "JWT")));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("forgedTokens")
    void rejectsForgedOrMisusedTokens(Function<Forge, String> forge) {
        String token = forge.apply(new Forge(backend.key(), backend.issuer()));
        client.get().uri("/api/tickets").header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }

    @Test
    void acceptsATokenExpiredWithinTheClockSkew() {
        Forge forge = new Forge(backend.key(), backend.issuer());
        String token = forge.sign(forge.claimsBuilder()
                .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(10))))
                .notBeforeTime(Date.from(Instant.now().minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofSeconds(5)))).build(), "JWT");
        client.get().uri("/api/tickets").header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk();
    }

    // --- limits

    @Test
    void limitsEachUserWith429AndRetryAfter() {
        String token = token("greedy-" + UUID.randomUUID());
        EntityExchangeResult<byte[]> limited = null;
        for (int i = 0; i < 15 && limited == null; i++) {
            EntityExchangeResult<byte[]> result = client.get().uri("/api/tickets")
                    .header("Authorization", "Bearer " + token).exchange().expectBody().returnResult();
            if (result.getStatus().value() == 429) {
                limited = result;
            }
        }
        assertThat(limited).as("a 429 within 15 requests of a 10-request bucket").isNotNull();
        assertTooManyRequests(limited);
        // another user is not affected
        client.get().uri("/api/tickets").header("Authorization", "Bearer " + token("bob")).exchange()
                .expectStatus().isOk();
    }

    @Test
    void limitsEachClientAddressBeforeCheckingTokens() {
        EntityExchangeResult<byte[]> limited = null;
        for (int i = 0; i < 110 && limited == null; i++) {
            EntityExchangeResult<byte[]> result = client.get().uri("/api/tickets")
                    .header("X-Forwarded-For", "203.0.113.7").exchange().expectBody().returnResult();
            if (result.getStatus().value() == 429) {
                limited = result;
            }
            else {
                assertThat(result.getStatus().value()).isEqualTo(401);
            }
        }
        assertThat(limited).as("a 429 within 110 requests of a 100-request bucket").isNotNull();
        assertTooManyRequests(limited);
        client.get().uri("/api/tickets").header("X-Forwarded-For", "203.0.113.8")
                .header("Authorization", "Bearer " + token("carol")).exchange().expectStatus().isOk();
    }

    private static void assertTooManyRequests(EntityExchangeResult<byte[]> limited) {
        assertThat(limited.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Long.parseLong(limited.getResponseHeaders().getFirst("Retry-After"))).isPositive();
        assertThat(json(limited).get("status").asInt()).isEqualTo(429);
    }

    @Test
    void rejectsBodiesOverTheLimitWith413ProblemDetailsDeclaredOrChunked() {
        String token = token("dave");
        byte[] big = new byte[65 * 1024];
        client.post().uri("/api/tickets").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(big).exchange()
                .expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(413);
        Flux<DataBuffer> chunked = Flux.range(0, 20).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[4096]));
        client.post().uri("/api/tickets").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).body(chunked, DataBuffer.class).exchange()
                .expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // under the limit, chunked: passed on whole
        Flux<DataBuffer> small = Flux.range(0, 4).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[1000]));
        JsonNode echo = json(client.post().uri("/api/tickets").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).body(small, DataBuffer.class).exchange()
                .expectStatus().isOk().expectBody().returnResult());
        assertThat(echo.get("bodyBytes").asLong()).isEqualTo(4000);
    }

    // --- resilience

    @Test
    void answersAStoppedServiceWithA503ProblemQuickly() {
        long started = System.nanoTime();
        client.get().uri("/api/problems").header("Authorization", "Bearer " + token("erin")).exchange()
                .expectStatus().isEqualTo(503).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectBody().jsonPath("$.service").isEqualTo("problem-service");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        // a live-stream route has no circuit breaker: still a 503 problem, not a 500
        client.get().uri("/api/notifications/stream").header("Authorization", "Bearer " + token("erin")).exchange()
                .expectStatus().isEqualTo(503).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void keepsManyCallsInProgressToAServiceWithoutSheddingThem() {
        // Spring Cloud CircuitBreaker's default bulkhead shed everything beyond 25 calls in progress with a 503
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        List<java.util.concurrent.CompletableFuture<Integer>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            java.net.http.HttpRequest request = java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/tickets/held"))
                    .header("Authorization", "Bearer " + token("held-" + (i % 4))).build();
            calls.add(http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                    .thenApply(java.net.http.HttpResponse::statusCode));
        }
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(8))
                    .until(() -> backend.heldInProgress() >= 40 || calls.stream().anyMatch(c -> c.isDone()));
        }
        finally {
            backend.releaseHeld();
        }
        assertThat(calls.stream().map(java.util.concurrent.CompletableFuture::join).toList()).hasSize(40)
                .containsOnly(200);
    }

    @Test
    void everyRouteBulkheadHasTheConfiguredLimitWhicheverPathCreatedIt(
            @org.springframework.beans.factory.annotation.Autowired io.github.resilience4j.bulkhead.BulkheadRegistry registry) {
        client.get().uri("/api/tickets").header("Authorization", "Bearer " + token("gina")).exchange().expectStatus().isOk();
        assertThat(registry.getDefaultConfig().getMaxConcurrentCalls()).isEqualTo(256);
        assertThat(registry.getAllBulkheads()).isNotEmpty()
                .allSatisfy(bulkhead -> assertThat(bulkhead.getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(256));
    }

    @Test
    void cutsASlowServiceAtTheRouteTimeLimitWith504() {
        long started = System.nanoTime();
        try {
            client.get().uri("/api/knowledge/slow").header("Authorization", "Bearer " + token("fred")).exchange()
                    .expectStatus().isEqualTo(504).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.service").isEqualTo("knowledge-service");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
        finally {
            backend.release();
        }
    }

    @Test
    void hidesTheFallbackEndpointsAndRefusesTraversalTricks() {
        client.get().uri("/fallback/ticket").exchange().expectStatus().isNotFound();
        client.get().uri(java.net.URI.create("http://127.0.0.1:" + port + "/api/tickets/..;/..;/actuator/env")).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    // --- browser rules, actuator, log

    @Test
    void allowsThePortalOriginAndRefusesOthers() {
        client.options().uri("/api/tickets").header("Origin", "https://portal.example.org")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://portal.example.org");
        client.options().uri("/api/tickets").header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
    }

    @Test
    void servesThePortalWithSecurityHeaders() {
        client.get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("Referrer-Policy", "same-origin");
        client.get().uri("/no-such-page").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void answersHealthOutsideAndKeepsOtherActuatorEndpointsOnTheManagementPort() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        for (String hidden : List.of("/actuator/prometheus", "/actuator/env", "/actuator/gateway/routes", "/actuator")) {
            client.get().uri(hidden).header("Authorization", "Bearer " + token("root")).exchange()
                    .expectStatus().isNotFound();
        }
        assertThat(managementPort).isNotEqualTo(port);
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
    }

    @Test
    void logsEveryRequestWithItsTraceId(CapturedOutput output) {
        HttpHeaders headers = client.get().uri("/api/tickets").header("Authorization", "Bearer " + token("gina"))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseHeaders();
        String traceId = headers.getFirst("X-Trace-Id");
        assertThat(traceId).matches("[0-9a-f]{16,32}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getAll())
                .containsPattern("GET /api/tickets 200 \\d+ms user=gina client=127\\.0\\.0\\.1 trace=" + traceId));
    }

    // --- helpers

    private static JsonNode json(EntityExchangeResult<byte[]> result) {
        byte[] body = result.getResponseBody();
        return EventJson.tree(new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8));
    }

    private static Arguments forged(String name, Function<Forge, String> forge) {
        return Arguments.of(Named.of(name, forge));
    }

    /** What a forger has: the public key, the issuer's name, and (for the claim cases) the real signing key. */
    record Forge(RSAKey key, String issuer) {

        JWTClaimsSet.Builder claimsBuilder() {
            Instant now = Instant.now();
            return new JWTClaimsSet.Builder().issuer(issuer).audience("spoc").subject("alice")
                    .claim("roles", List.of("ADMIN")).claim("groups", List.of())
                    .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).jwtID(UUID.randomUUID().toString());
        }

        JWTClaimsSet claims() {
            return claimsBuilder().build();
        }

        String sign(JWTClaimsSet claims, String typ) {
            return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(new JOSEObjectType(typ)).build(), claims, key);
        }

        static String sign(JWSHeader header, JWTClaimsSet claims, RSAKey signingKey) {
            try {
                SignedJWT jwt = new SignedJWT(header, claims);
                jwt.sign(new RSASSASigner(signingKey));
                return jwt.serialize();
            }
            catch (JOSEException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    private static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String hmacWithPublicKey(Forge forge) {
        try {
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(forge.key().toRSAPublicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(forge.key().getKeyID())
                    .type(JOSEObjectType.JWT).build(), forge.claims());
            jwt.sign(new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String withAttackerHeader(Forge forge, boolean jku) {
        RSAKey attacker = TokenMinter.newKey();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
        if (jku) {
            header.keyID(forge.key().getKeyID()).jwkURL(java.net.URI.create("https://evil.example/jwks.json"));
        }
        else {
            header.keyID(attacker.getKeyID()).jwk(attacker.toPublicJWK());
        }
        return Forge.sign(header.build(), forge.claims(), attacker);
    }
}
