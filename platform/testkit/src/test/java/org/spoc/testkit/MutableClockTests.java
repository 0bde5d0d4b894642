package org.spoc.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MutableClockTests {

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z").toEpochMilli());
    }

    @Test
    void advancesAndSets() {
        MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");

        assertThat(clock.advance(Duration.ofMinutes(45))).isEqualTo(Instant.parse("2026-03-02T09:45:00Z"));
        clock.set(Instant.parse("2026-12-25T00:00:00Z"));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-25T00:00:00Z"));
    }

    @Test
    void sharesItsTimeWithClocksInOtherZones() {
        MutableClock utc = MutableClock.at("2026-03-02T09:00:00Z");
        MutableClock berlin = utc.withZone(ZoneId.of("Europe/Berlin"));

        utc.advance(Duration.ofHours(1));

        assertThat(berlin.getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.instant()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    }

    @Test
    void losesNoAdvanceUnderConcurrentUse() throws Exception {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        clock.advance(Duration.ofMillis(1));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:40Z"));
    }
}
