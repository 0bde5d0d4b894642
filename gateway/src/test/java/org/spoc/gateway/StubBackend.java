package org.spoc.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.spoc.events.EventJson;
import org.spoc.kit.security.TokenMinter;

/**
 * A stand-in for the services and the identity provider, on 127.0.0.1: serves a JWK set at
 * {@code /auth/jwks}, echoes every other request as JSON (method, path, the {@code Authorization} it
 * received, body size), and holds {@code /api/knowledge/slow} until {@link #release()} and
 * {@code /api/tickets/held} until {@link #releaseHeld()} (or 10 s).
 */
final class StubBackend implements AutoCloseable {

    static final String AUDIENCE = "spoc";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch slow = new CountDownLatch(1);
    private final CountDownLatch held = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger heldInProgress = new java.util.concurrent.atomic.AtomicInteger();
    private final RSAKey key = TokenMinter.newKey();
    private final TokenMinter minter;

    private StubBackend(HttpServer server) {
        this.server = server;
        this.minter = new TokenMinter(key, issuer(), AUDIENCE, Clock.systemUTC());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    static StubBackend start() throws IOException {
        StubBackend backend = new StubBackend(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64));
        backend.server.start();
        return backend;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/auth";
    }

    String jwkSetUri() {
        return url() + "/auth/jwks";
    }

    RSAKey key() {
        return key;
    }

    TokenMinter minter() {
        return minter;
    }

    void release() {
        slow.countDown();
    }

    /** Requests to {@code /api/tickets/held} being held right now. */
    int heldInProgress() {
        return heldInProgress.get();
    }

    void releaseHeld() {
        held.countDown();
    }

    @Override
    public void close() {
        release();
        releaseHeld();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/auth/jwks")) {
                send(exchange, 200, "application/jwk-set+json", minter.jwksJson());
                return;
            }
            if (path.equals("/api/knowledge/slow")) {
                slow.await(10, TimeUnit.SECONDS);
            }
            if (path.equals("/api/tickets/held")) {
                heldInProgress.incrementAndGet();
                held.await(10, TimeUnit.SECONDS);
            }
            long bodyBytes;
            try (InputStream in = exchange.getRequestBody()) {
                bodyBytes = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("method", exchange.getRequestMethod());
            echo.put("path", path);
            echo.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            echo.put("traceparent", String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            echo.put("bodyBytes", bodyBytes);
            send(exchange, 200, "application/json", EventJson.write(echo));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
