package org.spoc.problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jspecify.annotations.Nullable;
import org.spoc.events.EventJson;
import org.spoc.testkit.SpocInfrastructure;
import tools.jackson.databind.JsonNode;

/** A small JSON client for the service under test, authenticated as a demo user. */
final class Api {

    record Response(int status, JsonNode body, String raw) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final int port;

    Api(int port) {
        this.port = port;
    }

    Response get(String user, String path) {
        return send(user, "GET", path, null);
    }

    Response post(String user, String path, @Nullable String json) {
        return send(user, "POST", path, json);
    }

    Response put(String user, String path, String json) {
        return send(user, "PUT", path, json);
    }

    Response send(String user, String method, String path, @Nullable String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", SpocInfrastructure.tokens().bearer(user))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            return new Response(response.statusCode(), raw.isBlank() ? EventJson.tree("{}") : EventJson.tree(raw), raw);
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
