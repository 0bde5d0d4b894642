package org.spoc.problem.domain.detection;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Detection's result for one incident event: the decisions, and the state to write once they have
 * been applied ({@link DetectionStore#commit}). Applying first and committing last makes a redelivered
 * event recompute the same decisions (problem ids are derived from the triggering incident).
 */
public record Outcome(List<Decision> decisions, List<TrackedIncident> updates, @Nullable TermStatistics terms) {

    public static final Outcome NOTHING = new Outcome(List.of(), List.of(), null);

    public Outcome {
        decisions = List.copyOf(decisions);
        updates = List.copyOf(updates);
    }

    public boolean isEmpty() {
        return decisions.isEmpty() && updates.isEmpty();
    }

    public <T extends Decision> List<T> decisions(Class<T> type) {
        return decisions.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
