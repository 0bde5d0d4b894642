package org.spoc.kit.outbox;

import java.util.List;

/** The MongoDB collections whose documents carry an {@code outbox} field for the relay to publish. */
public record OutboxCollections(List<String> names) {

    public OutboxCollections {
        names = List.copyOf(names);
    }

    public static OutboxCollections of(String... names) {
        return new OutboxCollections(List.of(names));
    }
}
