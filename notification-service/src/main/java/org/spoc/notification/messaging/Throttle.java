package org.spoc.notification.messaging;

import java.time.Duration;

/**
 * Lets housekeeping (lease recovery, queue-depth gauges) run at most once per interval of real
 * elapsed time, whatever the workers' poll rate; not the domain clock, which tests may hold still.
 */
final class Throttle {

    private final long intervalNanos;
    private long next = System.nanoTime();

    Throttle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    synchronized boolean due() {
        long now = System.nanoTime();
        if (now - next < 0) {
            return false;
        }
        next = now + intervalNanos;
        return true;
    }
}
