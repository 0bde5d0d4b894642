package org.spoc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.spoc.events.EventJson;

/** Plain HTTP calls to the platform through the gateway, with the demo users' tokens. */
final class Api {

    static final String PASSWORD = "changeme";

    private final HttpClient http;
    private final String gateway;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    Api(HttpClient http, String gatewayUrl) {
        this.http = http;
        this.gateway = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
    }

    String gateway() {
        return gateway;
    }

    /** A token from {@code POST /auth/token} (cached per user). */
    String token(String user) {
        return tokens.computeIfAbsent(user, name -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway + "/auth/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(EventJson.write(Map.of("username", name, "password", PASSWORD)))));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token for " + name + ": " + response.statusCode() + " " + response.body());
            }
            return EventJson.tree(response.body()).path("access_token").asString();
        });
    }

    HttpResponse<String> get(String path, String user) {
        return send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization", "Bearer " + token(user)).GET());
    }

    HttpResponse<String> post(String path, String user, Object body) {
        return send(json(HttpRequest.newBuilder(URI.create(gateway + path)), user, body, "POST"));
    }

    HttpResponse<String> put(String path, String user, Object body) {
        return send(json(HttpRequest.newBuilder(URI.create(gateway + path)), user, body, "PUT"));
    }

    private HttpRequest.Builder json(HttpRequest.Builder builder, String user, Object body, String method) {
        return builder.header("Authorization", "Bearer " + token(user)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : EventJson.write(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
