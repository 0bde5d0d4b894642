package org.spoc.escalation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spoc.escalation.domain.BusinessCalendarTests.berlin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.ticket.TicketStatus;

class SlaClockTests {

    static final Duration LATE = Duration.ofSeconds(1);

    final BusinessCalendar office = BusinessCalendar.office();

    static SlaPolicy policy(String id, String calendar, Duration resolution) {
        return new SlaPolicy(id, new SlaPolicy.AppliesTo(Set.of(), Set.of()), calendar,
                new SlaPolicy.Targets(Duration.ofHours(1), resolution), Map.of(), 0.75, Set.of(TicketStatus.PENDING));
    }

    SlaClock officeClock(Instant at, Duration target) {
        return SlaClock.start("RESOLUTION", SlaClockKind.RESOLUTION, null, null, policy("p", "office", target), target,
                office, at, "ticket opened");
    }

    @Test
    void computesWarningAndDueOnBusinessHours() {
        SlaClock clock = officeClock(berlin("2026-11-23T09:00"), Duration.ofHours(8));
        assertThat(clock.warnDueAt()).isEqualTo(berlin("2026-11-23T15:00"));
        assertThat(clock.dueAt()).isEqualTo(berlin("2026-11-23T17:00"));
        assertThat(clock.nextTimer()).isEqualTo(berlin("2026-11-23T15:00"));
        assertThat(clock.state()).isEqualTo(SlaClockState.RUNNING);
    }

    @Test
    void movesTheDueTimeByTheBusinessTimeSpentPaused() {
        SlaClock clock = officeClock(berlin("2026-11-20T15:00"), Duration.ofHours(8));
        // Friday 15:00-16:00 counts, then pending until Tuesday 09:00
        assertThat(clock.pause(berlin("2026-11-20T16:00"), "status PENDING", office)).isTrue();
        assertThat(clock.state()).isEqualTo(SlaClockState.PAUSED);
        assertThat(clock.nextTimer()).isNull();
        assertThat(clock.elapsed(berlin("2026-11-23T12:00"), office)).isEqualTo(Duration.ofHours(1));
        assertThat(clock.resume(berlin("2026-11-24T09:00"), "status IN_PROGRESS", office)).isTrue();
        assertThat(clock.dueAt()).isEqualTo(berlin("2026-11-24T16:00"));
        assertThat(clock.warnDueAt()).isEqualTo(berlin("2026-11-24T14:00"));
        assertThat(clock.pause(berlin("2026-11-24T10:00"), "again", office)).isTrue();
        assertThat(clock.pause(berlin("2026-11-24T11:00"), "twice", office)).isFalse();
        assertThat(clock.resume(berlin("2026-11-24T12:00"), "again", office)).isTrue();
        assertThat(clock.dueAt()).isEqualTo(berlin("2026-11-25T10:00"));
    }

    @Test
    void keepsElapsedTimeWhenTheTargetChanges() {
        SlaClock clock = officeClock(berlin("2026-11-23T09:00"), Duration.ofHours(8));
        SlaPolicy tighter = policy("p2", "office", Duration.ofHours(4));
        clock.retarget(tighter, Duration.ofHours(4), office, office, berlin("2026-11-23T11:00"), "priority P3 -> P2");
        assertThat(clock.dueAt()).isEqualTo(berlin("2026-11-23T13:00"));
        assertThat(clock.warnDueAt()).isEqualTo(berlin("2026-11-23T12:00"));
        assertThat(clock.policyId()).isEqualTo("p2");
        assertThat(clock.elapsed(berlin("2026-11-23T11:00"), office)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void keepsPausedTimeWhenThePolicyChangesWhilePaused() {
        SlaClock clock = officeClock(berlin("2026-11-23T09:00"), Duration.ofHours(8));
        clock.pause(berlin("2026-11-23T12:00"), "status PENDING", office);
        clock.retarget(policy("p2", "office", Duration.ofHours(4)), Duration.ofHours(4), office, office,
                berlin("2026-11-23T13:00"), "priority P3 -> P2");
        assertThat(clock.dueAt()).isNull();
        clock.resume(berlin("2026-11-23T14:00"), "status IN_PROGRESS", office);
        assertThat(clock.dueAt()).isEqualTo(berlin("2026-11-23T15:00"));
    }

    @Test
    void countsElapsedTimeOnTheOldCalendarWhenTheCalendarChanges() {
        SlaClock clock = officeClock(berlin("2026-11-20T16:00"), Duration.ofHours(8));
        BusinessCalendar always = BusinessCalendar.twentyFourSeven();
        // one office hour on Friday, then from Saturday 10:00 round the clock: 7 h left
        clock.retarget(policy("p1", "24x7", Duration.ofHours(8)), Duration.ofHours(8), office, always,
                berlin("2026-11-21T10:00"), "priority P3 -> P1");
        assertThat(clock.calendarId()).isEqualTo("24x7");
        assertThat(clock.dueAt()).isEqualTo(berlin("2026-11-21T17:00"));
        assertThat(clock.explain()).last().satisfies(step -> {
            assertThat(step.event()).isEqualTo("retargeted");
            assertThat(step.detail()).contains("calendar office v1 -> 24x7 v1", "elapsed kept");
            assertThat(step.elapsed()).isEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void dueAtOnceWhenANewTargetIsAlreadyExceeded() {
        SlaClock clock = officeClock(berlin("2026-11-23T09:00"), Duration.ofHours(8));
        Instant change = berlin("2026-11-23T14:00");
        clock.retarget(policy("p1", "office", Duration.ofHours(4)), Duration.ofHours(4), office, office, change, "P1");
        assertThat(clock.dueAt()).isEqualTo(change);
        assertThat(clock.fire(change, office, LATE)).extracting(ClockFiring::kind, ClockFiring::late)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ClockFiring.Kind.WARNING, false),
                        org.assertj.core.groups.Tuple.tuple(ClockFiring.Kind.BREACH, false));
    }

    @Test
    void firesWarningAndBreachOnceEach() {
        SlaClock clock = officeClock(berlin("2026-11-23T09:00"), Duration.ofHours(8));
        assertThat(clock.fire(berlin("2026-11-23T14:59:59"), office, LATE)).isEmpty();
        assertThat(clock.fire(berlin("2026-11-23T15:00:00.300"), office, LATE)).singleElement()
                .satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(ClockFiring.Kind.WARNING);
                    assertThat(f.late()).isFalse();
                    assertThat(f.lateness()).isEqualTo(Duration.ofMillis(300));
                });
        assertThat(clock.fire(berlin("2026-11-23T15:00:01"), office, LATE)).isEmpty();
        assertThat(clock.nextTimer()).isEqualTo(berlin("2026-11-23T17:00"));
        assertThat(clock.fire(berlin("2026-11-23T17:00"), office, LATE)).singleElement()
                .extracting(ClockFiring::kind).isEqualTo(ClockFiring.Kind.BREACH);
        assertThat(clock.state()).isEqualTo(SlaClockState.BREACHED);
        assertThat(clock.nextTimer()).isNull();
        assertThat(clock.fire(berlin("2026-11-24T17:00"), office, LATE)).isEmpty();
    }

    @Test
    void flagsFiringsLateAfterARestartSpannedThem() {
        SlaClock clock = officeClock(berlin("2026-11-23T09:00"), Duration.ofHours(8));
        assertThat(clock.fire(berlin("2026-11-24T09:30"), office, LATE))
                .extracting(ClockFiring::kind, ClockFiring::dueAt, ClockFiring::late)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ClockFiring.Kind.WARNING, berlin("2026-11-23T15:00"), true),
                        org.assertj.core.groups.Tuple.tuple(ClockFiring.Kind.BREACH, berlin("2026-11-23T17:00"), true));
        assertThat(clock.breachedAt()).isEqualTo(berlin("2026-11-23T17:00"));
    }

    @Test
    void recordsABreachWhenMetAfterTheDueTimeBeforeTheTimerFired() {
        SlaClock clock = officeClock(berlin("2026-11-23T09:00"), Duration.ofHours(8));
        assertThat(clock.stop(berlin("2026-11-23T17:00:00.500"), SlaClockState.MET, "ticket resolved", office, LATE))
                .singleElement().extracting(ClockFiring::kind).isEqualTo(ClockFiring.Kind.BREACH);
        assertThat(clock.state()).isEqualTo(SlaClockState.BREACHED);
        SlaClock intime = officeClock(berlin("2026-11-23T09:00"), Duration.ofHours(8));
        assertThat(intime.stop(berlin("2026-11-23T16:59"), SlaClockState.MET, "ticket resolved", office, LATE)).isEmpty();
        assertThat(intime.state()).isEqualTo(SlaClockState.MET);
        assertThat(intime.elapsed(berlin("2026-11-30T10:00"), office)).isEqualTo(Duration.ofMinutes(479));
        assertThat(intime.nextTimer()).isNull();
    }

    @Test
    void reopensWithElapsedTimeKept() {
        SlaClock clock = officeClock(berlin("2026-11-23T09:00"), Duration.ofHours(8));
        clock.stop(berlin("2026-11-23T13:00"), SlaClockState.MET, "ticket resolved", office, LATE);
        assertThat(clock.reopen(berlin("2026-11-24T09:00"), "ticket reopened", office)).isTrue();
        assertThat(clock.state()).isEqualTo(SlaClockState.RUNNING);
        assertThat(clock.dueAt()).isEqualTo(berlin("2026-11-24T13:00"));
    }

    @Test
    void explainsHowTheDueTimeCameAbout() {
        SlaClock clock = officeClock(berlin("2026-11-23T09:00"), Duration.ofHours(8));
        clock.pause(berlin("2026-11-23T10:00"), "status PENDING", office);
        clock.resume(berlin("2026-11-23T11:30"), "status IN_PROGRESS", office);
        assertThat(clock.explain()).extracting(ExplainStep::event, ExplainStep::dueAt, ExplainStep::elapsed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("started", berlin("2026-11-23T17:00"), Duration.ZERO),
                        org.assertj.core.groups.Tuple.tuple("paused", null, Duration.ofHours(1)),
                        org.assertj.core.groups.Tuple.tuple("resumed", berlin("2026-11-24T10:30"), Duration.ofHours(1)));
        assertThat(clock.explain().getFirst().detail()).contains("policy p", "target PT8H", "calendar office v1");
    }
}
