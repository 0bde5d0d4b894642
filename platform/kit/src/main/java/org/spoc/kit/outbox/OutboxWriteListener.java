package org.spoc.kit.outbox;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Wakes the {@link OutboxRelay} as soon as a write to an outbox collection succeeds, so events are
 * published at once without every writer having to remember to call {@link OutboxRelay#wake()}; the
 * relay's poll is then only a safety net (crashes, other replicas' leftovers).
 */
public class OutboxWriteListener implements CommandListener {

    private static final Set<String> WRITES = Set.of("insert", "update", "findAndModify", "findandmodify");

    private final Set<String> collections;
    private final Map<Integer, Boolean> pending = new ConcurrentHashMap<>();
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
            if (target != null && target.isString() && collections.contains(target.asString().getValue())) {
                pending.put(event.getRequestId(), Boolean.TRUE);
            }
        }
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        OutboxRelay current = relay;
        if (pending.remove(event.getRequestId()) != null && current != null) {
            current.wake();
        }
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        pending.remove(event.getRequestId());
    }
}
