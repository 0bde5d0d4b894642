package org.spoc.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's own behaviour, with stand-in service jars: no broker, no store. */
class LocalStackTests {

    @TempDir
    Path repo;

    @TempDir
    Path home;

    @Test
    void refusesToStartWhenAServiceJarIsMissingAndSaysHowToBuildIt() {
        LocalStack.Options options = LocalStack.options().home(home).repo(repo).freePorts().parts(Part.TICKET, Part.GATEWAY);

        assertThatThrownBy(() -> LocalStack.start(options)).isInstanceOf(LocalStack.StartException.class)
                .hasMessageContaining("not built yet")
                .hasMessageContaining(repo.resolve("ticket-service/target/ticket-service-0.1.0-SNAPSHOT-exec.jar").toString())
                .hasMessageContaining(repo.resolve("gateway/target/gateway-0.1.0-SNAPSHOT-exec.jar").toString())
                .hasMessageContaining("./mvnw -q -B -DskipTests install");
        assertThat(home.resolve("logs")).doesNotExist();
    }

    @Test
    void namesThePartAndShowsItsLogWhenItDiesWhileStarting() throws IOException {
        Path jar = serviceJar(Part.PROBLEM);
        Files.writeString(jar, "not a jar");

        assertThatThrownBy(() -> LocalStack.start(LocalStack.options().home(home).repo(repo).freePorts().parts(Part.PROBLEM)))
                .isInstanceOfSatisfying(LocalStack.StartException.class, ex -> assertThat(ex.part()).isEqualTo(Part.PROBLEM))
                .hasMessageContaining("problem-service exited with code 1 while starting")
                .hasMessageContaining("last 1 lines of " + home.resolve("logs/problem-service.log"))
                .hasMessageContaining("Invalid or corrupt jarfile");
    }

    @Test
    void givesUpOnAPartThatIsNotReadyInTimeAndStopsIt() throws IOException {
        writeJar(serviceJar(Part.KNOWLEDGE), NeverReady.class);

        long started = System.nanoTime();
        assertThatThrownBy(() -> LocalStack.start(LocalStack.options().home(home).repo(repo).freePorts()
                .parts(Part.KNOWLEDGE).startTimeout(Duration.ofSeconds(3))))
                .isInstanceOfSatisfying(LocalStack.StartException.class, ex -> assertThat(ex.part()).isEqualTo(Part.KNOWLEDGE))
                .hasMessageContaining("knowledge-service was not ready within 3 s")
                .hasMessageContaining("still booting");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains("-Dspoc.home=" + home))).as("processes of this stack still alive").isEmpty();
    }

    @Test
    void stopFindsAStackThatIsStillStartingAndStopsItsLauncherAndParts() throws Exception {
        writeJar(serviceJar(Part.KNOWLEDGE), NeverReady.class);
        Path state = home.resolve(LocalStack.STATE_FILE);

        try (ChildJvm up = ChildJvm.start(Launcher.class, home.resolve("up.log"), "up", "--home", home.toString(),
                "--repo", repo.toString(), "--parts", "knowledge-service", "--free-ports")) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(up.process().isAlive()).as("launcher: %s", up.log()).isTrue();
                assertThat(state).exists().content().contains("knowledge-service.starting=true");
            });
            Properties written = new Properties();
            try (InputStream in = Files.newInputStream(state)) {
                written.load(in);
            }
            assertThat(written.getProperty("launcher.pid")).isEqualTo(String.valueOf(up.process().pid()));
            ProcessHandle part = ProcessHandle.of(Long.parseLong(written.getProperty("knowledge-service.pid"))).orElseThrow();

            try (ChildJvm stop = ChildJvm.start(Launcher.class, home.resolve("stop.log"), "stop", "--home", home.toString())) {
                assertThat(stop.process().waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as("stop: %s", stop.log()).isTrue();
                assertThat(stop.process().exitValue()).isZero();
                assertThat(stop.log()).as("up.log: %s", up.log()).contains("stopping the launcher (pid " + up.process().pid() + ")").contains("stopped");
            }
            assertThat(up.process().isAlive()).as("launcher").isFalse();
            assertThat(part.isAlive()).as("the part that was starting").isFalse();
            assertThat(state).doesNotExist();
        }
    }

    @Test
    void refusesAPortThatIsAlreadyTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            LocalStack.Options options = LocalStack.options().home(home).repo(repo).parts(Part.STORE)
                    .port(Part.STORE, taken.getLocalPort());

            assertThatThrownBy(() -> LocalStack.start(options))
                    .isInstanceOfSatisfying(LocalStack.StartException.class, ex -> assertThat(ex.part()).isEqualTo(Part.STORE))
                    .hasMessageContaining("port " + taken.getLocalPort() + " for store is already in use");
        }
    }

    @Test
    void startsServicesFromTheirJarsWithTheirEnvironmentAndStopsThem() throws IOException {
        writeBootJar(serviceJar(Part.TICKET), FakeService.class);
        writeJar(serviceJar(Part.GATEWAY), FakeService.class);

        List<ProcessHandle> processes;
        try (LocalStack stack = LocalStack.start(LocalStack.options().home(home).repo(repo).freePorts()
                .parts(Part.TICKET, Part.GATEWAY))) {
            assertThat(stack.running()).extracting(LocalStack.Running::part).containsExactly(Part.TICKET, Part.GATEWAY);
            processes = stack.running().stream().map(running -> running.process().toHandle()).toList();

            Properties ticket = env(Part.TICKET);
            assertThat(ticket.getProperty("SPOC_PORT")).isEqualTo(String.valueOf(stack.port(Part.TICKET)));
            assertThat(ticket.getProperty("SPOC_KAFKA_BOOTSTRAP")).isEqualTo("127.0.0.1:" + stack.port(Part.KAFKA));
            assertThat(ticket.getProperty("SPOC_MONGODB_URI"))
                    .isEqualTo("mongodb://127.0.0.1:" + stack.port(Part.STORE) + "/ticket-service");
            assertThat(ticket.getProperty("SPOC_JWK_SET_URI")).isEqualTo("http://127.0.0.1:" + stack.port(Part.IDP) + "/auth/jwks");
            assertThat(ticket.getProperty("SPOC_ISSUER")).isEqualTo("http://localhost:" + stack.port(Part.GATEWAY) + "/auth");
            assertThat(ticket.getProperty("SPOC_DATA_DIR")).isEqualTo(home.resolve("data/ticket-service").toString());
            assertThat(ticket.getProperty("SPOC_TICKET_URL")).isNull();
            assertThat(ticket.getProperty("MALLOC_ARENA_MAX")).as("native arenas capped")
                    .isEqualTo(System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2"));

            Properties gateway = env(Part.GATEWAY);
            assertThat(gateway.getProperty("SPOC_TICKET_URL")).isEqualTo("http://127.0.0.1:" + stack.port(Part.TICKET));
            assertThat(gateway.getProperty("SPOC_ESCALATION_URL")).isEqualTo("http://127.0.0.1:" + stack.port(Part.ESCALATION));
            assertThat(gateway.getProperty("SPOC_PROBLEM_URL")).isEqualTo("http://127.0.0.1:" + stack.port(Part.PROBLEM));
            assertThat(gateway.getProperty("SPOC_KNOWLEDGE_URL")).isEqualTo("http://127.0.0.1:" + stack.port(Part.KNOWLEDGE));
            assertThat(gateway.getProperty("SPOC_NOTIFICATION_URL")).isEqualTo("http://127.0.0.1:" + stack.port(Part.NOTIFICATION));
            assertThat(gateway.getProperty("SPOC_IDP_URL")).isEqualTo("http://127.0.0.1:" + stack.port(Part.IDP));
            assertThat(gateway.getProperty("SPOC_WEBHOOK_ALLOWED_HOSTS")).isEqualTo("127.0.0.1");
            assertThat(gateway.getProperty("SPOC_KAFKA_CONCURRENCY")).as("listener threads per container").isEqualTo("3");
            // every port of the stack is chosen by the stack, once: the gateway's actuator cannot take a service's
            List<Integer> ports = new java.util.ArrayList<>(java.util.Arrays.stream(Part.values()).map(stack::port).toList());
            ports.add(stack.port(Part.KAFKA) + 1);
            ports.add(stack.smtpPort());
            ports.add(Integer.valueOf(gateway.getProperty("SPOC_MANAGEMENT_PORT")));
            assertThat(ports).doesNotHaveDuplicates().doesNotContain(0);

            assertThat(processes.getFirst().info().arguments().map(List::of).orElse(List.of()))
                    .contains("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m", "-XX:MetaspaceSize=96m",
                            "-XX:+UseSerialGC", "-Xss512k", "-Xmx256m",
                            "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + home.resolve("cds/ticket-service.jsa"));
            assertThat(processes.getFirst().info().arguments().map(List::of).orElse(List.of()))
                    .as("a Spring Boot jar runs unpacked").containsSubsequence("-jar",
                            home.resolve("apps/ticket-service/ticket-service.jar").toString());
            assertThat(home.resolve("apps/ticket-service/lib/spoc-fake-lib-1.0.jar")).exists();
            assertThat(processes.getLast().info().arguments().map(List::of).orElse(List.of()))
                    .as("any other jar runs as it is").containsSubsequence("-jar", serviceJar(Part.GATEWAY).toString());
            assertThat(home.resolve("logs/gateway.log")).content().contains("fake service up");
            assertThat(home.resolve(LocalStack.STATE_FILE)).content()
                    .contains("ticket-service.pid=" + processes.getFirst().pid());
        }
        assertThat(processes).allSatisfy(process -> assertThat(process.isAlive()).isFalse());
        assertThat(home.resolve(LocalStack.STATE_FILE)).doesNotExist();
    }

    @Test
    void startsAPartAgainWhenItIsKilled() throws IOException {
        writeJar(serviceJar(Part.NOTIFICATION), FakeService.class);

        try (LocalStack stack = LocalStack.start(LocalStack.options().home(home).repo(repo).freePorts()
                .parts(Part.NOTIFICATION))) {
            stack.restartCrashedParts();
            ProcessHandle first = stack.running().getFirst().process().toHandle();

            first.destroyForcibly(); // kill -9

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                LocalStack.Running again = stack.running().getFirst();
                assertThat(again.pid()).isNotEqualTo(first.pid());
                assertThat(again.process().isAlive()).isTrue();
                assertThat(LocalStack.canConnect(stack.port(Part.NOTIFICATION))).isTrue();
            });
            assertThat(home.resolve(LocalStack.STATE_FILE)).content()
                    .contains("notification-service.pid=" + stack.running().getFirst().pid());
            assertThat(home.resolve("logs/notification-service.log")).content()
                    .as("the log of the first run is kept").contains("fake service up");
        }
    }

    private Properties env(Part part) throws IOException {
        Properties env = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("data").resolve(part.id()).resolve("env.properties"))) {
            env.load(in);
        }
        return env;
    }

    private Path serviceJar(Part part) throws IOException {
        Path jar = repo.resolve(part.id()).resolve("target").resolve(part.id() + "-0.1.0-SNAPSHOT-exec.jar");
        Files.createDirectories(jar.getParent());
        return jar;
    }

    /** A Spring Boot executable jar's layout around {@code main}'s class file, with one (empty) library. */
    private static void writeBootJar(Path jar, Class<?> main) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        manifest.getMainAttributes().putValue("Start-Class", main.getName());
        String entry = main.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
                InputStream classFile = main.getClassLoader().getResourceAsStream(entry)) {
            assertThat(classFile).isNotNull();
            jarOut.putNextEntry(new JarEntry("BOOT-INF/classes/" + entry));
            classFile.transferTo(jarOut);
            jarOut.closeEntry();
            jarOut.putNextEntry(new JarEntry("BOOT-INF/lib/spoc-fake-lib-1.0.jar"));
            java.io.ByteArrayOutputStream emptyJar = new java.io.ByteArrayOutputStream();
            new JarOutputStream(emptyJar, new Manifest()).close();
            jarOut.write(emptyJar.toByteArray());
            jarOut.closeEntry();
            jarOut.putNextEntry(new JarEntry("BOOT-INF/classpath.idx"));
            jarOut.write("- \"BOOT-INF/lib/spoc-fake-lib-1.0.jar\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
    }

    /** A runnable jar holding only {@code main}'s class file (the class must use the JDK only). */
    private static void writeJar(Path jar, Class<?> main) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        String entry = main.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
                InputStream classFile = main.getClassLoader().getResourceAsStream(entry)) {
            assertThat(classFile).isNotNull();
            jarOut.putNextEntry(new JarEntry(entry));
            classFile.transferTo(jarOut);
            jarOut.closeEntry();
        }
    }
}
