package org.spoc.problem.config;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.problem.domain.detection.DetectionSettings;
import org.spoc.problem.store.DetectionSettingsStore;
import org.spoc.problem.store.MongoDetectionStore;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Detection's housekeeping: hourly, forgets detection state that no window, baseline or link horizon can
 * reach any more; every second, writes the term increments detection gathered (when incidents stop
 * coming, none waits longer).
 */
@Component
class DetectionSweep {

    private static final Logger log = LoggerFactory.getLogger(DetectionSweep.class);

    private final MongoDetectionStore store;
    private final DetectionSettingsStore settings;

    DetectionSweep(MongoDetectionStore store, DetectionSettingsStore settings) {
        this.store = store;
        this.settings = settings;
    }

    @Scheduled(initialDelayString = "${spoc.problem.detection-sweep-initial-delay:PT10M}",
            fixedDelayString = "${spoc.problem.detection-sweep-interval:PT1H}")
    void sweep() {
        long deleted = store.sweep(retention(settings.current()));
        if (deleted > 0) {
            log.info("detection sweep forgot {} incidents", deleted);
        }
    }

    @Scheduled(fixedDelayString = "${spoc.problem.detection-terms-flush-interval:PT1S}")
    void flushTerms() {
        try {
            store.flushTerms();
        }
        catch (RuntimeException ex) {
            log.warn("term statistics not written, will try again: {}", ex.toString()); // they stay pending
        }
    }

    static Duration retention(DetectionSettings s) {
        Duration reach = s.baselineWindow().plus(s.window()).plus(s.window());
        return (s.linkHorizon().compareTo(reach) > 0 ? s.linkHorizon() : reach).plus(Duration.ofDays(1));
    }
}
