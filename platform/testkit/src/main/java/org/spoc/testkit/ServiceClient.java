package org.spoc.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.spoc.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * A small JSON client for a service under test on 127.0.0.1, acting as a demo user with a token from
 * {@link SpocInfrastructure#tokens()}. Non-JSON and empty bodies read as {@code {}}; {@code raw} keeps the text.
 */
public final class ServiceClient {

    /** An answer: the status, the body as JSON, and the body as text. */
    public record Response(int status, JsonNode body, String raw) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final int port;

    public ServiceClient(int port) {
        this.port = port;
    }

    public Response get(String user, String path) {
        return send(user, "GET", path, null);
    }

    public Response post(String user, String path, @Nullable String json) {
        return send(user, "POST", path, json);
    }

    public Response put(String user, String path, String json) {
        return send(user, "PUT", path, json);
    }

    public Response delete(String user, String path) {
        return send(user, "DELETE", path, null);
    }

    /** A query-parameter value, URL-encoded. */
    public static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public Response send(String user, String method, String path, @Nullable String json) {
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
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").contains("json");
            return new Response(response.statusCode(),
                    isJson && !raw.isBlank() ? EventJson.tree(raw) : EventJson.tree("{}"), raw);
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
