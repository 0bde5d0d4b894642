package org.spoc.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a service's {@code -exec.jar} in launcher tests: records its environment in
 * {@code $SPOC_DATA_DIR/env.properties} and answers {@code /actuator/health/readiness} on
 * {@code $SPOC_PORT}. Uses the JDK only, so it runs from a jar holding just this class.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> env = new TreeMap<>(System.getenv());
        StringBuilder text = new StringBuilder();
        env.forEach((name, value) -> {
            if (name.startsWith("SPOC_") || name.equals("SERVER_PORT") || name.equals("MALLOC_ARENA_MAX")) {
                text.append(name).append('=').append(value).append('\n');
            }
        });
        Path dataDir = Path.of(System.getenv("SPOC_DATA_DIR"));
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("env.properties"), text.toString());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("SPOC_PORT"))), 0);
        server.createContext("/actuator/health/readiness", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("fake service up on " + server.getAddress());
    }
}
