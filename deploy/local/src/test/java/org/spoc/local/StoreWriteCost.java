package org.spoc.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import org.bson.Document;
import org.bson.types.ObjectId;

import static org.awaitility.Awaitility.await;

/**
 * The store's CPU per command, and commands per second, for each durability mode: a DocumentStore
 * child JVM (the launcher's store JVM options) on a fresh file, driven by the MongoDB driver from a
 * few threads. A collection of ~1.5 KB tickets with a unique and two non-unique indexes gets, phase by
 * phase, {@code insertOne}s, {@code updateOne}s by {@code _id} ({@code $set} of three fields and a
 * {@code $push} of a comment), {@code findOneAndUpdate}s by {@code _id} ({@code $inc} and {@code $set}),
 * {@code find}s by {@code _id} (no commit: what a command costs without one) and a 1:1:1 mix of the
 * three writes, after a warm-up. Columns: the store process's CPU per command (read from the OS
 * before and after each phase, JIT and GC included); the same without its JIT compiler threads (the
 * JIT still compiles after the warm-up and blurs the comparison, so compare this one); of that, the
 * journal flusher's (forcing the file to disk). The last line per mode is the mean of the write
 * phases without JIT. The client shares the machine, so ops/s says less than the CPU does. Run by
 * hand, not as a test, and compare runs made back to back (on a shared machine they vary by a fifth):
 *
 * <pre>
 * java -cp &lt;test classpath&gt; org.spoc.local.StoreWriteCost [--modes journal,commit,off,fsync] [--ops 2000]
 *      [--rounds 2] [--threads 4] [--warmup 6000] [--store-jvm "-Dname=value -XX:StartFlightRecording=..."]
 * </pre>
 */
public final class StoreWriteCost {

    private static final String JIT = "jit";
    private static final String FLUSHER = "flusher";
    private static final String[] STATES = { "NEW", "ASSIGNED", "IN_PROGRESS", "PENDING", "RESOLVED" };
    private static final String TEXT = "The VPN client drops the connection every ten minutes on the third floor; "
            + "reconnecting works for a while, then the tunnel stalls again and every open session is lost. ";

    private final MongoCollection<Document> tickets;
    private final int threads;
    private final AtomicReferenceArray<ObjectId> ids;
    private final AtomicInteger stored = new AtomicInteger();
    private final AtomicInteger numbers = new AtomicInteger();
    private int writePhases;
    private double writeMillis;

    private StoreWriteCost(MongoCollection<Document> tickets, int threads, int capacity) {
        this.tickets = tickets;
        this.threads = threads;
        this.ids = new AtomicReferenceArray<>(capacity);
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        List<String> modes = List.of(args.value("modes", "journal,commit,off").split(","));
        int ops = args.intValue("ops", 2000);
        int threads = args.intValue("threads", 4);
        int rounds = args.intValue("rounds", 2);
        int warmup = args.intValue("warmup", 6000);
        List<String> storeJvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx384m"));
        if (Runtime.version().feature() >= 23) {
            storeJvm.add("--sun-misc-unsafe-memory-access=allow");
        }
        String extra = args.value("store-jvm", "").trim();
        if (!extra.isEmpty()) {
            storeJvm.addAll(List.of(extra.split("\\s+")));
        }
        System.out.printf("threads=%d ops/phase=%d warmup=%d store JVM %s%n", threads, ops, warmup, storeJvm);
        System.out.printf("%-8s %-17s %7s %9s %12s %12s %12s%n", "mode", "phase", "ops", "ops/s", "CPU ms/op",
                "w/o JIT", "of it fsync");
        for (String mode : modes) {
            Path dir = Files.createTempDirectory("store-cost-" + mode);
            int port = ChildJvm.freePort();
            try (ChildJvm store = ChildJvm.start(storeJvm, DocumentStore.class, dir.resolve("store.log"), "--port",
                    String.valueOf(port), "--data", dir.toString(), "--durability", mode)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> store.log().contains("listening"));
                try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port
                        + "/?retryWrites=false&maxPoolSize=" + (threads + 2))) {
                    MongoCollection<Document> tickets = client.getDatabase("cost").getCollection("tickets");
                    tickets.createIndex(Indexes.ascending("number"), new IndexOptions().unique(true));
                    tickets.createIndex(Indexes.ascending("state", "priority"));
                    tickets.createIndex(Indexes.ascending("assignee"));
                    StoreWriteCost cost = new StoreWriteCost(tickets, threads, 200 + warmup + rounds * 2 * ops);
                    ProcessHandle process = store.process().toHandle();
                    cost.run(200, cost::insert); // documents for the updates to find
                    cost.run(warmup, cost::mixed); // JIT
                    for (int round = 0; round < rounds; round++) {
                        cost.measure(mode, "insertOne", ops, process, cost::insert);
                        cost.measure(mode, "updateOne", ops, process, cost::update);
                        cost.measure(mode, "findOneAndUpdate", ops, process, cost::findAndModify);
                        cost.measure(mode, "find by _id", ops, process, cost::find);
                        cost.measure(mode, "mix 1:1:1", ops, process, cost::mixed);
                    }
                    System.out.printf(Locale.ROOT, "%-8s writes, mean of the phases: %.3f CPU ms/op w/o JIT%n", mode,
                            cost.writeMillis / cost.writePhases);
                }
                System.out.printf("%-8s store file %,d KB%n", mode,
                        Files.size(dir.resolve("store").resolve("spoc.mv")) / 1024);
            }
            finally {
                delete(dir);
            }
        }
    }

    private void measure(String mode, String phase, int ops, ProcessHandle store, IntConsumer operation)
            throws InterruptedException, IOException {
        long cpuBefore = cpuNanos(store);
        Map<String, Long> threadsBefore = threadNanos(store);
        long start = System.nanoTime();
        run(ops, operation);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuNanos(store) - cpuBefore) / 1e6 / ops;
        Map<String, Long> threadsAfter = threadNanos(store);
        double jit = (threadsAfter.getOrDefault(JIT, 0L) - threadsBefore.getOrDefault(JIT, 0L)) / 1e6 / ops;
        double flusher = (threadsAfter.getOrDefault(FLUSHER, 0L) - threadsBefore.getOrDefault(FLUSHER, 0L)) / 1e6 / ops;
        if (!phase.startsWith("find")) {
            writePhases++;
            writeMillis += cpu - jit;
        }
        System.out.printf(Locale.ROOT, "%-8s %-17s %7d %9.0f %12.3f %12.3f %12.3f%n", mode, phase, ops, ops / seconds,
                cpu, cpu - jit, flusher);
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow().toNanos();
    }

    /**
     * The CPU the process's JIT compiler threads and its journal flusher used so far, from {@code /proc}
     * (none where there is no {@code /proc}): a phase's CPU without the JIT's is what the commands cost
     * once compiled; the flusher's (forcing the file to disk) is part of that.
     */
    private static Map<String, Long> threadNanos(ProcessHandle process) throws IOException {
        Map<String, Long> nanos = new HashMap<>();
        Path tasks = Path.of("/proc", String.valueOf(process.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return nanos;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    String name = Files.readString(thread.resolve("comm")).strip();
                    String group = name.contains("Compiler") ? JIT : name.equals("store-journal") ? FLUSHER : null;
                    if (group != null) {
                        String stat = Files.readString(thread.resolve("stat"));
                        // the fields after the parenthesised name, from the state (field 3): utime is 14, stime 15
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        nanos.merge(group, ticks * 10_000_000L, Long::sum); // USER_HZ is 100 on Linux
                    }
                }
                catch (NoSuchFileException ex) {
                    // the thread ended meanwhile
                }
            }
        }
        return nanos;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Runs {@code ops} operations, numbered, spread over the threads. */
    private void run(int ops, IntConsumer operation) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < ops; i = next.getAndIncrement()) {
                    operation.accept(i);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private void mixed(int i) {
        switch (i % 3) {
            case 0 -> insert(i);
            case 1 -> update(i);
            default -> findAndModify(i);
        }
    }

    private void insert(int i) {
        int number = numbers.incrementAndGet();
        ObjectId id = new ObjectId();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Date now = new Date();
        tickets.insertOne(new Document("_id", id)
                .append("number", "INC%07d".formatted(number))
                .append("title", "VPN drops every ten minutes #" + number)
                .append("description", TEXT.repeat(5))
                .append("state", STATES[random.nextInt(STATES.length)])
                .append("priority", "P" + (1 + random.nextInt(4)))
                .append("assignee", "agent-" + random.nextInt(40))
                .append("group", "network-ops")
                .append("requester", "alice")
                .append("tags", List.of("vpn", "floor-3", "network"))
                .append("createdAt", now)
                .append("updatedAt", now)
                .append("version", 0L)
                .append("sla", new Document("dueAt", new Date(now.getTime() + 3_600_000)).append("state", "RUNNING"))
                .append("comments", List.of(comment(now))));
        // the next free slot, then the slot's id: updates pick only slots below the count
        int slot = stored.getAndIncrement();
        ids.set(slot, id);
    }

    private void update(int i) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Date now = new Date();
        tickets.updateOne(new Document("_id", existing()),
                new Document("$set", new Document("state", STATES[random.nextInt(STATES.length)])
                        .append("assignee", "agent-" + random.nextInt(40)).append("updatedAt", now))
                        .append("$push", new Document("comments", comment(now))));
    }

    private void findAndModify(int i) {
        tickets.findOneAndUpdate(new Document("_id", existing()),
                new Document("$inc", new Document("version", 1L))
                        .append("$set", new Document("claim", new ObjectId().toHexString()).append("claimedAt", new Date())),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    private void find(int i) {
        tickets.find(new Document("_id", existing())).first();
    }

    /** A stored ticket's id (a slot just taken may not hold its id yet: then an earlier one). */
    private ObjectId existing() {
        int count = stored.get();
        for (int slot = ThreadLocalRandom.current().nextInt(count); ; slot--) {
            ObjectId id = ids.get(slot);
            if (id != null) {
                return id;
            }
        }
    }

    private static Document comment(Date at) {
        return new Document("author", "hank").append("at", at).append("internal", false)
                .append("text", "Replaced the VPN profile and asked the user to reconnect; watching it for an hour.");
    }
}
