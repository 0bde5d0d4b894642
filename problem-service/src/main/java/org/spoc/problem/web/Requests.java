package org.spoc.problem.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.spoc.problem.domain.ProblemStatus;
import org.spoc.problem.domain.detection.DetectionSettings;

/** Request bodies. Unknown (and so read-only) fields are rejected by the kit's JSON settings. */
final class Requests {

    private Requests() {
    }

    record CreateProblem(@Nullable String title, @Nullable String description, @Nullable String service,
            @Nullable String category, @Nullable String location) {
    }

    record LinkIncident(@Nullable String ticketId, @Nullable String reason) {
    }

    record KnownError(@Nullable String rootCause, @Nullable String workaround) {
    }

    record Transition(@Nullable ProblemStatus to, @Nullable String resolution) {
    }

    /** The whole settings object (PUT replaces it); a missing field is a 400 naming it. */
    record Settings(@Nullable Duration window, @Nullable Integer minIncidents, @Nullable Integer minRequesters,
            @Nullable Double similarityThreshold, @Nullable Double baselineThreshold, @Nullable Double serviceBonus,
            @Nullable Double locationWeight, @Nullable Duration linkHorizon, @Nullable Duration baselineWindow,
            @Nullable Double surprise, @Nullable Duration majorWindow, @Nullable Integer majorMinIncidents,
            @Nullable Double majorRateFactor, @Nullable Double majorBaselineFloorPerDay,
            @Nullable Integer majorP1Requesters, @Nullable Duration majorCooldown) {

        DetectionSettings toSettings() {
            return new DetectionSettings(window, required("minIncidents", minIncidents),
                    required("minRequesters", minRequesters), required("similarityThreshold", similarityThreshold),
                    required("baselineThreshold", baselineThreshold), required("serviceBonus", serviceBonus),
                    required("locationWeight", locationWeight), linkHorizon, baselineWindow,
                    required("surprise", surprise), majorWindow, required("majorMinIncidents", majorMinIncidents),
                    required("majorRateFactor", majorRateFactor),
                    required("majorBaselineFloorPerDay", majorBaselineFloorPerDay),
                    required("majorP1Requesters", majorP1Requesters), majorCooldown);
        }

        private static <T> T required(String field, @Nullable T value) {
            if (value == null) {
                throw new DetectionSettings.InvalidSettingsException(field, "is required");
            }
            return value;
        }
    }
}
