package org.spoc.problem;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Counts the documents the store's replies to {@code find} and {@code getMore} carry, per collection, and the
 * commands sent, per command and collection, while it counts: what the service read and wrote, asserted
 * instead of how long it took.
 */
final class StoreReads implements CommandListener {

    private final Map<String, AtomicLong> documents = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> commands = new ConcurrentHashMap<>();
    private volatile boolean counting;

    void start() {
        documents.clear();
        commands.clear();
        counting = true;
    }

    /** Commands sent since {@link #start()}, as {@code "<command> <collection>"}, with how many of each. */
    Map<String, Long> commands() {
        Map<String, Long> sent = new TreeMap<>();
        commands.forEach((command, count) -> sent.put(command, count.get()));
        return sent;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (!counting) {
            return;
        }
        BsonValue target = event.getCommand().get(event.getCommandName());
        String collection = target != null && target.isString() ? target.asString().getValue() : "";
        commands.computeIfAbsent(event.getCommandName() + " " + collection, c -> new AtomicLong()).incrementAndGet();
    }

    /** Documents read per collection since {@link #start()}. */
    Map<String, Long> stop() {
        counting = false;
        Map<String, Long> read = new TreeMap<>();
        documents.forEach((collection, count) -> read.put(collection, count.get()));
        return read;
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        if (!counting || !(event.getCommandName().equals("find") || event.getCommandName().equals("getMore"))) {
            return;
        }
        BsonDocument cursor = event.getResponse().getDocument("cursor", null);
        if (cursor == null || !cursor.containsKey("ns")) {
            return;
        }
        String namespace = cursor.getString("ns").getValue();
        BsonArray batch = cursor.containsKey("firstBatch") ? cursor.getArray("firstBatch") : cursor.getArray("nextBatch");
        documents.computeIfAbsent(namespace.substring(namespace.indexOf('.') + 1), c -> new AtomicLong())
                .addAndGet(batch.size());
    }
}
