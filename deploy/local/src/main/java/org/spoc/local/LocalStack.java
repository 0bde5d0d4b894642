package org.spoc.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jspecify.annotations.Nullable;

/**
 * The whole platform on this machine, each part its own JVM: the Kafka broker, the document store
 * and the identity provider from this module's classes, then the five services and the gateway
 * from their {@code -exec.jar}s, started in parallel once the infrastructure answers.
 *
 * <pre>
 * try (LocalStack stack = LocalStack.start(LocalStack.options().home(dir).freePorts().parts(Part.KAFKA, Part.STORE))) {
 *     stack.kafkaBootstrap(); stack.mongoUri("ticket-service"); ...
 * }
 * </pre>
 *
 * Every child writes to {@code <home>/logs/<part>.log}; data lives in {@code <home>/data}, so a
 * second start on the same home keeps the first one's topics, documents and signing key.
 * {@link #stop()} stops only this stack's own child processes, by their handles, in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    /** Everything a start needs; {@link #options()} gives the defaults of {@code ./spoc up}. */
    public static final class Options {

        private Path home = Path.of(".spoc").toAbsolutePath();
        private Path repo = Path.of("").toAbsolutePath();
        private final EnumSet<Part> parts = EnumSet.allOf(Part.class);
        private final Map<Part, Integer> ports = new EnumMap<>(Part.class);
        private boolean freePorts;
        private Duration startTimeout = Duration.ofSeconds(120);
        private String classpath = absolute(System.getProperty("java.class.path"));
        private Path javaHome = Path.of(System.getProperty("java.home"));
        private @Nullable String issuer;
        private String storeDurability = "journal";
        private boolean classDataSharing = true;
        private JvmProfile jvmProfile = JvmProfile.STARTUP;
        private int listenerConcurrency = 3;
        private boolean unpackJars = true;
        private Consumer<String> progress = message -> { };

        private Options() {
        }

        /** The folder for {@code logs/}, {@code data/}, {@code cds/} and the state file. */
        public Options home(Path home) {
            this.home = home.toAbsolutePath().normalize();
            return this;
        }

        /** The repository root, where {@code <service>/target/<service>-0.1.0-SNAPSHOT-exec.jar} are found. */
        public Options repo(Path repo) {
            this.repo = repo.toAbsolutePath().normalize();
            return this;
        }

        /** Start only these parts (the others' ports are still reserved in the URLs handed out). */
        public Options parts(Collection<Part> parts) {
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("name at least one part to start");
            }
            this.parts.clear();
            this.parts.addAll(parts);
            return this;
        }

        public Options parts(Part... parts) {
            return parts(List.of(parts));
        }

        /** A fixed port for a part; 0 picks a free one. Kafka's controller listens on the next port. */
        public Options port(Part part, int port) {
            ports.put(part, port);
            return this;
        }

        /** Pick free ports for every part without a fixed one (for tests and a second stack). */
        public Options freePorts() {
            this.freePorts = true;
            return this;
        }

        /** How long each part may take to become ready (default 120 s). */
        public Options startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** The classpath of the infrastructure parts' JVMs (default: this JVM's). */
        public Options classpath(String classpath) {
            this.classpath = absolute(classpath);
            return this;
        }

        public Options javaHome(Path javaHome) {
            this.javaHome = javaHome;
            return this;
        }

        /** The token issuer (default {@code http://localhost:<gateway port>/auth}, the public URL through the gateway). */
        public Options issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /**
         * {@code journal} (default: survives a process kill; forced to disk within 100 ms, or before the reply
         * of a {@code j:true} write, like mongod), {@code fsync} (forced before every reply), {@code commit}
         * (never forced: survives a process kill, not a power loss) or {@code off}.
         */
        public Options storeDurability(String durability) {
            this.storeDurability = durability;
            return this;
        }

        /** How the services' and the gateway's JVMs compile and collect (default {@link JvmProfile#STARTUP}). */
        public Options jvmProfile(JvmProfile profile) {
            this.jvmProfile = profile;
            return this;
        }

        /**
         * Listener threads per Kafka listener container in each service ({@code SPOC_KAFKA_CONCURRENCY},
         * default 3 of the 6 partitions): one thread per service left every consumer group draining
         * one record at a time.
         */
        public Options listenerConcurrency(int threads) {
            this.listenerConcurrency = threads;
            return this;
        }

        /** Use {@code -XX:+AutoCreateSharedArchive} per part (default on, JDK 19+). */
        public Options classDataSharing(boolean enabled) {
            this.classDataSharing = enabled;
            return this;
        }

        /**
         * Run each service from its {@code -exec.jar} unpacked into {@code <home>/apps/<part>/} (default
         * on): class data sharing then covers the libraries too. Off: {@code java -jar <the exec jar>}.
         */
        public Options unpackJars(boolean enabled) {
            this.unpackJars = enabled;
            return this;
        }

        /** Where progress lines go (default: nowhere). */
        public Options progress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public Path home() {
            return home;
        }

        public Set<Part> parts() {
            return EnumSet.copyOf(parts);
        }
    }

    /** A part that could not be started: the message names it and carries the tail of its log. */
    public static final class StartException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final @Nullable Part part;

        StartException(@Nullable Part part, String message) {
            super(message);
            this.part = part;
        }

        public @Nullable Part part() {
            return part;
        }
    }

    /** A running part: its process, port, and how long it took to become ready. */
    public record Running(Part part, Process process, int port, Path log, Duration startedIn) {

        public long pid() {
            return process.pid();
        }

        /** Resident set size in KiB (Linux), or -1 when unknown. */
        public long rssKib() {
            return LocalStack.rssKib(process.pid());
        }

        /** CPU time the part's JVM has used so far (user and system), or -1 ms when the OS does not say. */
        public Duration cpuTime() {
            return process.info().totalCpuDuration().orElse(Duration.ofMillis(-1));
        }
    }

    private record Starting(Part part, Process process, int port, Path log, long startedNanos) {
    }

    static final String STATE_FILE = "stack.properties";
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** A JVM without a class-data archive yet writes one as it exits: a few seconds, far more on a busy machine. */
    private static final Duration FIRST_STOP_GRACE = Duration.ofSeconds(60);

    private final Options options;
    private final Map<Part, Integer> ports = new EnumMap<>(Part.class);
    private int smtpPort;
    /** The gateway's actuator (0: a port the gateway picks, outside the free-port range of a stack on fixed ports). */
    private int gatewayManagementPort;
    private final Map<Part, Running> running = new EnumMap<>(Part.class);
    private final List<Process> children = new ArrayList<>();
    /** The newest process of each part launched, ready or not: what {@code ./spoc stop} must find. */
    private final Map<Part, Process> launched = new EnumMap<>(Part.class);
    private final Map<Process, Duration> stopGrace = new java.util.IdentityHashMap<>();
    private final Map<Part, Integer> restarts = new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_RESTARTS = 5;
    /** notification-service's default SMTP port (application.yml), where the mail sink listens on fixed ports. */
    static final int DEFAULT_SMTP_PORT = 2525;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile boolean stopping;
    private String infrastructureClasspath;

    private LocalStack(Options options) {
        this.options = options;
        this.infrastructureClasspath = options.classpath;
    }

    public static Options options() {
        return new Options();
    }

    /** Starts the parts of {@code options} and returns once all are ready; on failure stops what it started. */
    public static LocalStack start(Options options) {
        LocalStack stack = create(options);
        stack.startAll();
        return stack;
    }

    /** A stack not yet started, so a caller can register a shutdown hook before {@link #startAll()}. */
    public static LocalStack create(Options options) {
        return new LocalStack(options);
    }

    public void startAll() {
        checkArtifacts();
        resolvePorts();
        checkPortsFree();
        try {
            Files.createDirectories(options.home.resolve("logs"));
            Files.createDirectories(options.home.resolve("data"));
            Files.createDirectories(options.home.resolve("cds"));
            if (options.classDataSharing) {
                infrastructureClasspath = ClasspathJars.withDirectoriesAsJars(options.classpath, options.home.resolve("cds"));
            }
            List<Starting> infrastructure = new ArrayList<>();
            for (Part part : options.parts) {
                if (part.infrastructure()) {
                    infrastructure.add(launch(part));
                }
            }
            for (Part part : options.parts) {
                if (!part.infrastructure()) {
                    launchJar(part); // unpacks while the infrastructure boots
                }
            }
            awaitReady(infrastructure);
            List<Starting> services = new ArrayList<>();
            for (Part part : options.parts) {
                if (!part.infrastructure()) {
                    services.add(launch(part));
                }
            }
            awaitReady(services);
        }
        catch (IOException ex) {
            stop();
            throw new UncheckedIOException(ex);
        }
        catch (RuntimeException ex) {
            stop();
            throw ex;
        }
    }

    // --- what it hands out

    public int port(Part part) {
        Integer port = ports.get(part);
        if (port == null) {
            throw new IllegalStateException("the stack has not been started");
        }
        return port;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + port(Part.KAFKA);
    }

    public String mongoUri(String database) {
        return "mongodb://127.0.0.1:" + port(Part.STORE) + "/" + database;
    }

    public String idpUrl() {
        return "http://127.0.0.1:" + port(Part.IDP);
    }

    public String jwkSetUri() {
        return idpUrl() + "/auth/jwks";
    }

    /** The portal and API: {@code http://localhost:<gateway port>/}. */
    public String gatewayUrl() {
        return "http://localhost:" + port(Part.GATEWAY) + "/";
    }

    public String issuer() {
        String issuer = options.issuer;
        return issuer != null ? issuer : "http://localhost:" + port(Part.GATEWAY) + "/auth";
    }

    public Path home() {
        return options.home;
    }

    /** True once {@link #stop()} has begun: children exiting now are expected to. */
    public boolean isStopping() {
        return stopping;
    }

    /** The running parts, in start order (Kafka, store, IdP, services, gateway). */
    public synchronized List<Running> running() {
        return List.copyOf(running.values());
    }

    // --- start

    private void checkArtifacts() {
        List<String> missing = new ArrayList<>();
        for (Part part : options.parts) {
            if (!part.infrastructure() && !Files.isRegularFile(jar(part))) {
                missing.add("  " + part.id() + ": " + jar(part));
            }
        }
        if (!missing.isEmpty()) {
            throw new StartException(null, "not built yet:\n" + String.join("\n", missing)
                    + "\nBuild first: ./mvnw -q -B -DskipTests install   (./spoc up does this when a jar is missing)");
        }
    }

    Path jar(Part part) {
        return options.repo.resolve(part.id()).resolve("target").resolve(part.id() + "-0.1.0-SNAPSHOT-exec.jar");
    }

    /**
     * Every port a part listens on is chosen here, distinct from the others, the gateway's management port
     * included: left to the gateway (port 0), it was once bound to the free port chosen for a service that
     * had not bound it yet; that service failed to start, and its readiness probe was answered by the
     * gateway's actuator on its port.
     */
    private void resolvePorts() {
        Set<Integer> taken = new HashSet<>(options.ports.values());
        for (Part part : Part.values()) {
            int port = options.ports.getOrDefault(part, options.freePorts ? 0 : part.defaultPort());
            if (port == 0) {
                port = part == Part.KAFKA ? freePortPair(taken) : freePort(taken);
            }
            ports.put(part, port);
            taken.add(port);
            if (part == Part.KAFKA) {
                taken.add(port + 1);
            }
        }
        smtpPort = options.freePorts ? freePort(taken) : DEFAULT_SMTP_PORT;
        gatewayManagementPort = options.freePorts ? freePort(taken) : 0;
    }

    /** The port of the mail sink the identity provider's process runs for notification-service (see {@link MailSink}). */
    public int smtpPort() {
        return smtpPort;
    }

    private void checkPortsFree() {
        for (Part part : options.parts) {
            List<Integer> needed = switch (part) {
                case KAFKA -> List.of(port(part), port(part) + 1);
                case IDP -> List.of(port(part), smtpPort);
                default -> List.of(port(part));
            };
            for (int port : needed) {
                if (!isFree(port)) {
                    throw new StartException(part, "port " + port + " for " + part.id()
                            + " is already in use: is a stack already running (./spoc status)? "
                            + "Stop it, or start this one on free ports.");
                }
            }
        }
    }

    private Starting launch(Part part) throws IOException {
        return launch(part, false);
    }

    private Starting launch(Part part, boolean appendLog) throws IOException {
        if (stopping) {
            throw new StartException(part, "stopping: " + part.id() + " not started");
        }
        Path log = options.home.resolve("logs").resolve(part.id() + ".log");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // its own session: Ctrl-C in the launcher's terminal reaches the launcher only, which then
            // stops the parts in reverse order (setsid execs java in place, so the pid stays the same)
            command.add(SETSID.toString());
        }
        command.add(options.javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmOptions(part));
        Map<String, String> env = new LinkedHashMap<>(nativeMemoryEnvironment());
        Class<?> mainClass = part.mainClass();
        if (mainClass != null) {
            command.addAll(List.of("-cp", infrastructureClasspath, mainClass.getName()));
            command.addAll(infrastructureArgs(part));
        }
        else {
            command.addAll(List.of("-jar", launchJar(part).toString()));
            env.putAll(serviceEnvironment(part));
            Files.createDirectories(options.home.resolve("data").resolve(part.id()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(options.home.toFile()).redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        options.progress.accept("starting " + part.id() + " on port " + port(part));
        long started = System.nanoTime();
        Duration grace = writesArchiveAtExit(part) ? FIRST_STOP_GRACE : STOP_GRACE;
        Process process;
        synchronized (this) {
            if (stopping) {
                throw new StartException(part, "stopping: " + part.id() + " not started");
            }
            process = builder.start();
            children.add(process);
            launched.put(part, process);
            stopGrace.put(process, grace);
        }
        writeState(); // at once: ./spoc stop and status find a stack that is still starting
        return new Starting(part, process, port(part), log, started);
    }

    /** The service's jar, unpacked for class data sharing when that is on and the jar is a Spring Boot jar. */
    private Path launchJar(Part part) {
        Path jar = jar(part);
        if (!options.classDataSharing || !options.unpackJars) {
            return jar;
        }
        try {
            Path unpacked = BootJars.unpacked(jar, options.home.resolve("apps").resolve(part.id()));
            return unpacked != null ? unpacked : jar;
        }
        catch (IOException | RuntimeException ex) {
            options.progress.accept("cannot unpack " + jar + " (" + ex + "); running it as it is");
            return jar;
        }
    }

    private Path archive(Part part) {
        return options.home.resolve("cds").resolve(part.id() + ".jsa");
    }

    /** True when this part's JVM will write its class-data archive at exit (none yet, or older than its code). */
    private boolean writesArchiveAtExit(Part part) {
        if (!options.classDataSharing || javaFeatureVersion() < 19) {
            return false;
        }
        try {
            Path archive = archive(part);
            if (!Files.exists(archive)) {
                return true;
            }
            List<Path> code = part.infrastructure()
                    ? java.util.Arrays.stream(infrastructureClasspath.split(java.io.File.pathSeparator)).map(Path::of).toList()
                    : List.of(launchJar(part));
            for (Path entry : code) {
                if (Files.isRegularFile(entry)
                        && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(entry)) < 0) {
                    return true;
                }
            }
            return false;
        }
        catch (IOException ex) {
            return true;
        }
    }

    /**
     * How a service's or the gateway's JVM trades start-up against steady throughput. Kafka and the
     * store always run with the full JIT and a larger heap: every request of every service ends there.
     */
    public enum JvmProfile {
        /** C1 only, 256 MB heap: the quickest start and the smallest footprint, for a laptop. */
        STARTUP,
        /** C1 then C2, 384 MB heap: slower to start, more throughput once warm. */
        THROUGHPUT;

        /** {@code startup} or {@code throughput}, as the launcher's and the bench's settings spell it. */
        public static JvmProfile of(String name) {
            for (JvmProfile profile : values()) {
                if (profile.name().equalsIgnoreCase(name)) {
                    return profile;
                }
            }
            throw new IllegalArgumentException("unknown JVM profile '" + name + "': startup or throughput");
        }
    }

    List<String> jvmOptions(Part part) {
        boolean infrastructure = part == Part.KAFKA || part == Part.STORE;
        // the store keeps a page cache and every collection's indexes on its heap: under the serial collector
        // what the cache let go filled the old generation and a full collection stopped every service's
        // reads and writes for 0.3-0.7 s every minute or two; G1 collects the old generation as it goes
        List<String> jvm = new ArrayList<>(part == Part.STORE
                ? List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Xss512k", "-XX:+ExitOnOutOfMemoryError")
                : List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:+ExitOnOutOfMemoryError"));
        if (infrastructure) {
            // the broker's live heap is 55-70 MB here (its log is in the page cache, not the heap) once its log
            // cleaner's dedupe map is small (KafkaBroker); the young generation grows with the limit and every
            // page of it is touched (the bench: peak RSS 505 MiB with 512 MB and the default map, 380 with both changed)
            jvm.add("-Xmx" + (part == Part.KAFKA ? 256 : 384) + "m");
        }
        else if (part == Part.IDP || options.jvmProfile == JvmProfile.STARTUP) {
            // C1 alone gets a 48 MB code cache, and the JVM collects the whole heap whenever code grew by a
            // share of it: 0.1-0.4 s full collections under load, minutes after start. The cache is only
            // reserved, what is used is the same
            jvm.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m", "-Xmx256m"));
        }
        else {
            jvm.add("-Xmx384m");
        }
        if (!infrastructure) {
            // a Spring service loads 60-75 MB of class metadata: starting at the default 21 MB high-water
            // mark cost three full collections (0.2-0.6 s each) while it started
            jvm.add("-XX:MetaspaceSize=96m");
        }
        int feature = javaFeatureVersion();
        if (options.classDataSharing && feature >= 19) {
            jvm.add("-XX:+AutoCreateSharedArchive");
            jvm.add("-XX:SharedArchiveFile=" + archive(part));
            jvm.add("-Xlog:cds=off");
            jvm.add("-Xlog:cds+dynamic=off");
        }
        if (feature >= 23) {
            jvm.add("--sun-misc-unsafe-memory-access=allow"); // Kafka, Netty: no terminal-deprecation warnings
        }
        jvm.add("-Dspoc.part=" + part.id());
        jvm.add("-Dspoc.home=" + options.home); // lets ./spoc status recognise this stack's processes
        return jvm;
    }

    /**
     * glibc gives each thread that allocates natively an arena of its own, up to eight per core, and
     * keeps what it freed there: 20-40 MB of RSS per JVM here (Kafka's, Netty's and the JIT's threads),
     * ten JVMs on one machine. Two arenas are what the JVM's own allocation needs; an operator's
     * setting in the launcher's environment wins.
     */
    static Map<String, String> nativeMemoryEnvironment() {
        return System.getenv().containsKey("MALLOC_ARENA_MAX") ? Map.of() : Map.of("MALLOC_ARENA_MAX", "2");
    }

    private int javaFeatureVersion() {
        if (options.javaHome.equals(Path.of(System.getProperty("java.home")))) {
            return Runtime.version().feature();
        }
        try {
            Properties release = new Properties();
            try (var in = Files.newInputStream(options.javaHome.resolve("release"))) {
                release.load(in);
            }
            String version = release.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
            return Runtime.Version.parse(version).feature();
        }
        catch (IOException | IllegalArgumentException ex) {
            return 0;
        }
    }

    private List<String> infrastructureArgs(Part part) {
        String data = options.home.resolve("data").toString();
        String port = String.valueOf(port(part));
        return switch (part) {
            case KAFKA -> List.of("--port", port, "--data", data);
            case STORE -> List.of("--port", port, "--data", data, "--durability", options.storeDurability);
            case IDP -> List.of("--port", port, "--data", data, "--issuer", issuer(), "--smtp-port",
                    String.valueOf(smtpPort));
            default -> throw new IllegalArgumentException(part + " is not infrastructure");
        };
    }

    /** The environment of a service or the gateway (names read by platform/kit and the services). */
    Map<String, String> serviceEnvironment(Part part) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPOC_PORT", String.valueOf(port(part)));
        env.put("SERVER_PORT", String.valueOf(port(part)));
        env.put("SPOC_KAFKA_BOOTSTRAP", kafkaBootstrap());
        env.put("SPOC_MONGODB_URI", mongoUri(part.id()));
        env.put("SPOC_JWK_SET_URI", jwkSetUri());
        env.put("SPOC_ISSUER", issuer());
        env.put("SPOC_DATA_DIR", options.home.resolve("data").resolve(part.id()).toString());
        env.put("SPOC_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1");
        env.put("SPOC_KAFKA_CONCURRENCY", String.valueOf(options.listenerConcurrency));
        if (part == Part.NOTIFICATION) {
            env.put("SPOC_SMTP_HOST", "127.0.0.1");
            env.put("SPOC_SMTP_PORT", String.valueOf(smtpPort));
        }
        if (part == Part.GATEWAY) {
            env.put("SPOC_TICKET_URL", "http://127.0.0.1:" + port(Part.TICKET));
            env.put("SPOC_ESCALATION_URL", "http://127.0.0.1:" + port(Part.ESCALATION));
            env.put("SPOC_PROBLEM_URL", "http://127.0.0.1:" + port(Part.PROBLEM));
            env.put("SPOC_KNOWLEDGE_URL", "http://127.0.0.1:" + port(Part.KNOWLEDGE));
            env.put("SPOC_NOTIFICATION_URL", "http://127.0.0.1:" + port(Part.NOTIFICATION));
            env.put("SPOC_IDP_URL", idpUrl());
            env.put("SPOC_MANAGEMENT_PORT", String.valueOf(gatewayManagementPort));
        }
        return env;
    }

    private void awaitReady(List<Starting> starting) {
        List<Starting> pending = new ArrayList<>(starting);
        try (Admin admin = pending.stream().anyMatch(s -> s.part() == Part.KAFKA) ? kafkaAdmin() : null) {
            while (!pending.isEmpty()) {
                for (var it = pending.iterator(); it.hasNext();) {
                    Starting part = it.next();
                    if (stopping) {
                        throw new StartException(part.part(), "stopped while " + part.part().id() + " was starting");
                    }
                    if (!part.process().isAlive()) {
                        throw new StartException(part.part(), part.part().id() + " exited with code "
                                + part.process().exitValue() + " while starting" + logTail(part.log()));
                    }
                    if (isReady(part, admin)) {
                        Duration took = Duration.ofNanos(System.nanoTime() - part.startedNanos());
                        synchronized (this) {
                            running.put(part.part(), new Running(part.part(), part.process(), part.port(), part.log(), took));
                        }
                        try {
                            writeState();
                        }
                        catch (IOException ex) {
                            throw new UncheckedIOException(ex);
                        }
                        options.progress.accept("%-20s ready in %5.1f s  (port %d, pid %d)".formatted(part.part().id(),
                                took.toMillis() / 1000.0, part.port(), part.process().pid()));
                        it.remove();
                    }
                    else if (System.nanoTime() - part.startedNanos() > options.startTimeout.toNanos()) {
                        throw new StartException(part.part(), part.part().id() + " was not ready within "
                                + options.startTimeout.toSeconds() + " s" + logTail(part.log()));
                    }
                }
                if (!pending.isEmpty()) {
                    pause(Duration.ofMillis(150));
                }
            }
        }
    }

    private Admin kafkaAdmin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(config);
    }

    private boolean isReady(Starting part, @Nullable Admin admin) {
        return switch (part.part()) {
            case KAFKA -> admin != null && canConnect(part.port()) && kafkaAnswers(admin);
            case STORE -> canConnect(part.port());
            case IDP -> httpOk(part.port(), "/auth/.well-known/openid-configuration", "\"issuer\"");
            default -> httpOk(part.port(), "/actuator/health/readiness", "UP");
        };
    }

    private static boolean kafkaAnswers(Admin admin) {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(1500)).nodes()
                    .get(2, TimeUnit.SECONDS).isEmpty();
        }
        catch (Exception ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private boolean httpOk(int port, String path, String expected) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains(expected);
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    // --- crashes

    /**
     * From now on, a part that exits on its own (a crash, a {@code kill -9}) is started again on the
     * same port and data, up to {@value #MAX_RESTARTS} times; the store, for one, is back in a few
     * seconds and the services' drivers reconnect by themselves. {@code ./spoc up} turns this on.
     */
    public void restartCrashedParts() {
        for (Running part : running()) {
            watch(part);
        }
    }

    private void watch(Running part) {
        part.process().onExit().thenAccept(process -> {
            if (stopping) {
                return;
            }
            int restart = restarts.merge(part.part(), 1, Integer::sum);
            if (restart > MAX_RESTARTS) {
                options.progress.accept("!! " + part.part().id() + " exited with code " + process.exitValue()
                        + " again; not restarting it (see " + part.log() + ")");
                return;
            }
            options.progress.accept("!! " + part.part().id() + " exited with code " + process.exitValue()
                    + "; starting it again (" + restart + "/" + MAX_RESTARTS + ", log " + part.log() + ")");
            Thread.ofPlatform().name("restart-" + part.part().id()).start(() -> {
                try {
                    awaitReady(List.of(launch(part.part(), true)));
                    Running again;
                    synchronized (this) {
                        again = running.get(part.part());
                    }
                    if (again != null) {
                        watch(again);
                    }
                }
                catch (IOException | RuntimeException ex) {
                    options.progress.accept("!! " + part.part().id() + " could not be started again: " + ex.getMessage());
                }
            });
        });
    }

    // --- stop

    /** Stops this stack's own processes in reverse start order: services and gateway, then IdP, store, Kafka. */
    public void stop() {
        List<Process> toStop;
        synchronized (this) {
            stopping = true;
            toStop = new ArrayList<>(children);
        }
        if (toStop.stream().noneMatch(Process::isAlive)) {
            deleteState();
            return;
        }
        options.progress.accept("stopping");
        // services (started last) all at once, then each infrastructure part in reverse order
        List<Process> services = new ArrayList<>();
        List<Process> infrastructure = new ArrayList<>();
        synchronized (this) {
            for (Process process : toStop) {
                Part part = partOf(process);
                if (part != null && part.infrastructure()) {
                    infrastructure.add(0, process);
                }
                else {
                    services.add(process);
                }
            }
        }
        stopTogether(services, grace(services));
        for (Process process : infrastructure) {
            stopTogether(List.of(process), grace(List.of(process)));
        }
        deleteState();
        options.progress.accept("stopped");
    }

    private synchronized @Nullable Part partOf(Process process) {
        return running.values().stream().filter(r -> r.process() == process).map(Running::part).findFirst()
                .orElseGet(() -> process.info().arguments().map(List::of).orElse(List.of()).stream()
                        .filter(arg -> arg.startsWith("-Dspoc.part=")).map(arg -> Part.of(arg.substring(12)))
                        .findFirst().orElse(null));
    }

    private synchronized Duration grace(List<Process> processes) {
        return processes.stream().map(process -> stopGrace.getOrDefault(process, STOP_GRACE))
                .max(Duration::compareTo).orElse(STOP_GRACE);
    }

    private static void stopTogether(List<Process> processes, Duration grace) {
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Process process : processes) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException ex) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    // --- state for ./spoc status

    private synchronized void writeState() throws IOException {
        StringBuilder state = new StringBuilder("# the running local stack, written by org.spoc.local.LocalStack\n");
        state.append("launcher.pid=").append(ProcessHandle.current().pid()).append('\n');
        state.append("launcher.started=").append(startedMillis(ProcessHandle.current())).append('\n');
        state.append("issuer=").append(issuer()).append('\n');
        for (Map.Entry<Part, Process> part : launched.entrySet()) {
            String id = part.getKey().id();
            state.append(id).append(".pid=").append(part.getValue().pid()).append('\n');
            state.append(id).append(".started=").append(startedMillis(part.getValue().toHandle())).append('\n');
            state.append(id).append(".port=").append(port(part.getKey())).append('\n');
            if (!running.containsKey(part.getKey()) || running.get(part.getKey()).process() != part.getValue()) {
                state.append(id).append(".starting=true\n");
            }
        }
        Path file = options.home.resolve(STATE_FILE);
        Path tmp = options.home.resolve(STATE_FILE + ".tmp");
        Files.writeString(tmp, state.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * When a process started, in epoch milliseconds (-1 if unknown): with its pid, what tells it from a
     * later process given the same pid. Its command line cannot: the JDK reads at most 4 KB of it.
     */
    static long startedMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
    }

    private void deleteState() {
        try {
            Path file = options.home.resolve(STATE_FILE);
            if (Files.exists(file)) {
                Properties state = new Properties();
                try (var in = Files.newInputStream(file)) {
                    state.load(in);
                }
                if (String.valueOf(ProcessHandle.current().pid()).equals(state.getProperty("launcher.pid"))) {
                    Files.delete(file);
                }
            }
        }
        catch (IOException ex) {
            // a stale state file is harmless: status checks each pid
        }
    }

    // --- helpers

    /** The children run in the home folder: every classpath entry must be absolute. */
    static String absolute(String classpath) {
        return java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator)).filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    static String logTail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "\n(no log at " + log + ")";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "\n--- last " + tail.size() + " lines of " + log + " ---\n" + String.join("\n", tail);
        }
        catch (IOException | UncheckedIOException ex) {
            return "\n(cannot read " + log + ": " + ex.getMessage() + ")";
        }
    }

    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the parts' servers do: a TIME_WAIT of the last run is no conflict
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("no free port", ex);
        }
    }

    /** A free port none of {@code taken} (ports already chosen, not yet bound). */
    static int freePort(Set<Integer> taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (!taken.contains(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port outside " + taken);
    }

    /** A free port whose next port is free too (Kafka's broker and controller listeners), neither of them in {@code taken}. */
    static int freePortPair(Set<Integer> taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort(taken);
            if (port < 65535 && !taken.contains(port + 1) && isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two adjacent free ports found");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StartException(null, "interrupted while starting");
        }
    }

    @Override
    public String toString() {
        return running().stream().map(r -> r.part().id() + ":" + r.port()).collect(Collectors.joining(", ",
                "LocalStack[", "]"));
    }
}
