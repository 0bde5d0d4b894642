package org.spoc.escalation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.escalation.SlaSummary;
import org.spoc.events.ticket.CommentData;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.events.ticket.Visibility;

/**
 * Everything escalation-service knows about one ticket: the ticket as its events describe it, its
 * SLA clocks, its escalations and its tier history. It is built only from ticket events (applied
 * when their version is newer), timer firings and agents' requests; each change leaves the events
 * it causes in {@link #drainEvents()}, to be stored in the same write.
 *
 * <p>First response is met by the earliest of: the ticket's own {@code firstRespondedAt}, a PUBLIC
 * comment by someone other than the requester, the ticket moving to IN_PROGRESS (work started), or
 * its resolution. Assignment alone is not a response: the requester sees nothing of it.
 */
public final class TicketSla {

    static final String FIRST_RESPONSE_ID = "FIRST_RESPONSE";
    static final String RESOLUTION_ID = "RESOLUTION";

    private final String ticketId;
    private String number;
    private String title;
    private TicketType type;
    private Priority priority;
    private @Nullable String category;
    private @Nullable String service;
    private String requester;
    private @Nullable String group;
    private int tier;
    private TicketStatus status;
    private long ticketVersion;
    private final Instant openedAt;
    private String policyId;
    private Set<TicketStatus> pauseOn;
    private final List<SlaClock> clocks;
    private final List<Escalation> escalations;
    private int reassignments;
    private int bounceBacks;
    private final List<TierStay> tierHistory;
    private boolean p1Escalated;
    private boolean churnEscalated;
    private int clockSeq;
    private final long version;

    private final List<PendingEvent> pending = new ArrayList<>();
    private final List<SlaFact> facts = new ArrayList<>();

    /** Rebuilds a stored aggregate. */
    public TicketSla(String ticketId, String number, String title, TicketType type, Priority priority,
            @Nullable String category, @Nullable String service, String requester, @Nullable String group, int tier,
            TicketStatus status, long ticketVersion, Instant openedAt, String policyId, Set<TicketStatus> pauseOn,
            List<SlaClock> clocks, List<Escalation> escalations, int reassignments, int bounceBacks,
            List<TierStay> tierHistory, boolean p1Escalated, boolean churnEscalated, int clockSeq, long version) {
        this.ticketId = ticketId;
        this.number = number;
        this.title = title;
        this.type = type;
        this.priority = priority;
        this.category = category;
        this.service = service;
        this.requester = requester;
        this.group = group;
        this.tier = tier;
        this.status = status;
        this.ticketVersion = ticketVersion;
        this.openedAt = openedAt;
        this.policyId = policyId;
        this.pauseOn = Set.copyOf(pauseOn);
        this.clocks = new ArrayList<>(clocks);
        this.escalations = new ArrayList<>(escalations);
        this.reassignments = reassignments;
        this.bounceBacks = bounceBacks;
        this.tierHistory = new ArrayList<>(tierHistory);
        this.p1Escalated = p1Escalated;
        this.churnEscalated = churnEscalated;
        this.clockSeq = clockSeq;
        this.version = version;
    }

    /**
     * The aggregate of a ticket seen for the first time (normally through its opened event): clocks
     * start at the ticket's {@code openedAt}, then the snapshot's state (status, responses) applies.
     */
    public static TicketSla open(TicketEvent event, String ceType, Instant at, SlaContext context) {
        TicketSnapshot s = event.ticket();
        SlaPolicy policy = context.catalog().policyFor(s.type(), s.priority());
        TicketSla sla = new TicketSla(s.id(), s.number(), s.title(), s.type(), s.priority(), s.category(), s.service(),
                s.requester(), s.assignmentGroup(), effectiveTier(s.tier()), TicketStatus.NEW, s.version(),
                s.openedAt(), policy.id(), policy.pauseOn(), List.of(), List.of(), 0, 0, List.of(), false, false, 0, 0);
        Instant start = s.openedAt();
        BusinessCalendar calendar = context.catalog().calendar(policy.calendarId());
        if (s.firstRespondedAt() == null) {
            sla.startClock(FIRST_RESPONSE_ID, SlaClockKind.FIRST_RESPONSE, null, null, policy,
                    policy.targets().firstResponse(), calendar, start, "ticket opened", context);
        }
        sla.startClock(RESOLUTION_ID, SlaClockKind.RESOLUTION, null, null, policy, policy.targets().resolution(),
                calendar, start, "ticket opened", context);
        sla.tierHistory.add(new TierStay(sla.tier, sla.group, start, null));
        sla.startTierClock(policy, start, "ticket opened at tier " + sla.tier, context);
        sla.applyP1Rule(start, context);
        Instant when = at.isBefore(start) ? start : at;
        sla.applyStatus(s.status(), when, context);
        sla.applyFirstResponse(event, ceType, when, context);
        return sla;
    }

    /**
     * Applies a ticket event when its version is newer than the one applied last.
     *
     * @return false when the event is old news (a redelivery or out of order) and changed nothing
     */
    public boolean apply(TicketEvent event, String ceType, Instant at, SlaContext context) {
        TicketSnapshot s = event.ticket();
        if (s.version() <= ticketVersion) {
            return false;
        }
        ticketVersion = s.version();
        number = s.number();
        title = s.title();
        category = s.category();
        service = s.service();
        requester = s.requester();
        if (s.type() != type || s.priority() != priority) {
            String why = s.type() != type ? "type " + type + " -> " + s.type()
                    : "priority " + priority + " -> " + s.priority();
            type = s.type();
            priority = s.priority();
            repolicy(at, why, context);
            applyP1Rule(at, context);
        }
        int newTier = effectiveTier(s.tier());
        if (!Objects.equals(s.assignmentGroup(), group) || newTier != tier) {
            moveTo(s.assignmentGroup(), newTier, at, context);
        }
        applyStatus(s.status(), at, context);
        applyFirstResponse(event, ceType, at, context);
        return true;
    }

    /** Applies the catalog's current policies and calendars to running clocks (an admin asked to). */
    public void reapplyPolicies(Instant at, String why, SlaContext context) {
        repolicy(at, why, context);
    }

    /** Fires every warning and breach due at {@code now}; answers what fired. */
    public List<ClockFiring> fireTimers(Instant now, SlaContext context) {
        List<ClockFiring> fired = new ArrayList<>();
        for (SlaClock clock : List.copyOf(clocks)) {
            Instant next = clock.nextTimer();
            if (next == null || next.isAfter(now)) {
                continue;
            }
            BusinessCalendar calendar = context.calendarOf(clock);
            for (ClockFiring firing : clock.fire(now, calendar, context.lateAfter())) {
                fired.add(firing);
                onFiring(clock, firing, now, context);
            }
        }
        return fired;
    }

    /**
     * An agent asks to move the ticket to the next tier.
     *
     * @throws IllegalStateException when the ticket is closed or already at the top tier
     */
    public Escalation requestEscalation(String agent, String reason, Instant at, SlaContext context) {
        if (!status.isOpen()) {
            throw new IllegalStateException("ticket " + number + " is " + status + " and cannot be escalated");
        }
        EscalationPolicy rules = context.catalog().escalationPolicy();
        EscalationPolicy.Target target = rules.next(category, tier)
                .orElseThrow(() -> new IllegalStateException("ticket " + number + " is at tier " + tier
                        + ", the top tier: there is no next tier"));
        return raise(EscalationKind.FUNCTIONAL, "REQUEST", target.tier(), target.team(), reason, agent, null, at,
                context);
    }

    /** The earliest warning or breach instant of any clock: the timer field. */
    public @Nullable Instant nextDueAt() {
        return clocks.stream().map(SlaClock::nextTimer).filter(Objects::nonNull).min(Comparator.naturalOrder())
                .orElse(null);
    }

    public List<PendingEvent> drainEvents() {
        List<PendingEvent> drained = List.copyOf(pending);
        pending.clear();
        return drained;
    }

    public List<SlaFact> drainFacts() {
        List<SlaFact> drained = List.copyOf(facts);
        facts.clear();
        return drained;
    }

    public boolean hasPendingEvents() {
        return !pending.isEmpty();
    }

    /** The SLA state of the resolution clock, carried by escalations. */
    public @Nullable SlaSummary summary(Instant at, SlaContext context) {
        return resolutionClock().map(clock -> {
            BusinessCalendar calendar = context.calendarOf(clock);
            double ratio = (double) clock.elapsed(at, calendar).toMillis() / Math.max(1, clock.target().toMillis());
            return new SlaSummary(clock.kind(), clock.state(), clock.dueAt(), Math.round(ratio * 1000) / 1000.0,
                    clock.breachedAt() != null);
        }).orElse(null);
    }

    // --- rules -------------------------------------------------------------------------------

    private void repolicy(Instant at, String why, SlaContext context) {
        SlaPolicy policy = context.catalog().policyFor(type, priority);
        policyId = policy.id();
        pauseOn = policy.pauseOn();
        BusinessCalendar calendar = context.catalog().calendar(policy.calendarId());
        for (SlaClock clock : List.copyOf(clocks)) {
            if (clock.isStopped()) {
                continue;
            }
            Optional<Duration> target = policy.target(clock.kind(), clock.tier());
            if (target.isEmpty()) {
                clock.stop(at, SlaClockState.CANCELLED, why + ": policy " + policy.id() + " has no target for it",
                        context.calendarOf(clock), context.lateAfter());
                continue;
            }
            clock.retarget(policy, target.get(), context.calendarOf(clock), calendar, at, why);
        }
    }

    private void applyP1Rule(Instant at, SlaContext context) {
        EscalationPolicy rules = context.catalog().escalationPolicy();
        if (p1Escalated || type != TicketType.INCIDENT || priority != Priority.P1 || !status.isOpen()) {
            return;
        }
        p1Escalated = true;
        if (rules.p1Tier() > 0 && tier < rules.p1Tier()) {
            rules.atLeast(category, rules.p1Tier()).ifPresent(target -> raise(EscalationKind.FUNCTIONAL, "P1",
                    target.tier(), target.team(), "P1 incident goes to tier " + rules.p1Tier() + " at once", null,
                    null, at, context));
        }
        if (rules.hierarchicalForP1()) {
            raiseToManager("P1", "P1 incident: the manager is informed", at, context);
        }
    }

    private void moveTo(@Nullable String newGroup, int newTier, Instant at, SlaContext context) {
        String oldGroup = group;
        int oldTier = tier;
        if (oldGroup != null && !Objects.equals(oldGroup, newGroup)) {
            reassignments++;
        }
        if (newTier < oldTier) {
            bounceBacks++;
            facts.add(new SlaFact.BounceBack(oldGroup, oldTier, newGroup, newTier));
        }
        if (!tierHistory.isEmpty() && tierHistory.getLast().leftAt() == null) {
            TierStay left = tierHistory.removeLast().leave(at);
            tierHistory.add(left);
            facts.add(new SlaFact.TierLeft(left.tier(), left.team(), left.duration(at)));
        }
        group = newGroup;
        tier = newTier;
        tierHistory.add(new TierStay(newTier, newGroup, at, null));
        String moved = "moved from " + describe(oldGroup, oldTier) + " to " + describe(newGroup, newTier);
        for (SlaClock clock : List.copyOf(clocks)) {
            if (clock.kind() == SlaClockKind.TIER && !clock.isStopped()) {
                stopClock(clock, SlaClockState.MET, moved, at, context);
            }
        }
        if (status.isOpen()) {
            startTierClock(context.catalog().policyFor(type, priority), at, moved, context);
        }
        EscalationPolicy rules = context.catalog().escalationPolicy();
        if (!churnEscalated && rules.maxReassignments() > 0 && reassignments > rules.maxReassignments()) {
            churnEscalated = true;
            raiseToManager("REASSIGNMENTS", "reassigned " + reassignments + " times (more than "
                    + rules.maxReassignments() + ")", at, context);
        }
    }

    private void applyStatus(TicketStatus newStatus, Instant at, SlaContext context) {
        TicketStatus old = status;
        if (newStatus == old) {
            return;
        }
        status = newStatus;
        if (newStatus == TicketStatus.CANCELLED) {
            for (SlaClock clock : List.copyOf(clocks)) {
                stopClock(clock, SlaClockState.CANCELLED, "ticket cancelled", at, context);
            }
            closeTierStay(at);
            return;
        }
        if (!newStatus.isOpen()) {
            if (old.isOpen()) {
                String why = newStatus == TicketStatus.RESOLVED ? "ticket resolved" : "ticket closed";
                for (SlaClock clock : List.copyOf(clocks)) {
                    stopClock(clock, SlaClockState.MET, why, at, context);
                }
                closeTierStay(at);
            }
            return;
        }
        if (!old.isOpen()) {
            resolutionClock().ifPresent(clock -> {
                if (clock.reopen(at, "ticket reopened", context.calendarOf(clock))) {
                    emit(EventType.SLA_RESUMED, clock, false, at, context);
                }
            });
            tierHistory.add(new TierStay(tier, group, at, null));
            startTierClock(context.catalog().policyFor(type, priority), at, "ticket reopened", context);
        }
        boolean pausedBefore = pauseOn.contains(old) && old.isOpen();
        boolean pausedNow = pauseOn.contains(newStatus);
        if (pausedNow && !pausedBefore) {
            for (SlaClock clock : List.copyOf(clocks)) {
                if (clock.pause(at, "status " + newStatus, context.calendarOf(clock))) {
                    emit(EventType.SLA_PAUSED, clock, false, at, context);
                }
            }
        }
        else if (!pausedNow) {
            for (SlaClock clock : List.copyOf(clocks)) {
                if (clock.resume(at, "status " + newStatus, context.calendarOf(clock))) {
                    emit(EventType.SLA_RESUMED, clock, false, at, context);
                }
            }
        }
    }

    private void applyFirstResponse(TicketEvent event, String ceType, Instant at, SlaContext context) {
        Optional<SlaClock> clock = clocks.stream()
                .filter(c -> c.kind() == SlaClockKind.FIRST_RESPONSE && !c.isStopped()).findFirst();
        if (clock.isEmpty()) {
            return;
        }
        TicketSnapshot s = event.ticket();
        CommentData comment = event.comment();
        String why = null;
        Instant when = at;
        if (s.firstRespondedAt() != null) {
            why = "ticket records its first response";
            when = s.firstRespondedAt().isBefore(clock.get().startedAt()) ? clock.get().startedAt() : s.firstRespondedAt();
        }
        else if (EventType.TICKET_COMMENTED.type().equals(ceType) && comment != null
                && comment.visibility() == Visibility.PUBLIC && !comment.author().equals(s.requester())) {
            why = "public comment by " + comment.author();
        }
        else if (s.status() == TicketStatus.IN_PROGRESS) {
            why = "work started (IN_PROGRESS)";
        }
        if (why != null) {
            stopClock(clock.get(), SlaClockState.MET, why, when, context);
        }
    }

    private void stopClock(SlaClock clock, SlaClockState how, String why, Instant at, SlaContext context) {
        if (clock.isStopped()) {
            return;
        }
        BusinessCalendar calendar = context.calendarOf(clock);
        List<ClockFiring> firings = clock.stop(at, how, why, calendar, context.lateAfter());
        for (ClockFiring firing : firings) {
            emit(EventType.SLA_BREACHED, clock, firing.late(), at, context);
        }
        if (clock.state() == SlaClockState.MET) {
            emit(EventType.SLA_MET, clock, false, at, context);
        }
    }

    private void onFiring(SlaClock clock, ClockFiring firing, Instant now, SlaContext context) {
        EscalationPolicy rules = context.catalog().escalationPolicy();
        if (firing.kind() == ClockFiring.Kind.WARNING) {
            emit(EventType.SLA_WARNING, clock, firing.late(), now, context);
            if (rules.functionalOnWarning() && clock.kind() == SlaClockKind.RESOLUTION && status.isOpen()) {
                rules.next(category, tier).ifPresent(target -> raise(EscalationKind.FUNCTIONAL, "WARNING",
                        target.tier(), target.team(), "resolution SLA at " + Math.round(clock.warnAt() * 100)
                                + "% of " + clock.target(), null, null, now, context));
            }
        }
        else {
            emit(EventType.SLA_BREACHED, clock, firing.late(), now, context);
            if (rules.hierarchicalOnBreach() && status.isOpen()) {
                String team = clock.kind() == SlaClockKind.TIER && clock.team() != null ? clock.team() : null;
                raiseToManager("BREACH", clock.kind() + " SLA breached (target " + clock.target() + ", due "
                        + firing.dueAt() + ")", now, team, context);
            }
        }
    }

    private void raiseToManager(String trigger, String reason, Instant at, SlaContext context) {
        raiseToManager(trigger, reason, at, null, context);
    }

    private void raiseToManager(String trigger, String reason, Instant at, @Nullable String clockTeam,
            SlaContext context) {
        EscalationPolicy rules = context.catalog().escalationPolicy();
        String team = clockTeam != null ? clockTeam : group;
        if (team == null) {
            team = rules.defaultTeams().getOrDefault(tier, "service-desk");
        }
        raise(EscalationKind.HIERARCHICAL, trigger, tier, team, reason, null, rules.managerOf(team), at, context);
    }

    private Escalation raise(EscalationKind kind, String trigger, int toTier, String team, String reason,
            @Nullable String requestedBy, @Nullable String manager, Instant at, SlaContext context) {
        SlaSummary sla = summary(at, context);
        Escalation escalation = new Escalation(ticketId + "-e" + (escalations.size() + 1), tier, toTier, group, team,
                kind, trigger, reason, requestedBy, manager, sla, at);
        escalations.add(escalation);
        EscalationRaised data = new EscalationRaised(escalation.id(), ticketId, number, title, priority.name(),
                category, service, requester, tier, toTier, group, team, kind, reason, requestedBy, manager, sla, at);
        pending.add(new PendingEvent(EventType.ESCALATION_RAISED, data,
                Map.of(CloudEvent.H_TEAM, team, CloudEvent.H_TIER, Integer.toString(toTier)), at));
        return escalation;
    }

    // --- clocks ------------------------------------------------------------------------------

    private void startTierClock(SlaPolicy policy, Instant at, String why, SlaContext context) {
        Optional<Duration> target = policy.target(SlaClockKind.TIER, tier);
        if (target.isEmpty()) {
            return;
        }
        clockSeq++;
        SlaClock clock = startClock("TIER-" + tier + "-" + clockSeq, SlaClockKind.TIER, tier, group, policy,
                target.get(), context.catalog().calendar(policy.calendarId()), at, why, context);
        if (pauseOn.contains(status) && clock.pause(at, "status " + status, context.calendarOf(clock))) {
            emit(EventType.SLA_PAUSED, clock, false, at, context);
        }
    }

    private SlaClock startClock(String id, SlaClockKind kind, @Nullable Integer clockTier, @Nullable String team,
            SlaPolicy policy, Duration target, BusinessCalendar calendar, Instant at, String why, SlaContext context) {
        SlaClock clock = SlaClock.start(id, kind, clockTier, team, policy, target, calendar, at, why);
        clocks.add(clock);
        emit(EventType.SLA_STARTED, clock, false, at, context);
        return clock;
    }

    private void closeTierStay(Instant at) {
        if (!tierHistory.isEmpty() && tierHistory.getLast().leftAt() == null) {
            TierStay left = tierHistory.removeLast().leave(at);
            tierHistory.add(left);
            facts.add(new SlaFact.TierLeft(left.tier(), left.team(), left.duration(at)));
        }
    }

    private void emit(EventType type, SlaClock clock, boolean late, Instant at, SlaContext context) {
        BusinessCalendar calendar = context.calendarOf(clock);
        SlaClockState state = switch (type) {
            case SLA_BREACHED -> SlaClockState.BREACHED;
            case SLA_MET -> SlaClockState.MET;
            case SLA_WARNING, SLA_STARTED, SLA_RESUMED -> SlaClockState.RUNNING;
            case SLA_PAUSED -> SlaClockState.PAUSED;
            default -> clock.state();
        };
        boolean tierClock = clock.kind() == SlaClockKind.TIER;
        SlaEvent data = new SlaEvent(ticketId, number, clock.kind(), clock.policyId(), clock.calendarId(),
                tierClock ? clock.tier() : Integer.valueOf(tier), tierClock ? clock.team() : group, priority.name(),
                state, clock.startedAt(), clock.dueAt(), clock.target(), clock.elapsed(at, calendar),
                clock.remaining(at, calendar), late, at);
        pending.add(new PendingEvent(type, data, Map.of(), at));
    }

    private Optional<SlaClock> resolutionClock() {
        return clocks.stream().filter(c -> c.kind() == SlaClockKind.RESOLUTION).reduce((a, b) -> b);
    }

    private static int effectiveTier(int tier) {
        return Math.max(1, tier);
    }

    private static String describe(@Nullable String group, int tier) {
        return (group == null ? "no group" : group) + " (tier " + tier + ")";
    }

    // --- state -------------------------------------------------------------------------------

    public String ticketId() {
        return ticketId;
    }

    public String number() {
        return number;
    }

    public String title() {
        return title;
    }

    public TicketType type() {
        return type;
    }

    public Priority priority() {
        return priority;
    }

    public @Nullable String category() {
        return category;
    }

    public @Nullable String service() {
        return service;
    }

    public String requester() {
        return requester;
    }

    public @Nullable String group() {
        return group;
    }

    public int tier() {
        return tier;
    }

    public TicketStatus status() {
        return status;
    }

    public long ticketVersion() {
        return ticketVersion;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public String policyId() {
        return policyId;
    }

    public Set<TicketStatus> pauseOn() {
        return pauseOn;
    }

    public List<SlaClock> clocks() {
        return List.copyOf(clocks);
    }

    public Optional<SlaClock> clock(String id) {
        return clocks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public List<Escalation> escalations() {
        return List.copyOf(escalations);
    }

    public int reassignments() {
        return reassignments;
    }

    public int bounceBacks() {
        return bounceBacks;
    }

    public List<TierStay> tierHistory() {
        return List.copyOf(tierHistory);
    }

    public boolean p1Escalated() {
        return p1Escalated;
    }

    public boolean churnEscalated() {
        return churnEscalated;
    }

    public int clockSeq() {
        return clockSeq;
    }

    /** The stored document's version, for optimistic concurrency. */
    public long version() {
        return version;
    }

    /** Teams that hold or held the ticket, for stream and list filters. */
    public Set<String> teams() {
        Set<String> teams = new LinkedHashSet<>();
        if (group != null) {
            teams.add(group);
        }
        escalations.forEach(e -> teams.add(e.team()));
        return teams;
    }
}
