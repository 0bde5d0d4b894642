package org.spoc.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.spoc.events.EventJson;
import org.spoc.local.LocalStack;
import org.spoc.testkit.TempDirs;
import tools.jackson.databind.JsonNode;

/**
 * The whole SPOC platform for end-to-end tests: started once per JVM on free ports in a temporary home
 * (Kafka, the store, the identity provider, the five services and the gateway, each its own JVM, exactly
 * as {@code ./spoc up} starts them), stopped by a shutdown hook. Tests talk to it only through the
 * gateway, like users do, and read Kafka like a tier-2 team does.
 */
public final class Platform {

    /** The password of every demo user of the development identity provider. */
    public static final String PASSWORD = "changeme";

    private static final Object LOCK = new Object();
    private static volatile @Nullable LocalStack stack;
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Platform() {
    }

    public static LocalStack stack() {
        LocalStack current = stack;
        if (current != null) {
            return current;
        }
        synchronized (LOCK) {
            if (stack == null) {
                stack = start();
            }
            return stack;
        }
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public static String gatewayUrl() {
        return stack().gatewayUrl();
    }

    public static String kafkaBootstrap() {
        return stack().kafkaBootstrap();
    }

    /** An access token for a demo user, from {@code POST /auth/token} through the gateway (cached). */
    public static String token(String username) {
        return TOKENS.computeIfAbsent(username, user -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/auth/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            EventJson.write(Map.of("username", user, "password", PASSWORD)))));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token for " + user + ": " + response.statusCode() + " "
                        + response.body());
            }
            return json(response.body()).get("access_token").asString();
        });
    }

    public static URI uri(String path) {
        String base = gatewayUrl();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    public static HttpResponse<String> get(String path, String user) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token(user)).GET());
    }

    public static HttpResponse<String> post(String path, String user, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : EventJson.write(body))));
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public static JsonNode json(String body) {
        return EventJson.tree(body);
    }

    /**
     * Stops the platform if this JVM started it, and removes its home (data, logs, state file) when
     * {@code removeHome}; called when the test plan ends (see {@link PlatformShutdown}).
     */
    public static void stopIfStarted(boolean removeHome) {
        synchronized (LOCK) {
            LocalStack current = stack;
            if (current != null) {
                current.stop();
                stack = null;
                if (removeHome) {
                    TempDirs.deleteQuietly(current.home());
                }
                else {
                    System.out.println("[platform] its logs are kept in " + current.home().resolve("logs"));
                }
            }
        }
    }

    private static LocalStack start() {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path local = repo.resolve("deploy/local/target");
        try {
            Path home = Files.createTempDirectory("spoc-e2e-");
            LocalStack started = LocalStack.start(LocalStack.options()
                    .home(home)
                    .repo(repo)
                    .classpath(local.resolve("classes") + java.io.File.pathSeparator + local.resolve("lib") + "/*")
                    .freePorts()
                    // a throwaway run: no class-data archives to write at stop, no unpacked jars to leave behind
                    .classDataSharing(false)
                    .unpackJars(false)
                    .startTimeout(Duration.ofSeconds(Long.getLong("spoc.e2e.start-timeout-seconds", 600)))
                    .progress(message -> System.out.println("[platform] " + message)));
            // normally stopped when the test plan ends; the hook covers an aborted run
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "spoc-e2e-platform-stop"));
            return started;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
