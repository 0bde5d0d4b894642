package org.spoc.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.spoc.testkit.MutableClock;

class TtlCacheTests {

    final MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
    final AtomicInteger loads = new AtomicInteger();

    String load(String key) {
        return key + "#" + loads.incrementAndGet();
    }

    @Test
    void answersFromTheCacheUntilTheTtlHasPassedOnTheClock() {
        TtlCache<String, String> cache = new TtlCache<>(clock, Duration.ofSeconds(5), 100);

        assertThat(cache.get("a", this::load)).isEqualTo("a#1");
        clock.advance(Duration.ofMillis(4_999));
        assertThat(cache.get("a", this::load)).isEqualTo("a#1");
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("a", this::load)).isEqualTo("a#2");
    }

    @Test
    void reloadsAtOnceAfterAnInvalidationAndWhenTheClockGoesBack() {
        TtlCache<String, String> cache = new TtlCache<>(clock, Duration.ofSeconds(5), 100);
        cache.get("a", this::load);

        cache.invalidate("a");
        assertThat(cache.get("a", this::load)).isEqualTo("a#2");
        clock.advance(Duration.ofSeconds(-1));
        assertThat(cache.get("a", this::load)).isEqualTo("a#3");
    }

    @Test
    void keepsNoLoadThatAnInvalidationOverlapped() {
        TtlCache<String, String> cache = new TtlCache<>(clock, Duration.ofSeconds(5), 100);

        // the load reads the old value, then this replica's write lands and invalidates
        assertThat(cache.get("a", key -> {
            String stale = load(key);
            cache.invalidate(key);
            return stale;
        })).isEqualTo("a#1");

        assertThat(cache.get("a", this::load)).isEqualTo("a#2");
    }

    @Test
    void cachesNothingWithAZeroTtlAndStaysWithinItsSize() {
        TtlCache<String, String> none = new TtlCache<>(clock, Duration.ZERO, 100);
        none.get("a", this::load);
        assertThat(none.get("a", this::load)).isEqualTo("a#2");

        TtlCache<String, String> small = new TtlCache<>(clock, Duration.ofSeconds(5), 2);
        small.get("a", this::load);
        small.get("b", this::load);
        small.get("c", this::load);
        assertThat(small.get("c", this::load)).isEqualTo("c#5");
        assertThat(small.get("a", this::load)).as("dropped to make room").isEqualTo("a#6");
    }
}
