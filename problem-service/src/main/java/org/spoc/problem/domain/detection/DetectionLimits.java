package org.spoc.problem.domain.detection;

/**
 * How much detection reads from its store for one incident, so that the cost of an incident does not
 * grow with how many incidents its scope or an open problem already holds (a problem that collects
 * thousands of incidents, or a scope filing ten a second, made every new incident read thousands).
 * Below these limits detection reads everything it did before and decides exactly as before; above
 * them it works on the nearest incidents, as each limit says. Capacity limits rather than tuning, so
 * they are deployment settings ({@code spoc.problem.detection.limits.*}), not part of the settings API.
 * See docs/decisions/problem-detection.md ("Bounded reads").
 *
 * @param problemMembers the most recent members (by event time) of each open problem that a new incident
 *        is compared with: an incident similar to a problem is similar to its recent members
 * @param neighbours incidents of the scope read on each side of a new incident within the window (the
 *        nearest before it and the nearest after it), among which its group is looked for
 * @param baselineSample incidents of the scope read back from the start of a group's window for the
 *        baseline; when the baseline holds more, the symptom's share among them is scaled to its count
 * @param burstSample incidents of the scope read back from a new incident for a major incident; when the
 *        burst holds more, the rest are counted in the store and the event lists the latest ones
 */
public record DetectionLimits(int problemMembers, int neighbours, int baselineSample, int burstSample) {

    public DetectionLimits {
        atLeast("problemMembers", problemMembers, 2); // the link rule averages the two best matches
        atLeast("neighbours", neighbours, 1);
        atLeast("baselineSample", baselineSample, 1);
        atLeast("burstSample", burstSample, 1);
    }

    public static DetectionLimits defaults() {
        return new DetectionLimits(10, 200, 500, 200);
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new DetectionSettings.InvalidSettingsException(field, "must be at least " + min);
        }
    }
}
