package org.spoc.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test sets or advances it. Thread-safe: the code under
 * test may read it on other threads while the test moves it. Clocks made by {@link #withZone} share
 * this clock's time.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public MutableClock(Instant start, ZoneId zone) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), Objects.requireNonNull(zone, "zone"));
    }

    /** A clock at {@code start} in UTC. */
    public static MutableClock at(Instant start) {
        return new MutableClock(start, ZoneOffset.UTC);
    }

    /** A clock at {@code iso} (for example {@code "2026-03-02T09:00:00Z"}) in UTC. */
    public static MutableClock at(String iso) {
        return at(Instant.parse(iso));
    }

    /** A clock at the current wall-clock time, truncated to milliseconds, in UTC. */
    public static MutableClock startingNow() {
        return at(Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** Moves the clock forward by {@code duration} (backwards if negative) and answers the new time. */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return now.updateAndGet(current -> current.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public MutableClock withZone(ZoneId zone) {
        return new MutableClock(now, zone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "," + zone + "]";
    }
}
