package org.spoc.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The command line of the local stack, run by {@code ./spoc}:
 *
 * <pre>
 * up     [--home DIR] [--repo DIR] [--parts kafka,store,idp,...] [--free-ports] [--port-&lt;part&gt; N]
 *        [--store-durability journal|fsync|commit] [--jvm-profile startup|throughput]
 *                                             start, print the portal URL, run until Ctrl-C
 * status [--home DIR]                         the parts of the running stack, their pids and health
 * stop   [--home DIR]                         stop a stack started from another terminal
 * </pre>
 */
public final class Launcher {

    private static final PrintStream out = System.out;

    private Launcher() {
    }

    public static void main(String[] argv) throws Exception {
        String command = argv.length == 0 ? "help" : argv[0];
        Args args = Args.parse(java.util.Arrays.copyOfRange(argv, Math.min(1, argv.length), argv.length));
        Path home = Path.of(args.value("home", System.getenv().getOrDefault("SPOC_HOME", ".spoc"))).toAbsolutePath();
        int exit = switch (command) {
            case "up" -> up(args, home);
            case "status" -> status(home);
            case "stop" -> stop(home);
            case "help", "--help", "-h" -> help();
            default -> {
                System.err.println("unknown command '" + command + "'");
                help();
                yield 2;
            }
        };
        System.exit(exit);
    }

    private static int help() {
        out.println("""
                usage: spoc <command> [options]
                  up      start Kafka, the store, the identity provider, the five services and the gateway
                          --home DIR            state, data and logs (default .spoc)
                          --parts a,b,...       only these parts: kafka, store, idp, ticket-service, escalation-service,
                                                problem-service, knowledge-service, notification-service, gateway
                          --free-ports          pick free ports instead of the defaults (gateway 8080, Kafka 9092, ...)
                          --port-<part> N       a fixed port for one part, e.g. --port-gateway 9080
                          --store-durability M  journal (default: written before the reply, on disk
                                                within 100 ms or at once for j:true, like mongod),
                                                fsync (on disk before every reply) or commit
                          --jvm-profile P       startup (default: C1 only, small heaps) or throughput
                                                (C2, for load; also SPOC_JVM_PROFILE)
                  status  show the running stack
                  stop    stop the stack started from another terminal""");
        return 0;
    }

    // --- up

    private static int up(Args args, Path home) throws InterruptedException {
        if (args.values().containsKey("help")) {
            return help();
        }
        LocalStack.Options options = LocalStack.options().home(home)
                .repo(Path.of(args.value("repo", System.getenv().getOrDefault("SPOC_REPO", "."))))
                .storeDurability(args.value("store-durability", "journal"))
                .jvmProfile(LocalStack.JvmProfile.of(args.value("jvm-profile",
                        System.getenv().getOrDefault("SPOC_JVM_PROFILE", "startup"))))
                .progress(line -> out.println("  " + line));
        String parts = args.value("parts", "");
        if (!parts.isBlank()) {
            options.parts(java.util.Arrays.stream(parts.split(",")).map(Part::of).toList());
        }
        if (args.values().containsKey("free-ports")) {
            options.freePorts();
        }
        for (Part part : Part.values()) {
            String port = args.value("port-" + part.id(), "");
            if (!port.isBlank()) {
                options.port(part, Integer.parseInt(port));
            }
        }
        String issuer = args.value("issuer", "");
        if (!issuer.isBlank()) {
            options.issuer(issuer);
        }

        LocalStack stack = LocalStack.create(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stack.stop();
            stopped.countDown();
        }, "spoc-stop");
        Runtime.getRuntime().addShutdownHook(hook);

        out.println("SPOC local stack: home " + home);
        long started = System.nanoTime();
        try {
            stack.startAll();
        }
        catch (LocalStack.StartException ex) {
            System.err.println();
            System.err.println("SPOC did not start: " + ex.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        printSummary(stack, options, seconds);
        stack.restartCrashedParts();
        stopped.await(); // until Ctrl-C (SIGINT) or SIGTERM runs the shutdown hook
        return 0;
    }

    private static void printSummary(LocalStack stack, LocalStack.Options options, double seconds) {
        out.println();
        out.printf("  %-20s %6s %8s %9s %8s%n", "part", "port", "pid", "ready in", "RSS");
        for (LocalStack.Running part : stack.running()) {
            out.printf("  %-20s %6d %8d %8.1fs %6d MB%n", part.part().id(), part.port(), part.pid(),
                    part.startedIn().toMillis() / 1000.0, part.rssKib() / 1024);
        }
        out.println();
        out.printf("SPOC is up in %.1f s. Logs: %s/logs/%n%n", seconds, options.home());
        boolean gateway = options.parts().contains(Part.GATEWAY);
        String base = gateway ? "http://localhost:" + stack.port(Part.GATEWAY) : stack.idpUrl();
        if (gateway) {
            out.println("  Portal:  " + stack.gatewayUrl());
        }
        if (options.parts().contains(Part.KAFKA)) {
            out.println("  Kafka:   " + stack.kafkaBootstrap());
        }
        if (options.parts().contains(Part.STORE)) {
            out.println("  MongoDB: " + stack.mongoUri(""));
        }
        out.println();
        out.println("Try it (users alice, bob, carol, hank, nora, pete, vera, mia, root; password changeme):");
        out.println();
        out.println("  TOKEN=$(curl -s -X POST " + base + "/auth/token -H 'Content-Type: application/json' \\");
        out.println("            -d '{\"username\":\"alice\",\"password\":\"changeme\"}' | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')");
        if (gateway) {
            out.println("  curl -s -X POST " + base + "/api/tickets -H \"Authorization: Bearer $TOKEN\" \\");
            out.println("       -H 'Content-Type: application/json' \\");
            out.println("       -d '{\"type\":\"INCIDENT\",\"title\":\"VPN drops every ten minutes\",\"description\":\"Since this morning the VPN disconnects every ten minutes.\",\"impact\":\"MEDIUM\",\"urgency\":\"HIGH\"}'");
        }
        out.println();
        out.println("Press Ctrl-C to stop everything.");
    }

    // --- status and stop

    private static int status(Path home) throws IOException, InterruptedException {
        Optional<Properties> state = readState(home);
        if (state.isEmpty()) {
            out.println("No SPOC stack is running from " + home + ".");
            return 1;
        }
        Properties properties = state.get();
        String launcherPid = properties.getProperty("launcher.pid", "?");
        boolean launcherAlive = ownProcess(properties, "launcher", home).isPresent();
        out.println("SPOC stack in " + home + " (launcher pid " + launcherPid + (launcherAlive ? "" : ", NOT running") + ")");
        out.printf("  %-20s %6s %8s %-8s %8s%n", "part", "port", "pid", "health", "RSS");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        boolean allUp = launcherAlive;
        for (Part part : Part.values()) {
            String pid = properties.getProperty(part.id() + ".pid");
            if (pid == null) {
                continue;
            }
            int port = Integer.parseInt(properties.getProperty(part.id() + ".port", "0"));
            String health = ownProcess(properties, part.id(), home).isEmpty() ? "DEAD" : healthy(http, part, port) ? "UP"
                    : Boolean.parseBoolean(properties.getProperty(part.id() + ".starting")) ? "STARTING" : "DOWN";
            allUp &= health.equals("UP");
            out.printf("  %-20s %6d %8s %-8s %6d MB%n", part.id(), port, pid, health,
                    LocalStack.rssKib(Long.parseLong(pid)) / 1024);
        }
        return allUp ? 0 : 3;
    }

    private static boolean healthy(HttpClient http, Part part, int port) throws InterruptedException {
        String path = switch (part) {
            case KAFKA, STORE -> null;
            case IDP -> "/auth/.well-known/openid-configuration";
            default -> "/actuator/health/readiness";
        };
        if (path == null) {
            return LocalStack.canConnect(port);
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static int stop(Path home) throws IOException {
        Optional<Properties> state = readState(home);
        if (state.isEmpty()) {
            out.println("No SPOC stack is running from " + home + ".");
            return 0;
        }
        Properties properties = state.get();
        // the launcher stops its parts in reverse order (each gets 20 s, then is killed)
        Optional<ProcessHandle> launcher = ownProcess(properties, "launcher", home);
        launcher.ifPresent(process -> stopProcess(process, "the launcher", Duration.ofSeconds(150)));
        // whatever is left (the launcher was killed, or gave up): stop the parts themselves, newest first
        List<Part> parts = new ArrayList<>(List.of(Part.values()));
        java.util.Collections.reverse(parts);
        for (Part part : parts) {
            ownProcess(properties, part.id(), home)
                    .ifPresent(process -> stopProcess(process, part.id(), Duration.ofSeconds(30)));
        }
        Files.deleteIfExists(home.resolve(LocalStack.STATE_FILE));
        out.println("stopped");
        return 0;
    }

    private static void stopProcess(ProcessHandle process, String what, Duration grace) {
        out.println("stopping " + what + " (pid " + process.pid() + ")");
        process.destroy();
        try {
            process.onExit().get(grace.toSeconds(), TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            out.println(what + " (pid " + process.pid() + ") did not stop within " + grace.toSeconds() + " s; killing it");
            process.destroyForcibly();
        }
    }

    /**
     * The process the state names {@code <name>.pid}, only if it is still that process (pids get reused):
     * it started when the state says, or, in a state without start times, its command line shows it.
     */
    private static Optional<ProcessHandle> ownProcess(Properties state, String name, Path home) {
        String pid = state.getProperty(name + ".pid");
        if (pid == null) {
            return Optional.empty();
        }
        long started = Long.parseLong(state.getProperty(name + ".started", "-1"));
        return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).filter(process -> {
            if (started >= 0) {
                return LocalStack.startedMillis(process) == started;
            }
            String commandLine = process.info().commandLine().orElse("");
            return name.equals("launcher") ? commandLine.contains(Launcher.class.getName())
                    : commandLine.contains("-Dspoc.home=" + home);
        });
    }

    private static Optional<Properties> readState(Path home) throws IOException {
        Path file = home.resolve(LocalStack.STATE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return Optional.of(properties);
    }
}
