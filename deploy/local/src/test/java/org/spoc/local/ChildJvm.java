package org.spoc.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A part's main class run as a child JVM of a test, stopped by its own handle. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Options of a JVM quick to start (C1 only, small heap), as the tests want it. */
    static final List<String> QUICK = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");

    static ChildJvm start(Class<?> main, Path log, String... args) throws IOException {
        return start(QUICK, main, log, args);
    }

    static ChildJvm start(List<String> jvmOptions, Class<?> main, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildJvm(process, log);
    }

    /** A {@link DocumentStore} on {@code port} over {@code data}, once it listens. */
    static ChildJvm startStore(List<String> jvmOptions, Path data, int port, String durability, Path log) throws IOException {
        ChildJvm store = start(jvmOptions, DocumentStore.class, log, "--port", String.valueOf(port), "--data", data.toString(),
                "--durability", durability);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(store.process().isAlive()).as("store process: %s", store.log()).isTrue();
            return store.log().contains("DocumentStore listening");
        });
        return store;
    }

    /** A driver for a child store, failing fast when the store is gone. */
    static MongoClient storeClient(int port) {
        return MongoClients.create("mongodb://127.0.0.1:" + port
                + "/?retryWrites=false&serverSelectionTimeoutMS=2000&connectTimeoutMS=2000&socketTimeoutMS=5000");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Process process() {
        return process;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
