package org.spoc.problem.domain.detection;

import java.time.Instant;
import java.util.Comparator;
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
     * The order of every bounded read: by event time, incidents of equal time by ticket id. {@link End#LATEST}
     * and {@link #recentMembers} answer in its reverse.
     */
    Comparator<TrackedIncident> OLDEST_FIRST = Comparator.comparing(TrackedIncident::openedAt)
            .thenComparing(TrackedIncident::ticketId);

    /** Which end of a time range a bounded read takes its incidents from. */
    enum End {
        /** Newest first: the incidents nearest to the end of the range. */
        LATEST,
        /** Oldest first: the incidents nearest to the start of the range. */
        EARLIEST
    }

    /**
     * At most {@code limit} incidents with {@code from <= openedAt <= to} that may share a scope with one of
     * this category and service (the same category key or the same service key; with both null, those with
     * neither): those nearest to {@code to} newest first ({@link End#LATEST}), or nearest to {@code from}
     * oldest first ({@link End#EARLIEST}); incidents of equal time are ordered by ticket id the same way.
     * Bounded, so that a busy scope costs detection no more than a quiet one.
     */
    List<TrackedIncident> candidates(@Nullable String categoryKey, @Nullable String serviceKey, Instant from,
            Instant to, End end, int limit);

    /**
     * How many of the incidents {@link #candidates} would read for this scope without a limit are not
     * cancelled, are not {@code exceptTicketId}, have {@code from <= openedAt < to}, and, when
     * {@code withoutService}, have no service: counted in the store instead of read out of it.
     */
    long countInScope(@Nullable String categoryKey, @Nullable String serviceKey, boolean withoutService, Instant from,
            Instant to, String exceptTicketId);

    /** How many incidents of any kind opened with {@code from <= openedAt < to}: the desk's load. */
    long count(Instant from, Instant to);

    /**
     * At most {@code limit} incidents linked to this problem with {@code openedAt >= from}, the most recent
     * first (equal times by ticket id, descending): what a new incident is compared with, however many
     * incidents the problem has collected.
     */
    List<TrackedIncident> recentMembers(String problemId, Instant from, int limit);

    /** Problems that still attract matches (not resolved or closed). */
    Set<String> openProblems();

    TermStatistics terms();

    Optional<Instant> lastMajorIncident(String key);

    /** Writes the outcome of one incident: its state, the term statistics, major incidents raised. */
    void commit(Outcome outcome);
}
