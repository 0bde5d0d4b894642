package org.spoc.problem.domain.detection;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Where detection state lives: in memory for tests and the evaluation harness, in MongoDB in the
 * service (so it survives restarts and detection can move to another replica).
 */
public interface DetectionStore {

    Optional<TrackedIncident> find(String ticketId);

    /**
     * Incidents with {@code from <= openedAt <= to} that may share a scope with one of this category
     * and service: the same category key or the same service key; with both null, those with neither.
     */
    List<TrackedIncident> candidates(@Nullable String categoryKey, @Nullable String serviceKey, Instant from,
            Instant to);

    /**
     * How many of the incidents {@link #candidates} would answer for this scope are not cancelled, are
     * not {@code exceptTicketId}, have {@code from <= openedAt < to}, and, when {@code withoutService},
     * have no service: a baseline counted in the store instead of read out of it.
     */
    long countInScope(@Nullable String categoryKey, @Nullable String serviceKey, boolean withoutService, Instant from,
            Instant to, String exceptTicketId);

    /** How many incidents of any kind opened with {@code from <= openedAt < to}: the desk's load. */
    long count(Instant from, Instant to);

    /** Incidents linked to these problems opened at or after {@code from}. */
    List<TrackedIncident> linkedTo(Collection<String> problemIds, Instant from);

    /** Problems that still attract matches (not resolved or closed). */
    Set<String> openProblems();

    TermStatistics terms();

    Optional<Instant> lastMajorIncident(String key);

    /** Writes the outcome of one incident: its state, the term statistics, major incidents raised. */
    void commit(Outcome outcome);
}
