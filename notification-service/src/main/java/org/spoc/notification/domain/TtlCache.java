package org.spoc.notification.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A per-replica cache of what every event reads (a person's preferences, the registered webhooks),
 * so the store is asked once per {@code ttl} instead of once per event. Entries age on the injected
 * clock, so tests move time instead of sleeping. This replica's own writes {@link #invalidate} at once;
 * a change written by another replica is seen once the entry is {@code ttl} old. A zero {@code ttl}
 * caches nothing.
 *
 * <p>A load that overlaps an invalidation is not kept: it may have read the store before the write,
 * and keeping it would hide this replica's own change for a whole {@code ttl}.
 */
public final class TtlCache<K, V> {

    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Raised by every invalidation; a load started under an older value is not kept. */
    private final AtomicLong generation = new AtomicLong();

    private record Entry<V>(V value, Instant loadedAt) {
    }

    public TtlCache(Clock clock, Duration ttl, int maxEntries) {
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("a cache needs ttl >= 0 and maxEntries >= 1");
        }
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    /** The cached value of {@code key}, or {@code loader}'s answer when there is none younger than the ttl. */
    public V get(K key, Function<? super K, ? extends V> loader) {
        if (ttl.isZero()) {
            return loader.apply(key);
        }
        Instant now = clock.instant();
        Entry<V> cached = entries.get(key);
        if (cached != null && fresh(cached, now)) {
            return cached.value();
        }
        return load(key, loader, now);
    }

    /** Reads {@code key} through {@code loader} now, and keeps the answer for the next {@link #get}. */
    public V refresh(K key, Function<? super K, ? extends V> loader) {
        return ttl.isZero() ? loader.apply(key) : load(key, loader, clock.instant());
    }

    /** Forgets {@code key}: the next {@link #get} reads the store. */
    public void invalidate(K key) {
        generation.incrementAndGet();
        entries.remove(key);
    }

    private V load(K key, Function<? super K, ? extends V> loader, Instant now) {
        long before = generation.get();
        V value = loader.apply(key);
        Entry<V> entry = new Entry<>(value, now);
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> !fresh(e, now));
            if (entries.size() >= maxEntries) {
                entries.clear(); // all young: a burst of distinct keys, start over rather than grow
            }
        }
        entries.put(key, entry);
        if (generation.get() != before) {
            entries.remove(key, entry); // an invalidation overlapped this load
        }
        return value;
    }

    private boolean fresh(Entry<V> entry, Instant now) {
        // a clock that went back counts as expired
        return !now.isBefore(entry.loadedAt()) && now.isBefore(entry.loadedAt().plus(ttl));
    }
}
