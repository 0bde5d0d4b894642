package org.spoc.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MongoDB-wire-compatible store of the local stack: mongo-java-server with its H2 backend in
 * {@code <data>/store/spoc.mv}, bound to 127.0.0.1. Every acknowledged write is in the file (its redo
 * log, {@code spoc.mv.redo.<n>}, until the next commit a second later) before its reply and forced to
 * disk within 100 ms, or before the reply when the write asks for {@code j: true}, as mongod does;
 * {@code --durability fsync} forces every write before its reply (see {@link DurableH2Backend}).
 *
 * <pre>
 * java -cp ... org.spoc.local.DocumentStore --port 27017 --data .spoc/data [--durability journal|fsync|commit|off] [--threads 32]
 * </pre>
 */
public final class DocumentStore {

    private static final Logger log = LoggerFactory.getLogger(DocumentStore.class);

    private DocumentStore() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = Args.parse(argv);
        int port = args.intValue("port", 27017);
        Path data = Path.of(args.value("data", ".spoc/data")).toAbsolutePath();
        DurableH2Backend.Durability durability = DurableH2Backend.Durability
                .valueOf(args.value("durability", "journal").toUpperCase(Locale.ROOT));

        // a command runs on its connection's event loop and, when it writes, waits there for its log
        // write (and commits that take the store's exclusive lock); more loops than cores let more
        // writers share one write
        int threads = args.intValue("threads", 32);
        Path file = data.resolve("store").resolve("spoc.mv");
        Files.createDirectories(file.getParent());
        long started = System.nanoTime();
        DurableH2Backend backend = DurableH2Backend.open(file.toString(), durability);
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", port), 1, threads);
        InetSocketAddress address = server.getLocalAddress();

        List<ScheduledExecutorService> housekeeping = new ArrayList<>();
        if (durability == DurableH2Backend.Durability.JOURNAL) {
            housekeeping.add(every("store-journal", DurableH2Backend.JOURNAL_INTERVAL_MS, TimeUnit.MILLISECONDS,
                    backend::syncToDisk));
        }
        if (durability != DurableH2Backend.Durability.OFF) {
            housekeeping.add(every("store-checkpoint", DurableH2Backend.CHECKPOINT_INTERVAL_MS, TimeUnit.MILLISECONDS,
                    backend::commitChanges));
            housekeeping.add(every("store-compaction", DurableH2Backend.COMPACTION_INTERVAL_MS, TimeUnit.MILLISECONDS,
                    backend::compactStep));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("DocumentStore stopping");
            housekeeping.forEach(ScheduledExecutorService::shutdownNow);
            server.shutdown();
            backend.close();
            log.info("DocumentStore stopped");
        }, "store-shutdown"));
        log.info("DocumentStore listening on {}:{} file={} durability={} threads={} (ready in {} ms)",
                address.getHostString(), address.getPort(), file, durability, threads, (System.nanoTime() - started) / 1_000_000);
    }

    /** Runs {@code task} every {@code period} on a daemon thread of its own; a failure is logged and retried. */
    private static ScheduledExecutorService every(String name, long period, TimeUnit unit, Runnable task) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            }
            catch (RuntimeException ex) {
                log.warn("{} failed, will run again", name, ex);
            }
        }, period, period, unit);
        return executor;
    }
}
