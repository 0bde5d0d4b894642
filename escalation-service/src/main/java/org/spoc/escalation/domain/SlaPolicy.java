package org.spoc.escalation.domain;

import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;

/**
 * Targets for the tickets a policy applies to: first response and resolution, an OLA per tier, on
 * which calendar, when to warn (share of the target) and which statuses stop the clock.
 */
public record SlaPolicy(String id, AppliesTo appliesTo, String calendarId, Targets targets,
        Map<Integer, Duration> tierTargets, double warnAt, Set<TicketStatus> pauseOn) {

    public static final double DEFAULT_WARN_AT = 0.75;

    public SlaPolicy {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        if (calendarId == null || calendarId.isBlank()) {
            throw new IllegalArgumentException("calendarId must not be blank");
        }
        if (!(warnAt > 0 && warnAt <= 1)) {
            throw new IllegalArgumentException("warnAt must be above 0 and at most 1");
        }
        tierTargets = java.util.Collections.unmodifiableMap(new TreeMap<>(tierTargets));
        tierTargets.forEach((tier, target) -> {
            if (tier < 1 || tier > 9) {
                throw new IllegalArgumentException("tierTargets: tier must be 1..9, not " + tier);
            }
            positive("tierTargets." + tier, target);
        });
        pauseOn = pauseOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(pauseOn));
        for (TicketStatus status : pauseOn) {
            if (!status.isOpen() || status == TicketStatus.NEW) {
                throw new IllegalArgumentException("pauseOn: " + status + " cannot pause a clock");
            }
        }
    }

    /** Which tickets a policy covers; an empty set matches every value. */
    public record AppliesTo(Set<TicketType> types, Set<Priority> priorities) {

        public AppliesTo {
            types = Set.copyOf(types);
            priorities = Set.copyOf(priorities);
        }

        public boolean matches(TicketType type, Priority priority) {
            return (types.isEmpty() || types.contains(type)) && (priorities.isEmpty() || priorities.contains(priority));
        }

        /** How narrow the policy is: both lists beat one, one beats none. */
        int specificity() {
            return (types.isEmpty() ? 0 : 1) + (priorities.isEmpty() ? 0 : 2);
        }
    }

    /** First response and resolution targets, in business time. */
    public record Targets(Duration firstResponse, Duration resolution) {

        public Targets {
            positive("targets.firstResponse", firstResponse);
            positive("targets.resolution", resolution);
        }
    }

    /** The target of one clock, if this policy has one. */
    public Optional<Duration> target(SlaClockKind kind, @Nullable Integer tier) {
        return switch (kind) {
            case FIRST_RESPONSE -> Optional.of(targets.firstResponse());
            case RESOLUTION -> Optional.of(targets.resolution());
            case TIER -> tier == null ? Optional.empty() : Optional.ofNullable(tierTargets.get(tier));
        };
    }

    /**
     * The policy for a ticket: the most specific one that applies (types and priorities beat
     * priorities alone, which beat types alone, which beat a catch-all), then the lowest id.
     */
    public static Optional<SlaPolicy> select(List<SlaPolicy> policies, TicketType type, Priority priority) {
        return policies.stream()
                .filter(p -> p.appliesTo().matches(type, priority))
                .min(Comparator.comparingInt((SlaPolicy p) -> -p.appliesTo().specificity()).thenComparing(SlaPolicy::id));
    }

    /** The policies a new installation starts with. */
    public static List<SlaPolicy> defaults() {
        Set<TicketStatus> pending = Set.of(TicketStatus.PENDING);
        Set<TicketType> incident = Set.of(TicketType.INCIDENT);
        return List.of(
                new SlaPolicy("p1-incident", new AppliesTo(incident, Set.of(Priority.P1)), BusinessCalendar.ALWAYS_ID,
                        new Targets(Duration.ofMinutes(15), Duration.ofHours(4)),
                        Map.of(1, Duration.ofMinutes(30), 2, Duration.ofHours(2), 3, Duration.ofHours(4)),
                        DEFAULT_WARN_AT, pending),
                new SlaPolicy("p2-incident", new AppliesTo(incident, Set.of(Priority.P2)), BusinessCalendar.ALWAYS_ID,
                        new Targets(Duration.ofMinutes(30), Duration.ofHours(8)),
                        Map.of(1, Duration.ofHours(1), 2, Duration.ofHours(4), 3, Duration.ofHours(8)),
                        DEFAULT_WARN_AT, pending),
                new SlaPolicy("p3-incident", new AppliesTo(incident, Set.of(Priority.P3)), BusinessCalendar.ALWAYS_ID,
                        new Targets(Duration.ofHours(1), Duration.ofHours(8)),
                        Map.of(2, Duration.ofHours(4), 3, Duration.ofHours(8)), DEFAULT_WARN_AT, pending),
                new SlaPolicy("p4-p5-incident", new AppliesTo(incident, Set.of(Priority.P4, Priority.P5)),
                        BusinessCalendar.OFFICE_ID, new Targets(Duration.ofHours(4), Duration.ofHours(40)),
                        Map.of(2, Duration.ofHours(16), 3, Duration.ofHours(24)), DEFAULT_WARN_AT, pending),
                new SlaPolicy("service-request", new AppliesTo(Set.of(TicketType.SERVICE_REQUEST), Set.of()),
                        BusinessCalendar.OFFICE_ID, new Targets(Duration.ofHours(4), Duration.ofHours(40)),
                        Map.of(2, Duration.ofHours(16), 3, Duration.ofHours(24)), DEFAULT_WARN_AT, pending),
                new SlaPolicy("default", new AppliesTo(Set.of(), Set.of()), BusinessCalendar.OFFICE_ID,
                        new Targets(Duration.ofHours(4), Duration.ofHours(40)), Map.of(), DEFAULT_WARN_AT, pending));
    }

    private static void positive(String field, @Nullable Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be a positive ISO-8601 duration");
        }
    }
}
