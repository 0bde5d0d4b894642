package org.spoc.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.EventJson;
import org.spoc.local.LocalStack;
import org.spoc.local.Part;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code bench/run}: starts the whole platform (LocalStack, free ports, a temporary home), measures it
 * under open-loop load side by side with the raw limits of this machine measured in the same run, and
 * writes {@code results.md}, {@code results.json} and PNG plots under {@code bench/results/<timestamp>/}.
 *
 * <p>Arguments {@code key=value}: {@code mode} ({@code quick}, about 4-6 minutes after start-up, or
 * {@code full}); every figure below can be set on its own — see {@link Config}.
 */
public final class Bench {

    private static final double CREATE_P99_OBJECTIVE_MS = 100;
    private static final String[] REQUESTERS = {"alice", "bob", "carol"};
    /** Tickets per write of the clock seed (their timing-wheel entries in one bulk write, then one insertMany). */
    private static final int SEED_BATCH = 1_000;

    private final Config config;
    private final Path repo;
    private final Path out;
    private final long startNanos = System.nanoTime();
    private final Progress progress;
    private final Results results = new Results();
    private final HttpClient http;
    private final List<Double> loadAverages = new ArrayList<>();
    private final Map<Part, Long> peakRssKib = new ConcurrentHashMap<>();
    private final AtomicLong peakTotalRssKib = new AtomicLong();
    private volatile @Nullable LocalStack stack;
    /** The stack whose memory the report gives: the measured one, not the first start's while it stops. */
    private volatile @Nullable LocalStack sampled;
    private volatile boolean sampling = true;

    private Bench(Config config, Path repo, Path out) {
        this.config = config;
        this.repo = repo;
        this.out = out;
        this.progress = new Progress(System.out, Boolean.getBoolean("spoc.bench.terminal"), startNanos);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("bench-http-", 0).factory()))
                .build();
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Config config = Config.parse(args);
        Path repo = Path.of(System.getProperty("spoc.repo", "")).toAbsolutePath().normalize();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path out = config.out != null ? Path.of(config.out) : repo.resolve("bench/results").resolve(stamp);
        Files.createDirectories(out.resolve("logs"));
        Bench bench = new Bench(config, repo, out);
        int code = bench.run();
        System.exit(code);
    }

    private int run() throws Exception {
        progress.line("SPOC benchmark, mode " + config.mode + ", results in " + repo.relativize(out.toAbsolutePath()));
        results.machine = Machine.describe();
        progress.line("machine: " + results.machine.summary());
        Thread sampler = Thread.ofPlatform().daemon().name("bench-sampler").start(this::sample);
        Path home = Files.createTempDirectory("spoc-bench-");
        LocalStack created = createStack(home);
        stack = created;
        sampled = created;
        Thread hook = new Thread(() -> {
            LocalStack current = stack;
            if (current != null) {
                current.stop();
            }
        }, "bench-stack-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            double firstStart = startUp(created);
            if (classDataSharing()) {
                results.coldStartupSeconds = firstStart;
                // the first start in a home has no class-data archives (each part writes its own as it stops):
                // that is every start after a build; ./spoc up's next start uses them, and so does this one
                progress.line("stopping the platform to start it again with the class-data archives it writes");
                // each JVM writing its archive as it exits briefly holds 100-250 MB more: not the platform's
                // memory under load (it was most of the peak the report gave, 3,332 MiB in 20261124-031042)
                synchronized (peakRssKib) { // not while the sampler adds a sample
                    sampled = null;
                    peakRssKib.clear();
                    peakTotalRssKib.set(0);
                }
                created.stop();
                // without its data, as rm -rf .spoc/data does: the first stack's consumer groups (each replica
                // has groups of its own for its live streams and search index) would stay behind in Kafka
                deleteQuietly(home.resolve("data"));
                created = createStack(home);
                stack = created;
                sampled = created;
                results.startupSeconds = startUp(created);
            }
            else {
                results.startupSeconds = firstStart;
            }
            measure(created);
        }
        catch (RuntimeException ex) {
            progress.line("!! the run stopped early: " + ex);
            results.notes.add("The run stopped early: " + OpenLoop.abbreviate(String.valueOf(ex)));
            ex.printStackTrace(System.err);
        }
        finally {
            sampling = false;
            progress.line("stopping the platform");
            stack.stop();
            Runtime.getRuntime().removeShutdownHook(hook);
            copyJfr(home);
            copyPartLogs(home);
        }
        if (config.search) {
            searchBenchmark();
        }
        sampler.join(2_000);
        results.loadAverages = List.copyOf(loadAverages);
        results.peakRssKib = Map.copyOf(peakRssKib);
        results.peakTotalRssKib = peakTotalRssKib.get();
        results.config = config.describe();
        results.wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        Report.write(results, out);
        progress.line("wrote " + out.resolve("results.md"));
        System.out.println();
        System.out.println(Files.readString(out.resolve("results.md")));
        deleteQuietly(home);
        return 0;
    }

    // --- start-up and memory

    private LocalStack createStack(Path home) {
        return LocalStack.create(LocalStack.options().home(home).repo(repo)
                .classpath(repo.resolve("deploy/local/target/classes") + File.pathSeparator
                        + repo.resolve("deploy/local/target/lib") + "/*")
                .freePorts().startTimeout(Duration.ofSeconds(240)).storeDurability(config.storeDurability)
                .jvmProfile(LocalStack.JvmProfile.of(config.jvmProfile))
                .listenerConcurrency(config.listenerConcurrency)
                .progress(message -> progress.line("  stack: " + message))
                .classDataSharing(classDataSharing()));
    }

    /** A JVM writing its class-data archive at exit (always, in a fresh home) runs without JFR. */
    private static boolean classDataSharing() {
        return System.getProperty("spoc.bench.jfr") == null;
    }

    /** Starts every part; answers the seconds until all were ready, and keeps each part's figures. */
    private double startUp(LocalStack stack) {
        progress.line("starting the platform on free ports in " + stack.home());
        long started = System.nanoTime();
        stack.startAll();
        double seconds = (System.nanoTime() - started) / 1e9;
        for (LocalStack.Running part : stack.running()) {
            results.partStartup.put(part.part().id(), part.startedIn().toMillis() / 1000.0);
            results.rssAfterStartKib.put(part.part().id(), part.rssKib());
        }
        progress.line("platform up in %.1f s, RSS %,d MiB".formatted(seconds,
                results.rssAfterStartKib.values().stream().mapToLong(Long::longValue).sum() / 1024));
        return seconds;
    }

    private void sample() {
        while (sampling) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (load >= 0) {
                synchronized (loadAverages) {
                    loadAverages.add(load);
                }
            }
            synchronized (peakRssKib) {
                LocalStack current = sampled;
                if (current != null) {
                    long total = 0;
                    for (LocalStack.Running part : current.running()) {
                        long rss = part.rssKib();
                        if (rss > 0) {
                            total += rss;
                            peakRssKib.merge(part.part(), rss, Math::max);
                        }
                    }
                    peakTotalRssKib.accumulateAndGet(total, Math::max);
                }
            }
            try {
                Thread.sleep(2_000);
            }
            catch (InterruptedException ex) {
                return;
            }
        }
    }

    // --- the measurements

    private void measure(LocalStack stack) throws Exception {
        Api api = new Api(http, stack.gatewayUrl());
        for (String user : List.of("alice", "bob", "carol", "root", "hank")) {
            api.token(user);
        }
        results.gatewayRateLimitRaised = System.getenv("SPOC_GATEWAY_RATELIMIT_PERUSER_REFILLPERSECOND") != null;
        if (!results.gatewayRateLimitRaised) {
            results.notes.add("The gateway's per-user (20/s) and per-client (100/s) rate limits were NOT raised: "
                    + "run through bench/run, which raises them for the benchmark's stack only.");
        }
        seedArticles(api);
        OpenLoop loop = new OpenLoop(http, startNanos);
        String direct = "http://127.0.0.1:" + stack.port(Part.TICKET);
        try (EventWatch watch = new EventWatch(stack.kafkaBootstrap());
                MongoClient escalationStore = MongoClients.create(stack.mongoUri(Part.ESCALATION.id()))) {
            registerWebhook(api, watch);
            // warm-up: the services' JIT, connection pools, topics' metadata
            results.warmup.add(loop.run("warm-up through the gateway", "gateway", config.warmupRate,
                    Duration.ofSeconds(config.warmupSeconds), i -> create(api.gateway(), api, i), (r, t) -> { }, progress));
            results.warmup.add(loop.run("warm-up direct to ticket-service", "direct", config.warmupRate,
                    Duration.ofSeconds(Math.max(3, config.warmupSeconds / 2)), i -> create(direct, api, i), (r, t) -> { },
                    progress));
            // the raw store rate is the store's, not what is left of it while the services catch up
            awaitConsumers(stack.kafkaBootstrap(), "before the baselines");
            baselines(stack, watch);
            awaitGatewayCreates(api);
            steps(Map.of("gateway", api.gateway(), "direct", direct), api, loop, stack.kafkaBootstrap());
            results.backlogBeforePipeline = awaitConsumers(stack.kafkaBootstrap(), "before the pipeline phase");
            pipeline(api, loop, watch);
            MongoDatabase escalation = escalationStore.getDatabase(Part.ESCALATION.id());
            seedClocks(escalation);
            sla(api, loop, watch, escalation);
            // the breaches' notifications and escalations are the SLA phase's, not the searches' queue
            awaitConsumers(stack.kafkaBootstrap(), "before the search phase");
            apiSearch(api, loop);
        }
    }

    /** Same-run baselines: raw store inserts, Kafka's ProducerPerformance and EndToEndLatency. */
    private void baselines(LocalStack stack, EventWatch watch) throws Exception {
        int recordSize = watch.recordSize("spoc.ticket.opened.v1", 1024);
        results.recordSize = recordSize;
        results.storeInsertsPerSecond = storeInserts(stack, recordSize);
        progress.line("baseline: raw store inserts %,.0f/s (%d threads, %d-byte documents)".formatted(
                results.storeInsertsPerSecond, config.storeThreads, recordSize));
        int partitions;
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        try (Admin client = Admin.create(admin)) {
            partitions = client.describeTopics(List.of("spoc.ticket.events.v1")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("spoc.ticket.events.v1").partitions().size();
            client.createTopics(List.of(new NewTopic("spoc.bench.raw.v1", partitions, (short) 1),
                    new NewTopic("spoc.bench.e2e.v1", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        results.ticketTopicPartitions = partitions;
        String perf = tool("kafka-producer-performance", Duration.ofSeconds(300), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", "spoc.bench.raw.v1", "--num-records", String.valueOf(config.kafkaRecords), "--record-size",
                String.valueOf(recordSize), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + stack.kafkaBootstrap(), "acks=all");
        Matcher rate = Pattern.compile("([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\)").matcher(lastLineWith(perf, "records sent"));
        if (rate.find()) {
            results.kafkaRecordsPerSecond = Double.parseDouble(rate.group(1));
        }
        progress.line("baseline: Kafka ProducerPerformance %,.0f records/s (%,d records of %d bytes, acks=all, %d partitions)"
                .formatted(results.kafkaRecordsPerSecond, config.kafkaRecords, recordSize, partitions));
        String e2e = tool("kafka-end-to-end-latency", Duration.ofSeconds(300), "org.apache.kafka.tools.EndToEndLatency",
                stack.kafkaBootstrap(), "spoc.bench.e2e.v1", String.valueOf(config.e2eRecords), "all", String.valueOf(recordSize));
        Matcher percentiles = Pattern.compile("50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)").matcher(e2e);
        if (percentiles.find()) {
            results.kafkaE2eP50Ms = Double.parseDouble(percentiles.group(1));
            results.kafkaE2eP99Ms = Double.parseDouble(percentiles.group(2));
            results.kafkaE2eP999Ms = Double.parseDouble(percentiles.group(3));
        }
        Matcher avg = Pattern.compile("Avg latency: ([0-9.]+) ms").matcher(e2e);
        if (avg.find()) {
            results.kafkaE2eAvgMs = Double.parseDouble(avg.group(1));
        }
        progress.line("baseline: Kafka end-to-end latency of a bare record p50 %.0f ms, p99 %.0f ms (%,d records)"
                .formatted(results.kafkaE2eP50Ms, results.kafkaE2eP99Ms, config.e2eRecords));
    }

    private double storeInserts(LocalStack stack, int size) throws Exception {
        String filler = "x".repeat(Math.max(0, size - 200));
        try (MongoClient client = MongoClients.create(stack.mongoUri("spoc-bench"))) {
            MongoCollection<Document> collection = client.getDatabase("spoc-bench").getCollection("inserts");
            collection.insertOne(new Document("warm", true));
            AtomicLong inserted = new AtomicLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.storeSeconds);
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(config.storeThreads);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < config.storeThreads; t++) {
                    int thread = t;
                    workers.add(pool.submit(() -> {
                        long n = 0;
                        while (System.nanoTime() < deadline) {
                            collection.insertOne(new Document("thread", thread).append("n", n++).append("title", "Printer jams")
                                    .append("status", "NEW").append("openedAt", new java.util.Date()).append("body", filler));
                            inserted.incrementAndGet();
                        }
                    }));
                }
                while (System.nanoTime() < deadline) {
                    progress.update("baseline: raw store inserts", (System.nanoTime() - started) / 1e9, config.storeSeconds,
                            "%,d inserted".formatted(inserted.get()));
                    Thread.sleep(250);
                }
                for (Future<?> worker : workers) {
                    worker.get(60, TimeUnit.SECONDS);
                }
            }
            finally {
                pool.shutdownNow();
            }
            return inserted.get() / ((System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Sends one create at a time through the gateway until five in a row are answered. Creates that timed
     * out (a warm-up faster than the platform, say) open the route's circuit breaker, and the gateway answers
     * 503 until it has probed ticket-service again: the first step would measure those seconds, not its rate.
     */
    private void awaitGatewayCreates(Api api) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int inRow = 0;
        int refused = 0;
        for (long i = 0; inRow < 5; i++) {
            if (System.nanoTime() > deadline) {
                results.notes.add("The gateway still refused creates 60 s after the warm-up (%d refused)".formatted(refused));
                return;
            }
            int status = http.send(create(api.gateway(), api, i), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 201) {
                inRow++;
            }
            else {
                inRow = 0;
                refused++;
                Thread.sleep(500); // the breaker's own wait is seconds: no need to ask faster
            }
        }
        if (refused > 0) {
            progress.line("gateway: %d creates refused after the warm-up before five in a row were answered".formatted(refused));
            results.notes.add("After the warm-up the gateway refused %d creates (circuit breaker) before the steps began".formatted(refused));
        }
    }

    /**
     * Steps the offered rate, at each rate through the gateway and then straight to ticket-service, so the
     * two see the same conditions (the machine's other load, the store's size) and their difference is the
     * gateway's. A target stops after a step that misses p99 <= 100 ms, 95 % answered or 1 % errors, and
     * either answered under 90 % of what was offered or was its second such step in a row: a step that only
     * misses the latency objective still shows where throughput levels off.
     */
    private void steps(Map<String, String> baseUrls, Api api, OpenLoop loop, String kafkaBootstrap) throws Exception {
        Map<String, Integer> missed = new LinkedHashMap<>();
        for (double rate : config.steps) {
            for (String target : List.of("gateway", "direct")) {
                if (missed.getOrDefault(target, 0) < 0) {
                    continue; // stopped
                }
                String baseUrl = baseUrls.get(target);
                OpenLoop.Result result = loop.run("creates " + target + " " + (int) rate + "/s", target, rate,
                        stepLength(rate), i -> create(baseUrl, api, i), (r, t) -> { }, progress);
                (target.equals("gateway") ? results.gatewaySteps : results.directSteps).add(result);
                progress.line("%-8s offered %5.0f/s achieved %6.1f/s p50 %7.1f ms p99 %8.1f ms errors %d%s".formatted(
                        target, rate, result.achieved(), result.p50Ms(), result.p99Ms(), result.errors() + result.shed(),
                        result.sustained(CREATE_P99_OBJECTIVE_MS) ? "" : "  <- not sustained"
                                + (result.firstError().isEmpty() ? "" : " (" + result.firstError() + ")")));
                // each step starts with the consumers caught up, so it measures its own rate, not the backlog
                // of the step before; how long they took shows whether the platform, not only the create, kept up
                results.stepBacklogs.put(result.label(), Backlog.of(awaitConsumers(kafkaBootstrap, "after " + result.label())));
                if (!result.sustained(CREATE_P99_OBJECTIVE_MS)) {
                    int misses = missed.merge(target, 1, Integer::sum);
                    if (misses >= 2 || result.achieved() < 0.9 * rate) {
                        missed.put(target, -1);
                    }
                }
            }
            if (missed.values().stream().filter(m -> m < 0).count() == baseUrls.size()) {
                break;
            }
        }
    }

    /** A step's length: {@code step-seconds}, longer where that would send fewer than {@code step-min-requests}. */
    private Duration stepLength(double rate) {
        return Duration.ofSeconds(Math.max(config.stepSeconds, (long) Math.ceil(config.stepMinRequests / rate)));
    }

    /**
     * Waits (bounded) until the services' consumer groups have caught up with what the steps produced,
     * so the pipeline figure measures latency, not the backlog; the drain itself shows each group's
     * consumer throughput. Returns, per group, the lag at the start, the lag left and the seconds waited.
     */
    private Map<String, Object> awaitConsumers(String bootstrap, String when) throws Exception {
        Map<String, Object> drained = new LinkedHashMap<>();
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(config)) {
            long started = System.nanoTime();
            Map<String, Long> first = null;
            Map<String, Long> lag = Map.of();
            Map<String, Double> caughtUpAt = new LinkedHashMap<>();
            while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(this.config.drainSeconds * 3L)) {
                lag = lag(admin);
                if (first == null) {
                    first = lag;
                }
                double elapsed = (System.nanoTime() - started) / 1e9;
                lag.forEach((group, left) -> {
                    if (left == 0) {
                        caughtUpAt.putIfAbsent(group, elapsed);
                    }
                });
                long total = lag.values().stream().mapToLong(Long::longValue).sum();
                if (total == 0) {
                    break;
                }
                progress.update("consumers catching up " + when, elapsed, this.config.drainSeconds * 3.0,
                        "%,d records behind %s".formatted(total, lag));
                Thread.sleep(1_000);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            for (var entry : first.entrySet()) {
                long left = lag.getOrDefault(entry.getKey(), 0L);
                double took = caughtUpAt.getOrDefault(entry.getKey(), seconds);
                drained.put(entry.getKey(), Map.of("lagAtStart", entry.getValue(), "lagLeft", left, "seconds", took,
                        "recordsPerSecond", took > 0 ? (entry.getValue() - left) / took : 0));
            }
            progress.line("consumer lag %s: %s at the start, %s after %.0f s".formatted(when, first, lag, seconds));
        }
        return drained;
    }

    /** Records not yet consumed, per consumer group of the platform (over every partition it has committed). */
    private static Map<String, Long> lag(Admin admin) throws Exception {
        Map<String, Long> lag = new java.util.TreeMap<>();
        for (var listing : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
            String group = listing.groupId();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long behind = 0;
            for (var entry : committed.entrySet()) {
                if (entry.getValue() != null && ends.get(entry.getKey()) != null) {
                    behind += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                }
            }
            lag.put(group, behind);
        }
        return lag;
    }

    /** This JVM's CPU time, or a negative duration where the platform does not tell. */
    private static Duration ownCpuTime() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ofNanos(-1));
    }

    /** Each running part's CPU time so far. */
    private Map<String, Duration> cpuTimes() {
        Map<String, Duration> times = new LinkedHashMap<>();
        LocalStack current = stack;
        if (current != null) {
            for (LocalStack.Running part : current.running()) {
                times.put(part.part().id(), part.cpuTime());
            }
        }
        return times;
    }

    /**
     * The store commands each service has sent so far, by {@code command collection}, from its
     * {@code mongodb_driver_commands_seconds_count} (the driver's command listener, on /actuator/prometheus):
     * unlike CPU time, a count the machine's other load does not move.
     */
    private Map<String, Map<String, Double>> storeCommands() {
        Map<String, Map<String, Double>> counts = new LinkedHashMap<>();
        LocalStack current = stack;
        if (current == null) {
            return counts;
        }
        for (LocalStack.Running part : current.running()) {
            if (part.part().infrastructure() || part.part() == Part.GATEWAY) {
                continue;
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + part.port() + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    counts.put(part.part().id(), StoreCommands.parse(response.body()));
                }
            }
            catch (IOException ex) {
                progress.line("store commands of %s not read: %s".formatted(part.part().id(), ex));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return counts;
            }
        }
        return counts;
    }

    /** Tickets at the pipeline rate; each stage's first event about each ticket, from the create's 201. */
    private void pipeline(Api api, OpenLoop loop, EventWatch watch) throws InterruptedException {
        EventWatch.Tracking tracking = new EventWatch.Tracking();
        watch.track(tracking);
        double rate = config.pipelineRate;
        double sustained = Results.maxSustained(results.gatewaySteps, CREATE_P99_OBJECTIVE_MS);
        if (sustained < rate) {
            // far beyond what creates sustain, the figure would only measure the queue in front of ticket-service
            rate = Math.max(Math.min(10, rate), sustained);
            results.notes.add(("The event pipeline ran at %.0f tickets/s, the highest sustained create rate of this run, "
                    + "not at %.0f/s: beyond it the figure measures the queue in front of ticket-service.").formatted(rate,
                    config.pipelineRate));
        }
        long webhooksBefore = watch.webhookRequests();
        Map<String, Duration> cpuBefore = cpuTimes();
        Duration benchCpuBefore = ownCpuTime();
        Map<String, Map<String, Double>> commandsBefore = storeCommands();
        results.pipelineRun = loop.run("pipeline at " + (int) rate + "/s", "gateway", rate,
                Duration.ofSeconds(config.pipelineSeconds), i -> create(api.gateway(), api, i),
                (response, arrived) -> created(tracking, response, arrived), progress);
        // let every stage catch up (bounded): stop when nothing moved for 10 s, or after the drain limit
        long drainStart = System.nanoTime();
        long lastChange = drainStart;
        long before = -1;
        while (System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(config.drainSeconds)
                && System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(10)) {
            long now = EventWatch.STAGES.stream().mapToLong(tracking::count).sum();
            if (now != before) {
                before = now;
                lastChange = System.nanoTime();
            }
            progress.update("pipeline: waiting for the last events", (System.nanoTime() - drainStart) / 1e9,
                    config.drainSeconds, "%,d stage events for %,d tickets".formatted(now, tracking.createdAt.size()));
            Thread.sleep(500);
        }
        watch.track(null);
        results.pipelineTickets = tracking.createdAt.size();
        cpuTimes().forEach((part, after) -> {
            Duration started = cpuBefore.get(part);
            if (started != null && !started.isNegative() && !after.isNegative() && results.pipelineTickets > 0) {
                results.pipelineCpuMsPerTicket.put(part, after.minus(started).toNanos() / 1e6 / results.pipelineTickets);
            }
        });
        if (results.pipelineTickets > 0) {
            results.pipelineStoreCommandsPerTicket.putAll(StoreCommands.perTicket(commandsBefore, storeCommands(),
                    results.pipelineTickets));
        }
        Duration benchCpuAfter = ownCpuTime();
        if (!benchCpuBefore.isNegative() && !benchCpuAfter.isNegative() && results.pipelineTickets > 0) {
            results.pipelineBenchCpuMsPerTicket = benchCpuAfter.minus(benchCpuBefore).toNanos() / 1e6 / results.pipelineTickets;
        }
        results.pipelineWebhookRequests = watch.webhookRequests() - webhooksBefore;
        for (String stage : EventWatch.STAGES) {
            Histogram h = tracking.copy(stage);
            results.pipelineStages.put(stage, h);
            progress.line("pipeline %-42s %,6d/%,d  p50 %8.1f ms  p99 %8.1f ms".formatted(stage, h.getTotalCount(),
                    tracking.createdAt.size(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6));
        }
    }

    private static void created(EventWatch.Tracking tracking, HttpResponse<String> response, long arrived) {
        try {
            String id = EventJson.tree(response.body()).path("id").asString("");
            if (!id.isEmpty()) {
                tracking.created(id, arrived);
            }
        }
        catch (RuntimeException ex) {
            // not a ticket
        }
    }

    /**
     * Opens clocks up to {@code clocks} (full mode: 100k) by writing tickets straight into escalation-service's
     * store ({@link ClockSeed}): the background the SLA phase's own clocks fire among. Through the API every
     * ticket would be work for all five services (about 160-200 ms of CPU each): hours for 100k on two cores.
     */
    private void seedClocks(MongoDatabase escalation) {
        long before = ClockSeed.openClocks(escalation);
        results.openClocksBeforeSeed = before;
        long missing = config.clocks - before;
        if (missing <= 0) {
            return;
        }
        long started = System.nanoTime();
        ClockSeed seed = new ClockSeed(Long.toString(ProcessHandle.current().pid()), Instant.now(), missing);
        long seeded = 0;
        try {
            while (seeded < missing && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(config.fillSeconds)) {
                long to = Math.min(missing, seeded + SEED_BATCH);
                seed.write(escalation, seeded, to);
                seeded = to;
                progress.update("open clocks: seeding escalation's store", seeded, missing, "%,d of %,d (%,.0f/s)".formatted(
                        seeded, missing, seeded / ((System.nanoTime() - started) / 1e9)));
            }
            if (seeded < missing) {
                results.notes.add("The clock seed stopped at its time limit (%d s): %,d of %,d seeded".formatted(
                        config.fillSeconds, seeded, missing));
            }
        }
        catch (RuntimeException ex) {
            results.notes.add("The clock seed stopped at %,d: %s".formatted(seeded, OpenLoop.abbreviate(String.valueOf(ex))));
        }
        results.seedSeconds = (System.nanoTime() - started) / 1e9;
        results.seededClocks = seeded;
        results.openClocks = ClockSeed.openClocks(escalation);
        progress.line("open clocks: seeded %,d tickets into escalation-service's store in %.1f s (%,.0f/s); %,d open there now"
                .formatted(seeded, results.seedSeconds, seeded / Math.max(0.001, results.seedSeconds), results.openClocks));
    }

    /** Short SLA targets for new clocks, tickets at a modest rate, and how late their breaches fire. */
    private void sla(Api api, OpenLoop loop, EventWatch watch, MongoDatabase escalation) throws InterruptedException {
        HttpResponse<String> list = api.get("/api/sla-policies", "root");
        if (list.statusCode() != 200) {
            results.notes.add("SLA phase skipped: GET /api/sla-policies answered " + list.statusCode());
            return;
        }
        int replaced = 0;
        JsonNode policies = EventJson.tree(list.body());
        JsonNode items = policies.isArray() ? policies : policies.path("items");
        for (JsonNode policy : items) {
            ObjectNode copy = (ObjectNode) policy.deepCopy();
            ObjectNode targets = copy.putObject("targets");
            targets.put("firstResponse", "PT" + config.slaTargetSeconds + "S");
            targets.put("resolution", "PT" + 2 * config.slaTargetSeconds + "S");
            copy.put("calendarId", "24x7");
            String id = copy.path("id").asString();
            HttpResponse<String> put = api.put("/api/sla-policies/" + id, "root", copy.toString());
            if (put.statusCode() / 100 == 2) {
                replaced++;
            }
            else {
                results.notes.add("PUT /api/sla-policies/" + id + ": " + put.statusCode() + " " + OpenLoop.abbreviate(put.body()));
            }
        }
        progress.line("SLA: %d policies now target %d s (first response) and %d s (resolution) on 24x7".formatted(replaced,
                config.slaTargetSeconds, 2 * config.slaTargetSeconds));
        EventWatch.Tracking tracking = new EventWatch.Tracking();
        watch.track(tracking);
        results.slaRun = loop.run("SLA clocks at " + (int) config.slaRate + "/s", "gateway", config.slaRate,
                Duration.ofSeconds(config.slaCreateSeconds), i -> create(api.gateway(), api, i),
                (response, arrived) -> created(tracking, response, arrived), progress);
        long waitSeconds = 2L * config.slaTargetSeconds + 15;
        long waitStart = System.nanoTime();
        long expected = 2L * tracking.createdAt.size();
        while (System.nanoTime() - waitStart < TimeUnit.SECONDS.toNanos(waitSeconds)) {
            long seen;
            synchronized (tracking.breachFiring) {
                seen = tracking.breachFiring.getTotalCount();
            }
            if (seen >= expected) {
                break;
            }
            progress.update("SLA: waiting for breaches", (System.nanoTime() - waitStart) / 1e9, waitSeconds,
                    "%,d of up to %,d breaches".formatted(seen, expected));
            Thread.sleep(500);
        }
        watch.track(null);
        synchronized (tracking.breachFiring) {
            results.slaFiring = tracking.breachFiring.copy();
            results.slaReceived = tracking.breachReceived.copy();
        }
        results.slaTickets = tracking.createdAt.size();
        results.slaEarly = tracking.earlyBreaches.get();
        // counted once the breaches are in, not while they fire: a count reads every open ticket in the store
        results.openClocks = ClockSeed.openClocks(escalation);
        progress.line("SLA: %,d breaches of %,d tickets among %,d open clocks; lateness (ce_time - dueAt) p50 %d ms, p99 %d ms, max %d ms"
                .formatted(results.slaFiring.getTotalCount(), results.slaTickets, results.openClocks,
                        results.slaFiring.getValueAtPercentile(50), results.slaFiring.getValueAtPercentile(99),
                        results.slaFiring.getMaxValue()));
    }

    /** Knowledge search through the gateway as a requester, open loop, on the articles the run seeded. */
    private void apiSearch(Api api, OpenLoop loop) {
        String[] queries = {"printer jams", "vpn disconnect", "password reset", "outlook sync", "wifi slow", "laptop battery",
                "teams camera", "disk full", "printer", "vpn"};
        results.searchApiRun = loop.run("knowledge search through the gateway", "search", config.searchRate,
                Duration.ofSeconds(config.searchSeconds), i -> HttpRequest.newBuilder(URI.create(api.gateway()
                        + "/api/knowledge/articles?q=" + queries[(int) (i % queries.length)].replace(" ", "+")))
                        .header("Authorization", "Bearer " + api.token(REQUESTERS[(int) (i % REQUESTERS.length)]))
                        .timeout(OpenLoop.TIMEOUT).GET().build(), (r, t) -> { }, progress);
        progress.line("knowledge search through the gateway (%d articles): p50 %.1f ms, p95 %.1f ms".formatted(
                results.articlesSeeded, results.searchApiRun.latency().getValueAtPercentile(50) / 1e6,
                results.searchApiRun.latency().getValueAtPercentile(95) / 1e6));
    }

    // --- setup through the API

    private void seedArticles(Api api) {
        int published = 0;
        for (Ticket t : Ticket.TEMPLATES) {
            HttpResponse<String> created = api.post("/api/knowledge/articles", "root", Map.of("title", "How to fix: " + t.title(),
                    "body", "## Symptom\n" + t.description() + "\n\n## Fix\nRestart the device, then follow the steps for "
                            + t.title().toLowerCase(Locale.ROOT) + ".", "keywords", List.of(t.keyword()), "audience", "REQUESTERS"));
            if (created.statusCode() / 100 != 2) {
                results.notes.add("Seeding articles: " + created.statusCode() + " " + OpenLoop.abbreviate(created.body()));
                break;
            }
            String id = EventJson.tree(created.body()).path("id").asString();
            for (String to : List.of("IN_REVIEW", "PUBLISHED")) {
                api.post("/api/knowledge/articles/" + id + "/transitions", "root", Map.of("to", to));
            }
            published++;
        }
        results.articlesSeeded = published;
        progress.line("seeded %d knowledge articles (so new tickets get suggestions)".formatted(published));
    }

    private void registerWebhook(Api api, EventWatch watch) {
        HttpResponse<String> response = api.post("/api/webhooks", "root", Map.of("url", watch.webhookUrl(), "eventTypes",
                List.of("spoc.ticket.opened.v1")));
        if (response.statusCode() / 100 != 2) {
            results.notes.add("Webhook registration: " + response.statusCode() + " " + OpenLoop.abbreviate(response.body()));
        }
        else {
            progress.line("registered a webhook for spoc.ticket.opened.v1 at " + watch.webhookUrl());
        }
    }

    private static HttpRequest create(String baseUrl, Api api, long i) {
        Ticket t = Ticket.of(i);
        String body = EventJson.write(Map.of("type", "INCIDENT", "title", t.title() + " #" + i, "description", t.description(),
                "impact", "MEDIUM", "urgency", "MEDIUM"));
        return HttpRequest.newBuilder(URI.create(baseUrl + (baseUrl.endsWith("/") ? "" : "/") + "api/tickets"))
                .header("Authorization", "Bearer " + api.token(REQUESTERS[(int) (i % REQUESTERS.length)]))
                .header("Content-Type", "application/json").timeout(OpenLoop.TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The texts tickets are made of: a few recurring ones, so problem detection groups them and knowledge suggests. */
    record Ticket(String title, String description, String keyword) {

        static final List<Ticket> TEMPLATES = List.of(
                new Ticket("Printer on floor 3 jams", "Every print job jams the printer on floor 3 after the first page", "printer"),
                new Ticket("VPN disconnects every few minutes", "The VPN client drops the connection every few minutes from home", "vpn"),
                new Ticket("Cannot reset my password", "The password reset page says the link expired", "password"),
                new Ticket("Outlook does not sync the calendar", "Outlook stopped syncing calendar invitations since this morning", "outlook"),
                new Ticket("Wifi is slow in building B", "The wifi in building B is very slow and drops video calls", "wifi"),
                new Ticket("Laptop battery drains fast", "My laptop battery drains from full to empty in an hour", "battery"),
                new Ticket("Teams camera not detected", "Teams does not detect the laptop camera in meetings", "camera"),
                new Ticket("Disk full on shared drive", "The shared drive reports disk full and nobody can save files", "disk"));

        static Ticket of(long i) {
            return TEMPLATES.get((int) (i % TEMPLATES.size()));
        }
    }

    // --- Kafka's own tools and the knowledge search benchmark, as child JVMs

    private String tool(String name, Duration timeout, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), mainClass));
        command.addAll(Arrays.asList(args));
        return child(name, command, timeout, null);
    }

    private String child(String name, List<String> command, Duration timeout, @Nullable Path directory)
            throws IOException, InterruptedException {
        Path log = out.resolve("logs").resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().remove("JDK_JAVA_OPTIONS"); // a profile of the tools is not wanted
        Process process = builder.start();
        // Ctrl-C (or a kill) of the bench ends the tool too: a finally block does not run then
        Thread hook = new Thread(process::destroyForcibly, "bench-tool-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        try {
            while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
                double elapsed = (System.nanoTime() - started) / 1e9;
                progress.update(name, elapsed, timeout.toSeconds(), "pid %d, log %s".formatted(process.pid(),
                        out.relativize(log)));
                if (elapsed > timeout.toSeconds()) {
                    results.notes.add(name + " did not finish within " + timeout.toSeconds() + " s and was stopped");
                    break;
                }
            }
        }
        finally {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String lastLineWith(String text, String marker) {
        String found = "";
        for (String line : text.split("\n")) {
            if (line.contains(marker)) {
                found = line;
            }
        }
        return found;
    }

    /** knowledge-service's own SearchBenchmark (Lucene vs. the store's regex scan), run on its classpath. */
    private void searchBenchmark() throws IOException, InterruptedException {
        Path module = repo.resolve("knowledge-service");
        Path classpathFile = module.resolve("target/bench.classpath");
        if (!Files.isRegularFile(classpathFile) || !Files.isDirectory(module.resolve("target/test-classes/org/spoc/knowledge/bench"))) {
            results.notes.add("Knowledge search at 100k articles not measured: knowledge-service's SearchBenchmark is not built"
                    + " (see knowledge-service/README.md, Benchmark)");
            return;
        }
        String classpath = module.resolve("target/test-classes") + File.pathSeparator + module.resolve("target/classes")
                + File.pathSeparator + Files.readString(classpathFile).strip();
        String output = child("knowledge-search-benchmark", List.of(javaBin(), "-Xmx2g", "-cp", classpath,
                "org.spoc.knowledge.bench.SearchBenchmark", "articles=" + config.articles, "queries=" + config.searchQueries,
                "threads=2", "mongoQueries=" + config.mongoQueries), Duration.ofSeconds(config.searchTimeoutSeconds), module);
        for (String line : output.split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| what")) {
                String[] cells = line.split("\\|");
                if (cells.length >= 10) {
                    Map<String, String> row = new LinkedHashMap<>();
                    String[] names = {"what", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "cpu p50", "cpu p95", "q/s", "found"};
                    for (int i = 0; i < names.length && i + 1 < cells.length; i++) {
                        row.put(names[i], cells[i + 1].strip());
                    }
                    results.searchRows.add(row);
                }
            }
            if (line.startsWith("indexed ")) {
                results.searchIndexed = line.strip();
            }
        }
        progress.line("knowledge SearchBenchmark: " + results.searchRows.size() + " rows" + (results.searchIndexed.isEmpty()
                ? "" : ", " + results.searchIndexed));
    }

    /** The parts' own logs (the temporary home is deleted): what a surprising figure is explained by. */
    private void copyPartLogs(Path home) {
        Path target = out.resolve("logs").resolve("parts");
        try (var logs = Files.list(home.resolve("logs"))) {
            Files.createDirectories(target);
            for (Path log : logs.filter(path -> path.toString().endsWith(".log")).toList()) {
                Files.copy(log, target.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException ex) {
            results.notes.add("cannot copy the parts' logs: " + ex.getMessage());
        }
    }

    // --- JFR

    private void copyJfr(Path home) {
        String dir = System.getProperty("spoc.bench.jfr");
        if (dir == null) {
            return;
        }
        results.notes.add("JFR recordings (settings=profile) of every JVM are in " + repo.relativize(Path.of(dir).toAbsolutePath())
                + "; the part of each is in jfr/parts.txt");
        LocalStack current = stack;
        if (current == null) {
            return;
        }
        StringBuilder parts = new StringBuilder();
        for (LocalStack.Running part : current.running()) {
            parts.append(part.pid()).append(' ').append(part.part().id()).append('\n');
        }
        try {
            Files.writeString(Path.of(dir).resolve("parts.txt"), parts.toString());
        }
        catch (IOException ex) {
            results.notes.add("cannot write jfr/parts.txt: " + ex.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException | RuntimeException ex) {
            // a temporary folder left behind
        }
    }
}
