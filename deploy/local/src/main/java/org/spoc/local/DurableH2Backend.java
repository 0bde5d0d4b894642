package org.spoc.local;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of mongo-java-server, made durable: every command that may modify data commits
 * the MVStore (written to the file, so it survives a {@code kill -9} of the store process) before its
 * reply is sent; when the file is also forced to disk depends on the {@link Durability}.
 *
 * <p>The stock backend relies on the MVStore's background auto-commit (once a second), which is
 * why acknowledged writes were lost on a kill. Here auto-commit is off and commits happen only
 * between whole commands: modifying commands run under the shared side of a fair read-write lock
 * and a commit takes the exclusive side, so a commit never captures half of an insert (document
 * stored, index entry not yet) and concurrent writers share one commit (group commit).
 */
final class DurableH2Backend extends H2Backend {

    /** What a modifying command does before its reply is sent. */
    enum Durability {
        /** Commit the MVStore and force the file to disk: survives a process kill and a power loss. */
        FSYNC,
        /**
         * MongoDB's own default: commit before the reply (survives a process kill), force the file to
         * disk every {@value #JOURNAL_INTERVAL_MS} ms in the background (a power loss may take the last
         * interval's writes, like mongod's journal commit interval), and before the reply of a write
         * that asks for it with {@code writeConcern: {j: true}}.
         */
        JOURNAL,
        /** Commit the MVStore (written to the OS, not forced): survives a process kill, not a power loss. */
        COMMIT,
        /** The stock behaviour: background auto-commit once a second. For measurements only. */
        OFF
    }

    /** Commands that never modify data: they skip the commit. Anything not listed commits if it changed something. */
    private static final Set<String> READ_ONLY = Set.of("find", "getmore", "count", "distinct", "listcollections",
            "listindexes", "listdatabases", "ping", "hello", "ismaster", "buildinfo", "serverstatus", "dbstats",
            "collstats", "killcursors", "endsessions", "getlasterror", "getparameter", "whatsmyuri", "hostinfo",
            "getcmdlineopts", "getlog", "connectionstatus", "explain", "currentop", "getfreemonitoringstatus");

    /** How often {@link Durability#JOURNAL} forces committed writes to disk (mongod's journalCommitInterval). */
    static final long JOURNAL_INTERVAL_MS = 100;

    /** How often a {@linkplain #compactStep() compaction step} runs (auto-commit, which is off, would compact in the background). */
    static final long COMPACTION_INTERVAL_MS = 2_000;

    /** The chunks' fill rate (live bytes, in percent) under which a compaction step rewrites chunks. */
    static final int COMPACTION_FILL_RATE = 80;

    /** At most how many live bytes a compaction step rewrites. */
    static final int COMPACTION_STEP_BYTES = 512 * 1024;

    /**
     * Pages split above 4 KB instead of H2's 16 KB: a commit writes every changed page and each page on
     * the way from its map's root to it, so a command that changed one ~1.5 KB document wrote a 16 KB
     * leaf of its neighbours, and the chunk metadata it changed in leaves of up to 16 KB. Measured with
     * {@code StoreWriteCost}: a write's CPU about 11 % lower, a commit's chunk 17 KB instead of 30 KB.
     * Not stored in the file: pages written before are split to this size when they next change.
     */
    static final int PAGE_SPLIT_SIZE = 4 * 1024;

    private final MVStore mvStore;
    private final Durability durability;
    private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock(true);
    /** Commits made, and how many of them are known to be on disk (both only grow). */
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong synced = new AtomicLong();
    private final Object syncMonitor = new Object();

    private DurableH2Backend(MVStore mvStore, Durability durability) {
        super(mvStore);
        this.mvStore = mvStore;
        this.durability = durability;
    }

    static DurableH2Backend open(String fileName, Durability durability) {
        MVStore.Builder builder = new MVStore.Builder().fileName(fileName).pageSplitSize(PAGE_SPLIT_SIZE);
        if (durability != Durability.OFF) {
            builder.autoCommitDisabled();
        }
        return new DurableH2Backend(builder.open(), durability);
    }

    /** Databases with working secondary indexes (see {@link IndexedH2Database}). */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (durability == Durability.OFF || isReadOnly(command, query)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        Document reply;
        commitLock.readLock().lock();
        try {
            reply = super.handleCommand(channel, databaseName, command, query);
        }
        finally {
            commitLock.readLock().unlock();
            // also after a failed command: an ordered insertMany may have stored part of its batch
            commitChanges();
        }
        if (durability == Durability.JOURNAL && asksForJournal(query)) {
            syncToDisk();
        }
        return reply;
    }

    /** {@code writeConcern: {j: true}} (or {@code fsync: true}) on a write command. */
    static boolean asksForJournal(Document query) {
        return query.get("writeConcern") instanceof Document concern
                && (isTrue(concern.get("j")) || isTrue(concern.get("fsync")));
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || (value instanceof Number number && number.intValue() != 0);
    }

    /**
     * Forces every commit made so far to disk, outside the commit lock (commands go on meanwhile);
     * one caller forces, the others waiting for the same commits find them done. The background
     * flusher of {@link Durability#JOURNAL} calls it every {@value #JOURNAL_INTERVAL_MS} ms.
     */
    void syncToDisk() {
        long target = committed.get();
        if (synced.get() >= target) {
            return;
        }
        synchronized (syncMonitor) {
            long upTo = committed.get();
            if (synced.get() >= target) {
                return;
            }
            mvStore.sync();
            synced.set(upTo);
        }
    }

    /**
     * Commits what the finished commands changed. Always takes the exclusive lock first: a
     * concurrent commit may be writing this command's change right now, and the reply must wait
     * until that commit is done.
     */
    void commitChanges() {
        commitLock.writeLock().lock();
        try {
            if (mvStore.hasUnsavedChanges()) {
                mvStore.commit();
                long count = committed.incrementAndGet();
                if (durability == Durability.FSYNC) {
                    mvStore.sync();
                    synced.set(count);
                }
            }
        }
        finally {
            commitLock.writeLock().unlock();
        }
    }

    /**
     * One paced step of compaction: rewrites the live pages of at most {@value #COMPACTION_STEP_BYTES}
     * bytes of sparsely used chunks, when the chunks' fill rate is under {@value #COMPACTION_FILL_RATE} %,
     * and commits them. The MVStore holds its store lock while it rewrites and a commit waits for it, so
     * every write's reply waits out a step: small steps often keep that wait to milliseconds. (One 8 MB
     * step a minute stopped every service's writes for 0.3-0.6 s once a minute on a stack at 5 tickets/s;
     * 512 KB every 2 s kept the file 97-98 % used, with steps of 6 ms at the median and 38 ms at most,
     * at 5 and 10 tickets/s.) {@code StoreCompactionTests} shows steps restore the fill rate.
     */
    void compactStep() {
        commitLock.writeLock().lock();
        try {
            mvStore.compact(COMPACTION_FILL_RATE, COMPACTION_STEP_BYTES);
        }
        finally {
            commitLock.writeLock().unlock();
        }
        commitChanges();
    }

    /** How full the file's chunks are, in percent of their bytes still live. */
    int chunksFillRate() {
        return mvStore.getFileStore().getChunksFillRate();
    }

    /** The size of the store's file in bytes. */
    long fileSize() {
        return mvStore.getFileStore().size();
    }

    /**
     * How long a chunk no longer in use keeps its space before it may be overwritten (H2's default is
     * 45 s, so a reader of an old version still finds its pages). For tests that compact at once.
     */
    void retainDeadChunksFor(int millis) {
        mvStore.setRetentionTime(millis);
    }

    static boolean isReadOnly(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return !writesOutput(query.get("pipeline"));
        }
        return READ_ONLY.contains(name);
    }

    private static boolean writesOutput(Object pipeline) {
        if (pipeline instanceof List<?> stages) {
            for (Object stage : stages) {
                if (stage instanceof Document document
                        && (document.containsKey("$out") || document.containsKey("$merge"))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (durability == Durability.JOURNAL) {
            syncToDisk();
        }
        commitLock.writeLock().lock();
        try {
            super.close();
        }
        finally {
            commitLock.writeLock().unlock();
        }
    }
}
