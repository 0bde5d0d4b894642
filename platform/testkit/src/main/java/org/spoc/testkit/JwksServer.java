package org.spoc.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.spoc.kit.security.TokenMinter;

/**
 * A tiny identity provider for tests on 127.0.0.1: serves the JWK set of a freshly generated
 * {@link TokenMinter} at {@code /auth/jwks} and an OpenID discovery document at
 * {@code /auth/.well-known/openid-configuration}. The issuer is {@code http://127.0.0.1:<port>/auth}.
 */
final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final TokenMinter minter;
    private final String jwkSetUri;

    private JwksServer(HttpServer server, ExecutorService executor, TokenMinter minter, String jwkSetUri) {
        this.server = server;
        this.executor = executor;
        this.minter = minter;
        this.jwkSetUri = jwkSetUri;
    }

    static JwksServer start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start the test JWKS server", ex);
        }
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/auth";
        TokenMinter minter = TokenMinter.generate(base, TokenMinter.DEFAULT_AUDIENCE, Clock.systemUTC());
        String jwks = minter.jwksJson();
        String discovery = """
                {"issuer":"%s","jwks_uri":"%s/jwks","id_token_signing_alg_values_supported":["RS256"],\
                "subject_types_supported":["public"],"response_types_supported":["token"]}"""
                .formatted(base, base);
        server.createContext("/auth/jwks", exchange -> respond(exchange, jwks));
        server.createContext("/auth/.well-known/openid-configuration", exchange -> respond(exchange, discovery));
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "spoc-test-jwks");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new JwksServer(server, executor, minter, base + "/jwks");
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    TokenMinter minter() {
        return minter;
    }

    String issuer() {
        return minter.issuer();
    }

    String jwkSetUri() {
        return jwkSetUri;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
