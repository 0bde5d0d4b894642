package org.spoc.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 backend of mongo-java-server, made durable: every command that may modify data is on file (so
 * it survives a {@code kill -9} of the store process) before its reply is sent; when the file is also
 * forced to disk depends on the {@link Durability}.
 *
 * <p>The stock backend relies on the MVStore's background auto-commit (once a second), which is
 * why acknowledged writes were lost on a kill. Here auto-commit is off. A write ({@code insert},
 * {@code update}, {@code delete}, {@code findAndModify}) records what it stored in the {@link RedoLog}
 * and writes the log before its reply; the MVStore is committed about once a second (a checkpoint,
 * {@link #CHECKPOINT_INTERVAL_MS}), and at once after any other modifying command (creating a
 * collection or an index, dropping one...), so the log only ever holds document writes. Modifying
 * commands run under the shared side of a fair read-write lock and a commit takes the exclusive side,
 * so a commit never captures half of an insert (document stored, index entry not yet).
 */
final class DurableH2Backend extends H2Backend {

    /** What a modifying command does before its reply is sent. */
    enum Durability {
        /** On file and forced to disk before the reply: survives a process kill and a power loss. */
        FSYNC,
        /**
         * MongoDB's own default: on file before the reply (survives a process kill), the redo log forced
         * to disk every {@value #JOURNAL_INTERVAL_MS} ms in the background (a power loss may take the last
         * interval's writes, like mongod's journal commit interval), and before the reply of a write
         * that asks for it with {@code writeConcern: {j: true}}.
         */
        JOURNAL,
        /** On file (written to the OS, never forced): survives a process kill, not a power loss. */
        COMMIT,
        /** The stock behaviour: background auto-commit once a second. For measurements only. */
        OFF
    }

    /** Commands that never modify data: they skip the commit. Anything not listed commits if it changed something. */
    private static final Set<String> READ_ONLY = Set.of("find", "getmore", "count", "distinct", "listcollections",
            "listindexes", "listdatabases", "ping", "hello", "ismaster", "buildinfo", "serverstatus", "dbstats",
            "collstats", "killcursors", "endsessions", "getlasterror", "getparameter", "whatsmyuri", "hostinfo",
            "getcmdlineopts", "getlog", "connectionstatus", "explain", "currentop", "getfreemonitoringstatus");

    /** How often {@link Durability#JOURNAL} forces the redo log to disk (mongod's journalCommitInterval). */
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

    /** How often the MVStore is committed when writes only went to the {@link RedoLog}. */
    static final long CHECKPOINT_INTERVAL_MS = 1_000;

    /** The log's size at which a write commits at once instead of waiting for the next checkpoint. */
    static final long CHECKPOINT_LOG_BYTES = 32L * 1024 * 1024;

    /** The writes whose changes the redo log records: every other modifying command commits. */
    private static final Set<String> RECORDED = Set.of("insert", "update", "delete", "findandmodify");

    /** Where the store keeps the generation of the redo log that follows its last commit. */
    private static final String REDO_MAP = "$spoc.redo"; // no database name has a $ (see IndexedH2Database)
    private static final String GENERATION = "generation";

    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    private final MVStore mvStore;
    private final Durability durability;
    private final RedoLog redoLog;
    private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock(true);
    /** Databases and collections created: a write that created one commits (the log holds documents only). */
    private final AtomicLong structureChanges = new AtomicLong();

    private DurableH2Backend(MVStore mvStore, Durability durability, RedoLog redoLog) {
        super(mvStore);
        this.mvStore = mvStore;
        this.durability = durability;
        this.redoLog = redoLog;
    }

    static DurableH2Backend open(String fileName, Durability durability) {
        MVStore.Builder builder = new MVStore.Builder().fileName(fileName).pageSplitSize(PAGE_SPLIT_SIZE);
        if (durability != Durability.OFF) {
            builder.autoCommitDisabled();
        }
        DurableH2Backend backend = new DurableH2Backend(builder.open(), durability, new RedoLog(Path.of(fileName)));
        if (durability != Durability.OFF) {
            backend.recover();
        }
        return backend;
    }

    /**
     * Applies the log written after the last commit again, in order, then commits and starts the next
     * log. Each record replaces (or removes) its document whole through the collection, indexes and all.
     */
    private void recover() {
        long generation = generation();
        List<RedoLog.Entry> entries;
        try {
            entries = RedoLog.read(Path.of(mvStore.getFileStore().getFileName()), generation);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read the store's redo log", ex);
        }
        for (RedoLog.Entry entry : entries) {
            MongoDatabase database = resolveDatabase(entry.database());
            MongoCollection<?> collection = database.resolveCollection(entry.collection(), false);
            if (collection == null) {
                collection = database.createCollectionOrThrowIfExists(entry.collection(), CollectionOptions.withDefaults());
            }
            collection.deleteDocuments(new Document("_id", entry.document().get("_id")), 1);
            if (entry.op() == RedoLog.Op.PUT) {
                collection.addDocument(entry.document());
            }
        }
        if (!entries.isEmpty()) {
            log.info("applied {} document writes of redo log generation {} made after the last commit", entries.size(),
                    generation);
        }
        commitLock.writeLock().lock();
        try {
            checkpoint();
        }
        finally {
            commitLock.writeLock().unlock();
        }
    }

    private MVMap<String, Long> generations() {
        return mvStore.openMap(REDO_MAP);
    }

    private long generation() {
        Long generation = generations().get(GENERATION);
        return generation == null ? 0 : generation;
    }

    /** Databases with working secondary indexes (see {@link IndexedH2Database}). */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        structureChanged();
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry(), this);
    }

    /**
     * A database or collection was created: the write that created it commits. (H2Backend's constructor
     * opens the stored databases before this class's fields are set: nothing is created then.)
     */
    void structureChanged() {
        if (structureChanges != null) {
            structureChanges.incrementAndGet();
        }
    }

    RedoLog redoLog() {
        return redoLog;
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (durability == Durability.OFF || isReadOnly(command, query)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        long structure = structureChanges.get();
        Document reply;
        commitLock.readLock().lock();
        try {
            reply = super.handleCommand(channel, databaseName, command, query);
        }
        finally {
            commitLock.readLock().unlock();
            // also after a failed command: an ordered insertMany may have stored part of its batch
            persist(command, structure);
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
     * Puts what a finished command changed on file before its reply: a write's records in the redo log
     * (one file write for every command that finished meanwhile; forced to disk too under
     * {@link Durability#FSYNC}); any other command's changes, or a write that created a collection or
     * stored something the log cannot record, in a commit.
     */
    private void persist(String command, long structureBefore) {
        boolean unrecorded = redoLog.takeUnrecorded();
        if (unrecorded || !RECORDED.contains(command.toLowerCase(Locale.ROOT)) || structureChanges.get() != structureBefore) {
            commitChanges();
            return;
        }
        try {
            redoLog.flush();
            if (durability == Durability.FSYNC) {
                redoLog.force();
            }
        }
        catch (IOException ex) {
            log.warn("cannot write the redo log, committing instead: {}", ex.toString());
            commitChanges();
            return;
        }
        if (redoLog.size() >= CHECKPOINT_LOG_BYTES) {
            commitChanges();
        }
    }

    /**
     * Forces the redo log to disk, outside the commit lock (commands go on meanwhile). The background
     * flusher of {@link Durability#JOURNAL} calls it every {@value #JOURNAL_INTERVAL_MS} ms, and a write
     * that asks for {@code j: true} before its reply.
     */
    void syncToDisk() {
        try {
            redoLog.force();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot force the store's redo log to disk", ex);
        }
    }

    /**
     * Commits what the finished commands changed and starts a new redo log. Always takes the exclusive
     * lock first: a concurrent commit may be writing this command's change right now, and the reply
     * must wait until that commit is done.
     */
    void commitChanges() {
        commitLock.writeLock().lock();
        try {
            if (mvStore.hasUnsavedChanges() || redoLog.size() > 0) {
                checkpoint();
            }
        }
        finally {
            commitLock.writeLock().unlock();
        }
    }

    /**
     * Commits with the next log generation stored in the same commit, forces the file to disk unless
     * durability is {@link Durability#COMMIT} (the log it replaces may hold writes forced to disk
     * already), then starts the next log and deletes the old one. Called with the exclusive lock held.
     */
    private void checkpoint() {
        long next = generation() + 1;
        generations().put(GENERATION, next);
        mvStore.commit();
        if (durability != Durability.COMMIT) {
            mvStore.sync();
        }
        try {
            redoLog.startGeneration(next);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start the store's redo log", ex);
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

    /** Closes without committing, as a {@code kill -9} leaves the store: the file as of the last commit, and the log. For tests. */
    void closeWithoutCommit() throws IOException {
        commitLock.writeLock().lock();
        try {
            redoLog.close();
            mvStore.closeImmediately();
        }
        finally {
            commitLock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        if (durability != Durability.OFF) {
            commitChanges();
        }
        commitLock.writeLock().lock();
        try {
            super.close();
            redoLog.close();
        }
        catch (IOException ex) {
            log.warn("cannot close the store's redo log: {}", ex.toString());
        }
        finally {
            commitLock.writeLock().unlock();
        }
    }
}
