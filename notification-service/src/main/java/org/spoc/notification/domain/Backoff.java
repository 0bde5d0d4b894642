package org.spoc.notification.domain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter: attempt n waits {@code initial * multiplier^(n-1)}, capped at
 * {@code max}, then spread by up to {@code ±jitter} of itself so failing deliveries of many webhooks
 * do not retry in lock step.
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || multiplier < 1
                || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, multiplier >= 1, 0 <= jitter < 1");
        }
    }

    /** The wait after the {@code attempt}-th failed attempt (1-based). */
    public Duration delay(int attempt, RandomGenerator random) {
        double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, max.toMillis());
        double spread = jitter == 0 ? 0 : capped * jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(capped + spread)));
    }
}
