package org.spoc.events;

import java.util.List;

/** Kafka topic names. Explicit, versioned constants: never derived from class names. */
public final class Topics {

    public static final String TICKET = "spoc.ticket.events.v1";
    public static final String ESCALATION = "spoc.escalation.events.v1";
    public static final String PROBLEM = "spoc.problem.events.v1";
    public static final String KNOWLEDGE = "spoc.knowledge.events.v1";
    public static final String NOTIFICATION = "spoc.notification.events.v1";

    /** Suffix of the dead-letter topic that receives a topic's records after bounded retries. */
    public static final String DLT_SUFFIX = ".DLT";

    public static final List<String> ALL = List.of(TICKET, ESCALATION, PROBLEM, KNOWLEDGE, NOTIFICATION);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DLT_SUFFIX;
    }

    public static boolean isDeadLetter(String topic) {
        return topic.endsWith(DLT_SUFFIX);
    }

    public static String originOf(String deadLetterTopic) {
        return deadLetterTopic.substring(0, deadLetterTopic.length() - DLT_SUFFIX.length());
    }
}
