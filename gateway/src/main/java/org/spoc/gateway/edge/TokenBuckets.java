package org.spoc.gateway.edge;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.spoc.gateway.config.GatewayProperties.Bucket;

/**
 * In-memory token buckets, one per key (a user or a client address). Right for one replica; with
 * several replicas each holds its own buckets, so the effective limit is per replica (production
 * uses Redis-backed limits or sticky routing: see the gateway README).
 */
final class TokenBuckets {

    /** Above this many keys, full (idle) buckets are forgotten: a full bucket is the same as no bucket. */
    static final int SWEEP_ABOVE = 50_000;

    record Decision(boolean allowed, long retryAfterSeconds, int remaining) {
    }

    private static final class State {
        double tokens;
        long updatedNanos;

        State(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }

    private final ConcurrentHashMap<String, State> buckets = new ConcurrentHashMap<>();
    private final int capacity;
    private final double refillPerNano;
    private final LongSupplier nanoTime;

    TokenBuckets(Bucket bucket, LongSupplier nanoTime) {
        this.capacity = bucket.capacity();
        this.refillPerNano = bucket.refillPerSecond() / 1e9;
        this.nanoTime = nanoTime;
    }

    TokenBuckets(Bucket bucket) {
        this(bucket, System::nanoTime);
    }

    Decision take(String key) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        State state = buckets.computeIfAbsent(key, k -> new State(capacity, now));
        synchronized (state) {
            refill(state, now);
            if (state.tokens >= 1) {
                state.tokens -= 1;
                return new Decision(true, 0, (int) state.tokens);
            }
            double waitNanos = (1 - state.tokens) / refillPerNano;
            return new Decision(false, Math.max(1, (long) Math.ceil(waitNanos / 1e9)), 0);
        }
    }

    int size() {
        return buckets.size();
    }

    private void refill(State state, long now) {
        long elapsed = now - state.updatedNanos;
        if (elapsed > 0) {
            state.tokens = Math.min(capacity, state.tokens + elapsed * refillPerNano);
            state.updatedNanos = now;
        }
    }

    private void sweep(long now) {
        buckets.entrySet().removeIf(entry -> {
            State state = entry.getValue();
            synchronized (state) {
                refill(state, now);
                return state.tokens >= capacity;
            }
        });
    }
}
