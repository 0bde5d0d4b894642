package org.spoc.problem.eval;

import org.jspecify.annotations.Nullable;
import org.spoc.problem.domain.detection.IncidentSignal;

/**
 * One incident of a generated stream with its ground truth: {@code burst} names the injected burst it
 * belongs to (null for background and drift), {@code drift} the slow drift it belongs to.
 */
public record GeneratedIncident(IncidentSignal signal, @Nullable String burst, @Nullable String drift,
        boolean majorBurst) {
}
