package org.spoc.kit.work;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The most recently used entries, at most {@code capacity} of them, the least recently used dropped first;
 * safe to share between threads. For what a process remembers of its own recent work so as not to repeat
 * it: what it has forgotten (or never knew, after a restart) it does again, so the bound is only a cost.
 *
 * @param <K> the key
 * @param <V> what is remembered of it
 */
public final class RecentEntries<K, V> {

    private final Map<K, V> entries;

    public RecentEntries(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** What is remembered of {@code key}, now the most recently used; null when nothing is. */
    public synchronized @Nullable V get(K key) {
        return entries.get(key);
    }

    /** Whether anything is remembered of {@code key} (without making it more recent). */
    public synchronized boolean contains(K key) {
        return entries.containsKey(key);
    }

    /** Remembers {@code value} for {@code key}, the most recently used now; the least recently used goes when full. */
    public synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }
}
