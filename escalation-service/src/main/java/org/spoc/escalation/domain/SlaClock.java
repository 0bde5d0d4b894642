package org.spoc.escalation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;

/**
 * One SLA clock of one ticket: first response, resolution, or a tier's OLA. It counts business time
 * on its calendar in running segments; pauses close a segment, so elapsed time survives any change
 * of target, policy or calendar. The clock computes its warning and breach instants; a timer fires
 * them through {@link #fire}. Every step is recorded in {@link #explain()}.
 */
public final class SlaClock {

    private final String id;
    private final SlaClockKind kind;
    private final @Nullable Integer tier;
    private final @Nullable String team;
    private final Instant startedAt;
    private String policyId;
    private String calendarId;
    private int calendarVersion;
    private Duration target;
    private double warnAt;
    private Duration elapsedBefore;
    private @Nullable Instant runningSince;
    private @Nullable Instant dueAt;
    private @Nullable Instant warnDueAt;
    private @Nullable Instant warnedAt;
    private @Nullable Instant breachedAt;
    private @Nullable Instant stoppedAt;
    private @Nullable SlaClockState outcome;
    private final List<ExplainStep> explain;

    /** Rebuilds a stored clock as it was. */
    public SlaClock(String id, SlaClockKind kind, @Nullable Integer tier, @Nullable String team, Instant startedAt,
            String policyId, String calendarId, int calendarVersion, Duration target, double warnAt,
            Duration elapsedBefore, @Nullable Instant runningSince, @Nullable Instant dueAt,
            @Nullable Instant warnDueAt, @Nullable Instant warnedAt, @Nullable Instant breachedAt,
            @Nullable Instant stoppedAt, @Nullable SlaClockState outcome, List<ExplainStep> explain) {
        this.id = id;
        this.kind = kind;
        this.tier = tier;
        this.team = team;
        this.startedAt = startedAt;
        this.policyId = policyId;
        this.calendarId = calendarId;
        this.calendarVersion = calendarVersion;
        this.target = target;
        this.warnAt = warnAt;
        this.elapsedBefore = elapsedBefore;
        this.runningSince = runningSince;
        this.dueAt = dueAt;
        this.warnDueAt = warnDueAt;
        this.warnedAt = warnedAt;
        this.breachedAt = breachedAt;
        this.stoppedAt = stoppedAt;
        this.outcome = outcome;
        this.explain = new ArrayList<>(explain);
    }

    /** A clock that starts running at {@code at}. */
    public static SlaClock start(String id, SlaClockKind kind, @Nullable Integer tier, @Nullable String team,
            SlaPolicy policy, Duration target, BusinessCalendar calendar, Instant at, String why) {
        SlaClock clock = new SlaClock(id, kind, tier, team, at, policy.id(), calendar.id(), calendar.version(), target,
                policy.warnAt(), Duration.ZERO, at, null, null, null, null, null, null, List.of());
        clock.schedule(calendar, at);
        clock.record(at, "started", why + ": policy " + policy.id() + ", target " + target + " on calendar "
                + calendar.id() + " v" + calendar.version(), calendar);
        return clock;
    }

    /** Stops counting at {@code at}; elapsed business time is kept. */
    public boolean pause(Instant at, String why, BusinessCalendar calendar) {
        if (stoppedAt != null || runningSince == null) {
            return false;
        }
        elapsedBefore = elapsedBefore.plus(calendar.businessTimeBetween(runningSince, at));
        runningSince = null;
        dueAt = null;
        warnDueAt = null;
        record(at, "paused", why, calendar);
        return true;
    }

    /** Counts again from {@code at}; the due time moves by the business time spent paused. */
    public boolean resume(Instant at, String why, BusinessCalendar calendar) {
        if (stoppedAt != null || runningSince != null) {
            return false;
        }
        runningSince = at;
        schedule(calendar, at);
        record(at, "resumed", why, calendar);
        return true;
    }

    /**
     * Stops the clock for good. A clock stopped as MET after its due time was in fact breached: the
     * breach is recorded (fired late) and returned so it can be published.
     */
    public List<ClockFiring> stop(Instant at, SlaClockState how, String why, BusinessCalendar calendar,
            Duration lateAfter) {
        if (stoppedAt != null) {
            return List.of();
        }
        List<ClockFiring> firings = new ArrayList<>();
        if (how == SlaClockState.MET && runningSince != null && breachedAt == null && dueAt != null
                && at.isAfter(dueAt)) {
            breachedAt = dueAt;
            firings.add(ClockFiring.of(ClockFiring.Kind.BREACH, dueAt, at, lateAfter));
            record(at, "breached", "due " + dueAt + " passed before the clock stopped", calendar);
        }
        if (runningSince != null) {
            elapsedBefore = elapsedBefore.plus(calendar.businessTimeBetween(runningSince, at));
            runningSince = null;
        }
        stoppedAt = at;
        outcome = how == SlaClockState.MET && breachedAt != null ? SlaClockState.BREACHED : how;
        warnDueAt = null;
        record(at, outcome == SlaClockState.CANCELLED ? "cancelled" : "stopped", why + " (" + outcome + ")", calendar);
        return firings;
    }

    /** Runs a stopped clock again (the ticket was reopened), keeping the elapsed time and any breach. */
    public boolean reopen(Instant at, String why, BusinessCalendar calendar) {
        if (stoppedAt == null || outcome == SlaClockState.CANCELLED) {
            return false;
        }
        stoppedAt = null;
        outcome = null;
        runningSince = at;
        schedule(calendar, at);
        record(at, "reopened", why, calendar);
        return true;
    }

    /**
     * Applies another target, policy or calendar from {@code at} on. Business time already elapsed
     * is kept (counted on the old calendar up to {@code at}); a target already exceeded is due at
     * {@code at}.
     */
    public boolean retarget(SlaPolicy policy, Duration newTarget, BusinessCalendar oldCalendar,
            BusinessCalendar newCalendar, Instant at, String why) {
        if (stoppedAt != null) {
            return false;
        }
        boolean calendarChanges = !newCalendar.id().equals(calendarId) || newCalendar.version() != calendarVersion;
        if (!calendarChanges && newTarget.equals(target) && policy.id().equals(policyId) && policy.warnAt() == warnAt) {
            return false;
        }
        if (runningSince != null && calendarChanges) {
            elapsedBefore = elapsedBefore.plus(oldCalendar.businessTimeBetween(runningSince, at));
            runningSince = at;
        }
        String detail = why + ": policy " + policyId + " -> " + policy.id() + ", target " + target + " -> " + newTarget
                + (calendarChanges ? ", calendar " + calendarId + " v" + calendarVersion + " -> " + newCalendar.id()
                        + " v" + newCalendar.version() : "")
                + " (elapsed kept)";
        policyId = policy.id();
        target = newTarget;
        warnAt = policy.warnAt();
        calendarId = newCalendar.id();
        calendarVersion = newCalendar.version();
        schedule(newCalendar, at);
        record(at, "retargeted", detail, newCalendar);
        return true;
    }

    /** Fires the warning and the breach that are due at {@code now}, once each. */
    public List<ClockFiring> fire(Instant now, BusinessCalendar calendar, Duration lateAfter) {
        if (stoppedAt != null || runningSince == null) {
            return List.of();
        }
        List<ClockFiring> firings = new ArrayList<>();
        if (warnedAt == null && warnDueAt != null && !warnDueAt.isAfter(now)) {
            warnedAt = warnDueAt;
            ClockFiring firing = ClockFiring.of(ClockFiring.Kind.WARNING, warnDueAt, now, lateAfter);
            firings.add(firing);
            record(now, "warning", Math.round(warnAt * 100) + "% of " + target + (firing.late() ? " (late)" : ""),
                    calendar);
        }
        if (breachedAt == null && dueAt != null && !dueAt.isAfter(now)) {
            breachedAt = dueAt;
            ClockFiring firing = ClockFiring.of(ClockFiring.Kind.BREACH, dueAt, now, lateAfter);
            firings.add(firing);
            record(now, "breached", "target " + target + " exceeded" + (firing.late() ? " (late)" : ""), calendar);
        }
        return firings;
    }

    /** The next instant a timer must fire this clock at, if any. */
    public @Nullable Instant nextTimer() {
        if (stoppedAt != null || runningSince == null) {
            return null;
        }
        if (warnedAt == null && warnDueAt != null) {
            return warnDueAt;
        }
        return breachedAt == null ? dueAt : null;
    }

    public SlaClockState state() {
        if (stoppedAt != null && outcome != null) {
            return outcome;
        }
        if (breachedAt != null) {
            return SlaClockState.BREACHED;
        }
        return runningSince != null ? SlaClockState.RUNNING : SlaClockState.PAUSED;
    }

    public boolean isStopped() {
        return stoppedAt != null;
    }

    public boolean isRunning() {
        return stoppedAt == null && runningSince != null;
    }

    /** Business time counted up to {@code now} (or up to the stop). */
    public Duration elapsed(Instant now, BusinessCalendar calendar) {
        if (runningSince == null) {
            return elapsedBefore;
        }
        return elapsedBefore.plus(calendar.businessTimeBetween(runningSince, now));
    }

    /** Business time left before the breach; zero once exceeded. */
    public Duration remaining(Instant now, BusinessCalendar calendar) {
        Duration left = target.minus(elapsed(now, calendar));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void schedule(BusinessCalendar calendar, Instant notBefore) {
        if (runningSince == null || stoppedAt != null) {
            dueAt = null;
            warnDueAt = null;
            return;
        }
        dueAt = dueAfter(target, calendar, notBefore);
        if (warnedAt == null && warnAt < 1.0) {
            Duration warnTarget = Duration.ofMillis(Math.round(target.toMillis() * warnAt));
            warnDueAt = dueAfter(warnTarget, calendar, notBefore);
        }
        else {
            warnDueAt = null;
        }
    }

    private Instant dueAfter(Duration amount, BusinessCalendar calendar, Instant notBefore) {
        Duration left = amount.minus(elapsedBefore);
        if (left.isNegative() || runningSince == null) {
            return notBefore;
        }
        Instant due = calendar.plusBusinessTime(runningSince, left);
        return due.isBefore(notBefore) ? notBefore : due;
    }

    private void record(Instant at, String event, String detail, BusinessCalendar calendar) {
        explain.add(new ExplainStep(at, event, detail, elapsed(at, calendar), stoppedAt == null ? dueAt : null));
    }

    public String id() {
        return id;
    }

    public SlaClockKind kind() {
        return kind;
    }

    public @Nullable Integer tier() {
        return tier;
    }

    public @Nullable String team() {
        return team;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public String policyId() {
        return policyId;
    }

    public String calendarId() {
        return calendarId;
    }

    public int calendarVersion() {
        return calendarVersion;
    }

    public Duration target() {
        return target;
    }

    public double warnAt() {
        return warnAt;
    }

    public Duration elapsedBefore() {
        return elapsedBefore;
    }

    public @Nullable Instant runningSince() {
        return runningSince;
    }

    public @Nullable Instant dueAt() {
        return dueAt;
    }

    public @Nullable Instant warnDueAt() {
        return warnDueAt;
    }

    public @Nullable Instant warnedAt() {
        return warnedAt;
    }

    public @Nullable Instant breachedAt() {
        return breachedAt;
    }

    public @Nullable Instant stoppedAt() {
        return stoppedAt;
    }

    public @Nullable SlaClockState outcome() {
        return outcome;
    }

    public List<ExplainStep> explain() {
        return List.copyOf(explain);
    }
}
