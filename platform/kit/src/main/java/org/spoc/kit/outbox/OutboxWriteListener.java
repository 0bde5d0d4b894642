package org.spoc.kit.outbox;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Wakes the {@link OutboxRelay} as soon as a write that may add outbox entries to an outbox collection
 * succeeds, so events are published at once without every writer having to remember to call
 * {@link OutboxRelay#wake()}; the relay's poll is then only a safety net (crashes, other replicas'
 * leftovers). Writes that cannot add an entry do not wake it: claims, lease releases, the relay's own
 * {@code $pull} of what it published (each woke it for an empty pass).
 */
public class OutboxWriteListener implements CommandListener {

    private static final Set<String> WRITES = Set.of("insert", "update", "findAndModify", "findandmodify");

    private final Set<String> collections;
    /** The collection each pending write command goes to, by request id. */
    private final Map<Integer, String> pending = new ConcurrentHashMap<>();
    private volatile @Nullable OutboxRelay relay;

    public OutboxWriteListener(OutboxCollections collections) {
        this.collections = Set.copyOf(collections.names());
    }

    public void attach(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (WRITES.contains(event.getCommandName())) {
            BsonValue target = event.getCommand().get(event.getCommandName());
            if (target != null && target.isString() && collections.contains(target.asString().getValue())
                    && mayAddEntries(event.getCommandName(), event.getCommand())) {
                pending.put(event.getRequestId(), target.asString().getValue());
            }
        }
    }

    /**
     * Whether a write command may add outbox entries: an insert of a document with entries, or an
     * update that sets, pushes or replaces the outbox field (anything this cannot read, such as an
     * aggregation pipeline update, counts as may). A write it misses still goes out with the next poll.
     */
    static boolean mayAddEntries(String commandName, BsonDocument command) {
        return switch (commandName) {
            case "insert" -> command.isArray("documents") && command.getArray("documents").stream()
                    .anyMatch(document -> document.isDocument() && hasEntries(document.asDocument()));
            case "update" -> !command.isArray("updates") || command.getArray("updates").stream()
                    .anyMatch(update -> !update.isDocument() || touchesOutbox(update.asDocument().get("u")));
            default -> touchesOutbox(command.get("update"));
        };
    }

    private static boolean hasEntries(BsonDocument document) {
        BsonValue entries = document.get(OutboxEntry.FIELD);
        return entries != null && entries.isArray() && !entries.asArray().isEmpty();
    }

    private static boolean touchesOutbox(@Nullable BsonValue update) {
        if (update == null || !update.isDocument()) {
            return true; // a pipeline, or nothing this can read
        }
        BsonDocument document = update.asDocument();
        if (document.isEmpty() || !document.getFirstKey().startsWith("$")) {
            return hasEntries(document); // a replacement
        }
        for (Map.Entry<String, BsonValue> operator : document.entrySet()) {
            if (operator.getKey().equals("$pull") || operator.getKey().equals("$pullAll")
                    || operator.getKey().equals("$unset") || !operator.getValue().isDocument()) {
                continue; // these only take away
            }
            for (String field : operator.getValue().asDocument().keySet()) {
                if (field.equals(OutboxEntry.FIELD) || field.startsWith(OutboxEntry.FIELD + ".")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        OutboxRelay current = relay;
        String collection = pending.remove(event.getRequestId());
        if (collection != null && current != null) {
            current.wake(collection);
        }
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        pending.remove(event.getRequestId());
    }
}
