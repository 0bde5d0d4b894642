package org.spoc.bench;

import java.util.Map;

/**
 * What a load step left for the consumers: the records the platform's consumer groups were behind when
 * it ended (summed), how long the slowest took to catch up, and whether all did within the wait.
 */
record Backlog(long records, double seconds, boolean caughtUp) {

    /** From what {@code Bench.awaitConsumers} answers: per group, its lag at the start and left, and the seconds taken. */
    static Backlog of(Map<String, Object> drained) {
        long records = 0;
        double seconds = 0;
        boolean caughtUp = true;
        for (Object value : drained.values()) {
            Map<?, ?> group = (Map<?, ?>) value;
            long atStart = ((Number) group.get("lagAtStart")).longValue();
            records += atStart;
            if (atStart > 0) {
                seconds = Math.max(seconds, ((Number) group.get("seconds")).doubleValue());
            }
            caughtUp &= ((Number) group.get("lagLeft")).longValue() == 0;
        }
        return new Backlog(records, seconds, caughtUp);
    }
}
