package org.spoc.problem.config;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.spoc.problem.domain.detection.DetectionLimits;
import org.spoc.problem.domain.detection.DetectionSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code spoc.problem.detection.*}: the detection settings a deployment starts with; any left out
 * take the tuned defaults of {@link DetectionSettings#defaults()}. Admins change them at run time
 * with {@code PUT /api/problem-detection/settings}, which wins over these.
 * {@code spoc.problem.detection.limits.*} bound what detection reads per incident
 * ({@link DetectionLimits}); they are capacity, not tuning, so they are set here only.
 */
@ConfigurationProperties("spoc.problem.detection")
public record DetectionProperties(@Nullable Duration window, @Nullable Integer minIncidents,
        @Nullable Integer minRequesters, @Nullable Double similarityThreshold, @Nullable Double baselineThreshold,
        @Nullable Double serviceBonus, @Nullable Double locationWeight, @Nullable Duration linkHorizon,
        @Nullable Duration baselineWindow, @Nullable Double surprise, @Nullable Duration majorWindow,
        @Nullable Integer majorMinIncidents, @Nullable Double majorRateFactor,
        @Nullable Double majorBaselineFloorPerDay, @Nullable Integer majorP1Requesters,
        @Nullable Duration majorCooldown, @Nullable Limits limits) {

    public DetectionSettings toSettings() {
        DetectionSettings d = DetectionSettings.defaults();
        return new DetectionSettings(or(window, d.window()), or(minIncidents, d.minIncidents()),
                or(minRequesters, d.minRequesters()), or(similarityThreshold, d.similarityThreshold()),
                or(baselineThreshold, d.baselineThreshold()), or(serviceBonus, d.serviceBonus()),
                or(locationWeight, d.locationWeight()), or(linkHorizon, d.linkHorizon()),
                or(baselineWindow, d.baselineWindow()), or(surprise, d.surprise()), or(majorWindow, d.majorWindow()),
                or(majorMinIncidents, d.majorMinIncidents()), or(majorRateFactor, d.majorRateFactor()),
                or(majorBaselineFloorPerDay, d.majorBaselineFloorPerDay()),
                or(majorP1Requesters, d.majorP1Requesters()), or(majorCooldown, d.majorCooldown()));
    }

    public DetectionLimits toLimits() {
        DetectionLimits d = DetectionLimits.defaults();
        if (limits == null) {
            return d;
        }
        return new DetectionLimits(or(limits.problemMembers(), d.problemMembers()),
                or(limits.neighbours(), d.neighbours()), or(limits.baselineSample(), d.baselineSample()),
                or(limits.burstSample(), d.burstSample()));
    }

    /** {@code spoc.problem.detection.limits.*}: any left out take {@link DetectionLimits#defaults()}. */
    public record Limits(@Nullable Integer problemMembers, @Nullable Integer neighbours,
            @Nullable Integer baselineSample, @Nullable Integer burstSample) {
    }

    private static <T> T or(@Nullable T value, T fallback) {
        return Objects.requireNonNullElse(value, fallback);
    }
}
