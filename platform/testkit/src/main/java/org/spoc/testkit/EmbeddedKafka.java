package org.spoc.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Kafka's own KRaft server (broker and controller in one node) inside this JVM, listening on
 * 127.0.0.1 only, with its data in a temporary directory deleted on close.
 *
 * <p>Not spring-kafka-test's {@code EmbeddedKafkaKraftBroker}: its {@code KafkaClusterTestKit}
 * pre-binds both listeners on the wildcard address, which would expose the broker on every
 * interface of a shared machine.
 */
final class EmbeddedKafka implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final int ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path directory;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, Path directory, String bootstrapServers) {
        this.server = server;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
    }

    static EmbeddedKafka start(int partitions) {
        // a broker that fails must not take the test JVM down with System.exit
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("embedded Kafka called exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("embedded Kafka called halt(" + status + "): " + message);
        });
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return tryStart(partitions);
            }
            catch (RuntimeException ex) {
                // another process may take a free port between choosing and binding it: choose again
                if (!causedByBind(ex)) {
                    throw ex;
                }
                last = ex;
            }
        }
        throw last;
    }

    private static EmbeddedKafka tryStart(int partitions) {
        Path directory;
        try {
            directory = Files.createTempDirectory("spoc-test-kafka-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        KafkaRaftServer server = null;
        try {
            int brokerPort = freePort();
            int controllerPort = freePort();
            String logDir = directory.toString();
            Map<String, Object> props = new HashMap<>();
            props.put("process.roles", "broker,controller");
            props.put("node.id", String.valueOf(NODE_ID));
            props.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
            props.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":"
                    + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("log.dirs", logDir);
            props.put("num.partitions", String.valueOf(partitions));
            props.put("default.replication.factor", "1");
            props.put("min.insync.replicas", "1");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("auto.create.topics.enable", "true");
            props.put("delete.topic.enable", "true");
            props.put("log.cleaner.dedupe.buffer.size", "2097152");
            // one voter: nobody to wait for, so do not sit out the default 1 s election timeout at start
            props.put("controller.quorum.election.timeout.ms", "100");
            props.put("broker.heartbeat.interval.ms", "500");
            // a shared, overloaded machine may starve the controller for seconds: never fence the only broker
            props.put("broker.session.timeout.ms", "60000");
            props.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
            // few threads: the test JVM shares two cores with the code under test
            props.put("num.network.threads", "2");
            props.put("num.io.threads", "2");
            props.put("background.threads", "2");
            props.put("num.recovery.threads.per.data.dir", "1");
            props.put("num.replica.fetchers", "1");
            props.put("log.cleaner.threads", "1");
            props.put("group.coordinator.threads", "1");
            KafkaConfig config = new KafkaConfig(props, false);

            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir))
                    .setMetadataLogDirectory(logDir)
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();

            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(server, directory, LOOPBACK + ":" + brokerPort);
        }
        catch (Exception ex) {
            if (server != null) {
                stop(server);
            }
            TempDirs.deleteQuietly(directory);
            throw ex instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("cannot start the embedded Kafka broker", ex);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        try {
            stop(server);
        }
        finally {
            TempDirs.deleteQuietly(directory);
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        }
    }

    private static boolean causedByBind(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
