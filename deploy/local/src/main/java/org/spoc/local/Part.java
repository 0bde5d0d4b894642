package org.spoc.local;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/** The parts of the local stack, in start order, with their default ports. */
public enum Part {

    KAFKA("kafka", 9092, KafkaBroker.class),
    STORE("store", 27017, DocumentStore.class),
    IDP("idp", 8079, IdentityProvider.class),
    TICKET("ticket-service", 8081, null),
    ESCALATION("escalation-service", 8082, null),
    PROBLEM("problem-service", 8083, null),
    KNOWLEDGE("knowledge-service", 8084, null),
    NOTIFICATION("notification-service", 8085, null),
    GATEWAY("gateway", 8080, null);

    private final String id;
    private final int defaultPort;
    private final @Nullable Class<?> mainClass;

    Part(String id, int defaultPort, @Nullable Class<?> mainClass) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.mainClass = mainClass;
    }

    /** The name used for its module, log file, data folder and Mongo database, e.g. {@code ticket-service}. */
    public String id() {
        return id;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Kafka, the store and the identity provider: run from this module's classes. */
    public boolean infrastructure() {
        return mainClass != null;
    }

    @Nullable Class<?> mainClass() {
        return mainClass;
    }

    /** {@code ticket-service}, {@code ticket} or {@code TICKET}. */
    public static Part of(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (Part part : values()) {
            if (part.id.equals(wanted) || part.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return part;
            }
        }
        throw new IllegalArgumentException("unknown part '" + name + "'; parts are "
                + Arrays.stream(values()).map(Part::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
