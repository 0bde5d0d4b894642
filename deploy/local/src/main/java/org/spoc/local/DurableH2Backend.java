package org.spoc.local;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of mongo-java-server, made durable: every command that may modify data commits
 * the MVStore (and, in {@link Durability#FSYNC} mode, forces it to disk) before its reply is sent,
 * so an acknowledged write survives a {@code kill -9} of the store process.
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

    private final MVStore mvStore;
    private final Durability durability;
    private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock(true);

    private DurableH2Backend(MVStore mvStore, Durability durability) {
        super(mvStore);
        this.mvStore = mvStore;
        this.durability = durability;
    }

    static DurableH2Backend open(String fileName, Durability durability) {
        MVStore.Builder builder = new MVStore.Builder().fileName(fileName);
        if (durability != Durability.OFF) {
            builder.autoCommitDisabled();
        }
        return new DurableH2Backend(builder.open(), durability);
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
        return reply;
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
                if (durability == Durability.FSYNC) {
                    mvStore.sync();
                }
            }
        }
        finally {
            commitLock.writeLock().unlock();
        }
    }

    /** Rewrites sparsely used chunks (auto-commit, which is off, would do it in the background). */
    void compact() {
        commitLock.writeLock().lock();
        try {
            mvStore.compact(80, 8 * 1024 * 1024);
        }
        finally {
            commitLock.writeLock().unlock();
        }
        commitChanges();
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
        commitLock.writeLock().lock();
        try {
            super.close();
        }
        finally {
            commitLock.writeLock().unlock();
        }
    }
}
