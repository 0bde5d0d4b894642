package org.spoc.testkit;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.testcontainers.DockerClientFactory;

/**
 * The one JUnit 5 extension for integration tests (register it with {@link SpocIntegrationTest}).
 *
 * <p>Starts, once per JVM and on first use, a Kafka broker, a MongoDB(-wire) store and a JWKS server,
 * shared by every test class and stopped by a JVM shutdown hook. Where a Docker engine answers it uses
 * Testcontainers (Apache Kafka and MongoDB images); elsewhere Kafka's own KRaft broker inside the JVM
 * and the embedded Mongo-wire store, both on 127.0.0.1. {@code SPOC_TEST_INFRA=embedded|containers}
 * (environment variable or system property) forces one.
 *
 * <p>Before any test instance exists (so before a Spring test context loads) it sets the system
 * properties {@code spring.kafka.bootstrap-servers}, {@code spring.mongodb.uri},
 * {@code spoc.security.jwk-set-uri}, {@code spoc.security.issuer} and {@code spoc.security.audience}.
 *
 * <p>After each test class it deletes every document of every collection of every non-system database;
 * collections and their indexes stay, because cached Spring contexts created them. Kafka topics are not
 * deleted (cached contexts hold consumers on them): tests must filter events by their own ids.
 */
public final class SpocInfrastructure implements BeforeAllCallback, TestInstancePreConstructCallback, AfterAllCallback {

    /** Environment variable or system property that forces {@code embedded} or {@code containers}. */
    public static final String MODE_PROPERTY = "SPOC_TEST_INFRA";
    /** The database named in {@code spring.mongodb.uri}. */
    public static final String DATABASE = "spoc-test";
    /** Partitions of topics created by the testkit or auto-created by the embedded broker. */
    public static final int PARTITIONS = 6;

    public static final String KAFKA_BOOTSTRAP_PROPERTY = "spring.kafka.bootstrap-servers";
    public static final String MONGODB_URI_PROPERTY = "spring.mongodb.uri";
    public static final String JWK_SET_URI_PROPERTY = "spoc.security.jwk-set-uri";
    public static final String ISSUER_PROPERTY = "spoc.security.issuer";
    public static final String AUDIENCE_PROPERTY = "spoc.security.audience";

    private static final System.Logger LOG = System.getLogger(SpocInfrastructure.class.getName());
    private static final Set<String> SYSTEM_DATABASES = Set.of("admin", "local", "config");
    private static final Object LOCK = new Object();

    private static volatile @Nullable Running running;
    private static volatile @Nullable RuntimeException startFailure;

    /** Which infrastructure runs. */
    public enum Mode {
        /** In this JVM: Kafka's KRaft broker and the Mongo-wire store. */
        EMBEDDED,
        /** Testcontainers: Apache Kafka and MongoDB images. */
        CONTAINERS
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // set again for every class, in case an earlier test changed one of them
        running().publishProperties();
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        // with @TestInstance(PER_CLASS) the instance is constructed (and post-processed) before beforeAll
        Running current = running();
        if (context.getTestInstanceLifecycle().orElse(null) == TestInstance.Lifecycle.PER_CLASS) {
            current.publishProperties();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Class<?> testClass = context.getTestClass().orElse(null);
        if (testClass != null && testClass.getEnclosingClass() != null && !Modifier.isStatic(testClass.getModifiers())) {
            return; // a @Nested class: its outer class cleans when it ends
        }
        clean();
    }

    /** {@code host:port} of the Kafka broker. */
    public static String kafkaBootstrapServers() {
        return running().kafka();
    }

    /** {@code mongodb://127.0.0.1:<port>/spoc-test} (embedded) or the container's equivalent. */
    public static String mongoUri() {
        return running().mongoUri();
    }

    /** A client of the store, shared by all tests: do not close it. */
    public static MongoClient mongoClient() {
        return running().mongoClient();
    }

    /** The database named in {@link #mongoUri()}. */
    public static MongoDatabase database() {
        return mongoClient().getDatabase(DATABASE);
    }

    /** Tokens signed by the key whose JWK set is served at {@code spoc.security.jwk-set-uri}. */
    public static TestTokens tokens() {
        return running().tokens();
    }

    public static String jwkSetUri() {
        return running().jwks().jwkSetUri();
    }

    public static String issuer() {
        return running().jwks().issuer();
    }

    public static Mode mode() {
        return running().infrastructure().mode();
    }

    /** How long the infrastructure took to start in this JVM. */
    public static Duration startupTime() {
        return running().startup();
    }

    /**
     * Deletes every document of every collection of every non-system database, keeping collections and
     * indexes. Runs after each test class; call it yourself to clean between the methods of one class.
     */
    public static void clean() {
        Running current = running;
        if (current == null) {
            return;
        }
        MongoClient client = current.mongoClient();
        for (String name : client.listDatabaseNames()) {
            if (SYSTEM_DATABASES.contains(name)) {
                continue;
            }
            MongoDatabase database = client.getDatabase(name);
            for (String collection : database.listCollectionNames()) {
                if (!collection.startsWith("system.")) {
                    database.getCollection(collection).deleteMany(new Document());
                }
            }
        }
    }

    private static Running running() {
        Running current = running;
        if (current != null) {
            return current;
        }
        synchronized (LOCK) {
            if (running != null) {
                return running;
            }
            if (startFailure != null) {
                throw new IllegalStateException("the test infrastructure failed to start earlier in this JVM",
                        startFailure);
            }
            try {
                Running started = start();
                running = started;
                return started;
            }
            catch (RuntimeException ex) {
                startFailure = ex;
                throw ex;
            }
        }
    }

    private static Running start() {
        long begin = System.nanoTime();
        QuietLogs.apply();
        // the RSA key is generated while the broker starts
        CompletableFuture<JwksServer> jwksStart = CompletableFuture.supplyAsync(JwksServer::start, runnable -> {
            Thread thread = new Thread(runnable, "spoc-test-jwks-start");
            thread.setDaemon(true);
            thread.start();
        });
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Mode mode = chooseMode();
            long chosen = System.nanoTime();
            Infrastructure infrastructure = mode == Mode.CONTAINERS ? ContainerInfrastructure.start()
                    : EmbeddedInfrastructure.start();
            started.add(infrastructure);
            long infrastructureStarted = System.nanoTime();
            JwksServer jwks = jwksStart.join();
            started.add(jwks);
            String mongoUri = infrastructure.mongoUri(DATABASE);
            MongoClient client = MongoClients.create(mongoUri);
            started.add(client);
            Running result = new Running(infrastructure, infrastructure.kafkaBootstrapServers(), mongoUri, client,
                    jwks, new TestTokens(jwks.minter()), Duration.ofNanos(System.nanoTime() - begin));
            result.publishProperties();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "spoc-test-infrastructure-stop"));
            LOG.log(System.Logger.Level.INFO, "SPOC test infrastructure ({0}) started in {1} ms (mode choice {2} ms, "
                    + "Kafka and MongoDB {3} ms): kafka {4}, mongo {5}, jwks {6}",
                    mode, result.startup().toMillis(), millis(begin, chosen), millis(chosen, infrastructureStarted),
                    result.kafka(), mongoUri, jwks.jwkSetUri());
            return result;
        }
        catch (RuntimeException | Error ex) {
            if (started.stream().noneMatch(JwksServer.class::isInstance)) {
                jwksStart.thenAccept(JwksServer::close);
            }
            stop(started);
            throw ex;
        }
    }

    private static Mode chooseMode() {
        Mode mode = chooseMode(System.getProperty(MODE_PROPERTY, System.getenv(MODE_PROPERTY)),
                SpocInfrastructure::dockerAnswers);
        if (mode == Mode.EMBEDDED) {
            LOG.log(System.Logger.Level.INFO, "Kafka and MongoDB run embedded in this JVM (no Docker engine answers, "
                    + "or " + MODE_PROPERTY + "=embedded)");
        }
        return mode;
    }

    /**
     * {@code forced} is the value of {@value #MODE_PROPERTY}; {@code docker} asks whether a Docker
     * engine answers (with {@code true} when containers are forced, so that its advice is logged).
     */
    static Mode chooseMode(@Nullable String forced, Predicate<Boolean> docker) {
        String value = forced == null ? "" : forced.strip().toLowerCase(Locale.ROOT);
        switch (value) {
            case "", "auto" -> {
                return docker.test(false) ? Mode.CONTAINERS : Mode.EMBEDDED;
            }
            case "embedded" -> {
                return Mode.EMBEDDED;
            }
            case "containers" -> {
                if (!docker.test(true)) {
                    throw new IllegalStateException(MODE_PROPERTY + "=containers but no Docker engine answers; "
                            + "unset it (or set embedded) to run Kafka and MongoDB in the test JVM");
                }
                return Mode.CONTAINERS;
            }
            default -> throw new IllegalArgumentException(MODE_PROPERTY + " must be embedded, containers or auto, not '"
                    + forced + "'");
        }
    }

    private static boolean dockerAnswers(boolean forced) {
        if (forced) {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        if (!DockerHints.present()) {
            return false;
        }
        // without an engine Testcontainers logs an ERROR with a page of advice: not an error here
        String previous = QuietLogs.level("org.testcontainers");
        QuietLogs.set("org.testcontainers", "OFF");
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        finally {
            QuietLogs.set("org.testcontainers", previous);
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    private static void stop(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            }
            catch (Exception ex) {
                LOG.log(System.Logger.Level.WARNING, "cannot stop " + started.get(i), ex);
            }
        }
    }

    private record Running(Infrastructure infrastructure, String kafka, String mongoUri, MongoClient mongoClient,
            JwksServer jwks, TestTokens tokens, Duration startup) {

        void publishProperties() {
            System.setProperty(KAFKA_BOOTSTRAP_PROPERTY, kafka);
            System.setProperty(MONGODB_URI_PROPERTY, mongoUri);
            System.setProperty(JWK_SET_URI_PROPERTY, jwks.jwkSetUri());
            System.setProperty(ISSUER_PROPERTY, jwks.issuer());
            System.setProperty(AUDIENCE_PROPERTY, jwks.minter().audience());
        }
    }
}
