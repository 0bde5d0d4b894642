package org.spoc.problem.domain.detection;

import java.time.Duration;

/**
 * Tunables of detection. The defaults were tuned with the evaluation harness
 * ({@code org.spoc.problem.eval.DetectionEvaluation}) on the tuning half of the ticket corpus and
 * checked on the held-out half; see docs/decisions/problem-detection.md.
 *
 * @param window sliding window in event time in which {@code minIncidents} related incidents open a problem
 * @param minIncidents k: related incidents needed in the window
 * @param minRequesters distinct requesters needed among them (one person filing three tickets is not a problem)
 * @param similarityThreshold relation score (text cosine plus service and location terms) two incidents need
 * @param baselineThreshold the looser relation score that counts an earlier incident into the baseline of a
 *        symptom, so that a complaint whose wording drifts still counts as the same trickle
 * @param serviceBonus added to the score when both incidents name the same service/CI
 * @param locationWeight weight of location closeness: the score moves by {@code weight * (closeness - 0.5)}
 * @param linkHorizon how long after its latest incident an open problem still attracts new matches
 * @param baselineWindow how far back the recent baseline of a symptom or service is measured
 * @param surprise a window count must be less likely than this under the baseline rate (Poisson tail):
 *        a steady trickle of similar incidents, or one that grows slowly, does not open a problem
 * @param majorWindow the short window in which a service's incident rate is compared with its baseline
 * @param majorMinIncidents fewest incidents in {@code majorWindow} that can be a major incident
 * @param majorRateFactor how many times the baseline rate the short-window rate must reach
 * @param majorBaselineFloorPerDay the baseline never counts as lower than this many incidents a day
 * @param majorP1Requesters distinct requesters with P1 incidents of one service in {@code majorWindow}
 *        that make a major incident whatever the baseline
 * @param majorCooldown no second major incident for the same service within this time
 */
public record DetectionSettings(
        Duration window,
        int minIncidents,
        int minRequesters,
        double similarityThreshold,
        double baselineThreshold,
        double serviceBonus,
        double locationWeight,
        Duration linkHorizon,
        Duration baselineWindow,
        double surprise,
        Duration majorWindow,
        int majorMinIncidents,
        double majorRateFactor,
        double majorBaselineFloorPerDay,
        int majorP1Requesters,
        Duration majorCooldown) {

    public DetectionSettings {
        positive("window", window);
        atLeast("minIncidents", minIncidents, 2);
        atLeast("minRequesters", minRequesters, 1);
        between("similarityThreshold", similarityThreshold, 0.01, 1.5);
        between("baselineThreshold", baselineThreshold, 0.01, 1.5);
        between("serviceBonus", serviceBonus, 0, 1);
        between("locationWeight", locationWeight, 0, 2);
        positive("linkHorizon", linkHorizon);
        positive("baselineWindow", baselineWindow);
        positive("majorWindow", majorWindow);
        if (baselineWindow.compareTo(window) <= 0) {
            throw new InvalidSettingsException("baselineWindow", "must be longer than window");
        }
        between("surprise", surprise, 0, 1);
        positive("majorWindow", majorWindow);
        if (baselineWindow.compareTo(majorWindow) <= 0) {
            throw new InvalidSettingsException("majorWindow", "must be shorter than baselineWindow");
        }
        atLeast("majorMinIncidents", majorMinIncidents, 2);
        between("majorRateFactor", majorRateFactor, 1, 1000);
        between("majorBaselineFloorPerDay", majorBaselineFloorPerDay, 0.001, 100000);
        atLeast("majorP1Requesters", majorP1Requesters, 1);
        positive("majorCooldown", majorCooldown);
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(Duration.ofHours(2), 3, 2, 0.32, 0.2, 0.1, 0.3, Duration.ofDays(7),
                Duration.ofDays(7), 2e-5, Duration.ofMinutes(30), 5, 8.0, 2.0, 3, Duration.ofHours(4));
    }

    private static void positive(String field, @org.jspecify.annotations.Nullable Duration value) {
        if (value == null) {
            throw new InvalidSettingsException(field, "is required");
        }
        if (value.isNegative() || value.isZero()) {
            throw new InvalidSettingsException(field, "must be a positive duration");
        }
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new InvalidSettingsException(field, "must be at least " + min);
        }
    }

    private static void between(String field, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new InvalidSettingsException(field, "must be between " + min + " and " + max);
        }
    }

    /** A setting out of range; names the field so the API can say which. */
    public static final class InvalidSettingsException extends IllegalArgumentException {

        private final String field;

        public InvalidSettingsException(String field, String message) {
            super(field + " " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
