package org.spoc.escalation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.events.ticket.Visibility;

class TicketSlaTests {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    InMemorySlaCatalog catalog;
    SlaContext context;
    TicketFixture ticket;

    @BeforeEach
    void setUp() {
        catalog = new InMemorySlaCatalog();
        catalog.put(new SlaPolicy("p3-incident", new SlaPolicy.AppliesTo(Set.of(TicketType.INCIDENT), Set.of(Priority.P3)),
                "24x7", new SlaPolicy.Targets(Duration.ofHours(1), Duration.ofHours(8)),
                Map.of(2, Duration.ofHours(4), 3, Duration.ofHours(8)), 0.75, Set.of(TicketStatus.PENDING)));
        catalog.put(new SlaPolicy("p2-incident", new SlaPolicy.AppliesTo(Set.of(TicketType.INCIDENT), Set.of(Priority.P2)),
                "24x7", new SlaPolicy.Targets(Duration.ofMinutes(30), Duration.ofHours(4)),
                Map.of(2, Duration.ofHours(2)), 0.75, Set.of(TicketStatus.PENDING)));
        context = new SlaContext(catalog, Duration.ofSeconds(1));
        ticket = new TicketFixture(T0);
    }

    TicketSla opened() {
        TicketSla sla = TicketSla.open(ticket.event(T0), EventType.TICKET_OPENED.type(), T0, context);
        return sla;
    }

    static List<String> types(List<PendingEvent> events) {
        return events.stream().map(e -> e.type().type()).toList();
    }

    static List<SlaEvent> slaEvents(List<PendingEvent> events) {
        return events.stream().filter(e -> e.data() instanceof SlaEvent).map(e -> (SlaEvent) e.data()).toList();
    }

    static List<EscalationRaised> escalations(List<PendingEvent> events) {
        return events.stream().filter(e -> e.data() instanceof EscalationRaised).map(e -> (EscalationRaised) e.data()).toList();
    }

    @Test
    void startsFirstResponseAndResolutionClocksWhenOpened() {
        TicketSla sla = opened();
        List<PendingEvent> events = sla.drainEvents();
        assertThat(slaEvents(events)).extracting(SlaEvent::clock, SlaEvent::state, SlaEvent::dueAt, SlaEvent::policyId)
                .containsExactly(tuple(SlaClockKind.FIRST_RESPONSE, SlaClockState.RUNNING, T0.plusSeconds(3600), "p3-incident"),
                        tuple(SlaClockKind.RESOLUTION, SlaClockState.RUNNING, T0.plus(Duration.ofHours(8)), "p3-incident"));
        assertThat(types(events)).containsOnly(EventType.SLA_STARTED.type());
        assertThat(sla.nextDueAt()).isEqualTo(T0.plus(Duration.ofMinutes(45)));
        assertThat(sla.drainEvents()).isEmpty();
    }

    @Test
    void ignoresEventsThatAreNotNewer() {
        TicketSla sla = opened();
        sla.drainEvents();
        ticket.status = TicketStatus.PENDING;
        assertThat(sla.apply(ticket.event(T0.plusSeconds(60)), EventType.TICKET_STATUS_CHANGED.type(), T0.plusSeconds(60), context))
                .isFalse();
        assertThat(sla.drainEvents()).isEmpty();
        assertThat(sla.status()).isEqualTo(TicketStatus.NEW);
    }

    @Test
    void pausesOnPendingAndMovesTheDueTimeOnResume() {
        TicketSla sla = opened();
        ticket.next().status = TicketStatus.PENDING;
        sla.apply(ticket.event(T0.plus(Duration.ofHours(1))), EventType.TICKET_STATUS_CHANGED.type(), T0.plus(Duration.ofHours(1)), context);
        sla.drainEvents();
        assertThat(sla.clock(TicketSla.RESOLUTION_ID)).get().extracting(SlaClock::state).isEqualTo(SlaClockState.PAUSED);
        assertThat(sla.nextDueAt()).isNull();
        ticket.next().status = TicketStatus.ASSIGNED;
        Instant resumedAt = T0.plus(Duration.ofHours(3));
        sla.apply(ticket.event(resumedAt), EventType.TICKET_STATUS_CHANGED.type(), resumedAt, context);
        assertThat(slaEvents(sla.drainEvents())).extracting(SlaEvent::clock, SlaEvent::state, SlaEvent::dueAt)
                .contains(tuple(SlaClockKind.RESOLUTION, SlaClockState.RUNNING, T0.plus(Duration.ofHours(10))));
    }

    @Test
    void keepsElapsedTimeWhenThePriorityChanges() {
        TicketSla sla = opened();
        ticket.next().priority = Priority.P2;
        Instant change = T0.plus(Duration.ofHours(1));
        sla.apply(ticket.event(change), EventType.TICKET_CHANGED.type(), change, context);
        SlaClock resolution = sla.clock(TicketSla.RESOLUTION_ID).orElseThrow();
        assertThat(resolution.target()).isEqualTo(Duration.ofHours(4));
        assertThat(resolution.dueAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(resolution.explain()).extracting(ExplainStep::event).containsExactly("started", "retargeted");
        assertThat(resolution.explain().getLast().detail()).contains("priority P3 -> P2", "p3-incident -> p2-incident");
        // first response: 30 min target is exceeded after an hour, so it is due at the change
        assertThat(sla.clock(TicketSla.FIRST_RESPONSE_ID)).get().extracting(SlaClock::dueAt).isEqualTo(change);
    }

    @Test
    void keepsAPauseWhenThePriorityChangesWhilePending() {
        TicketSla sla = opened();
        ticket.next().status = TicketStatus.PENDING;
        sla.apply(ticket.event(T0.plus(Duration.ofHours(1))), "x", T0.plus(Duration.ofHours(1)), context);
        ticket.next().priority = Priority.P2;
        sla.apply(ticket.event(T0.plus(Duration.ofHours(2))), "x", T0.plus(Duration.ofHours(2)), context);
        assertThat(sla.clock(TicketSla.RESOLUTION_ID)).get().extracting(SlaClock::state).isEqualTo(SlaClockState.PAUSED);
        ticket.next().status = TicketStatus.IN_PROGRESS;
        sla.apply(ticket.event(T0.plus(Duration.ofHours(5))), "x", T0.plus(Duration.ofHours(5)), context);
        assertThat(sla.clock(TicketSla.RESOLUTION_ID)).get().extracting(SlaClock::dueAt)
                .isEqualTo(T0.plus(Duration.ofHours(8)));
    }

    @Test
    void meetsFirstResponseOnAPublicCommentByAnAgent() {
        TicketSla sla = opened();
        Instant at = T0.plus(Duration.ofMinutes(10));
        sla.apply(ticket.next().event(at, TicketFixture.comment("alice", Visibility.PUBLIC, at)),
                EventType.TICKET_COMMENTED.type(), at, context);
        sla.apply(ticket.next().event(at, TicketFixture.comment("hank", Visibility.INTERNAL, at)),
                EventType.TICKET_COMMENTED.type(), at, context);
        assertThat(sla.clock(TicketSla.FIRST_RESPONSE_ID)).get().extracting(SlaClock::state).isEqualTo(SlaClockState.RUNNING);
        Instant answered = T0.plus(Duration.ofMinutes(20));
        sla.apply(ticket.next().event(answered, TicketFixture.comment("hank", Visibility.PUBLIC, answered)),
                EventType.TICKET_COMMENTED.type(), answered, context);
        assertThat(slaEvents(sla.drainEvents())).filteredOn(e -> e.state() == SlaClockState.MET)
                .extracting(SlaEvent::clock, SlaEvent::elapsed).containsExactly(tuple(SlaClockKind.FIRST_RESPONSE, Duration.ofMinutes(20)));
    }

    @Test
    void meetsFirstResponseWhenWorkStarts() {
        TicketSla sla = opened();
        ticket.next().status = TicketStatus.IN_PROGRESS;
        sla.apply(ticket.event(T0.plusSeconds(300)), EventType.TICKET_STATUS_CHANGED.type(), T0.plusSeconds(300), context);
        assertThat(sla.clock(TicketSla.FIRST_RESPONSE_ID)).get().extracting(SlaClock::state).isEqualTo(SlaClockState.MET);
    }

    @Test
    void meetsEveryClockWhenResolved() {
        TicketSla sla = opened();
        sla.drainEvents();
        ticket.next().status = TicketStatus.RESOLVED;
        sla.apply(ticket.event(T0.plus(Duration.ofHours(2))), EventType.TICKET_RESOLVED.type(), T0.plus(Duration.ofHours(2)), context);
        List<PendingEvent> events = sla.drainEvents();
        // first response was never answered in time: resolving after its due time breached it
        assertThat(slaEvents(events)).extracting(SlaEvent::clock, SlaEvent::state, SlaEvent::late)
                .containsExactly(tuple(SlaClockKind.FIRST_RESPONSE, SlaClockState.BREACHED, true),
                        tuple(SlaClockKind.RESOLUTION, SlaClockState.MET, false));
        assertThat(sla.nextDueAt()).isNull();
    }

    @Test
    void raisesAFunctionalEscalationToTheCategoryTeamAtTheWarning() {
        TicketSla sla = opened();
        ticket.next().status = TicketStatus.IN_PROGRESS;
        sla.apply(ticket.event(T0.plusSeconds(60)), "x", T0.plusSeconds(60), context);
        sla.drainEvents();
        Instant warning = T0.plus(Duration.ofHours(6));
        assertThat(sla.nextDueAt()).isEqualTo(warning);
        assertThat(sla.fireTimers(warning.plusMillis(200), context)).hasSize(1);
        List<PendingEvent> events = sla.drainEvents();
        assertThat(types(events)).containsExactly(EventType.SLA_WARNING.type(), EventType.ESCALATION_RAISED.type());
        PendingEvent raised = events.get(1);
        assertThat(raised.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(CloudEvent.H_TEAM, "network-ops", CloudEvent.H_TIER, "2"));
        EscalationRaised data = (EscalationRaised) raised.data();
        assertThat(data.kind()).isEqualTo(EscalationKind.FUNCTIONAL);
        assertThat(data.fromTier()).isEqualTo(1);
        assertThat(data.fromTeam()).isEqualTo("service-desk");
        assertThat(data.sla()).isNotNull();
        assertThat(data.sla().elapsedRatio()).isEqualTo(0.75);
        assertThat(sla.fireTimers(warning.plusSeconds(5), context)).isEmpty();
    }

    @Test
    void raisesAHierarchicalEscalationToTheManagerOnBreach() {
        TicketSla sla = opened();
        ticket.next().status = TicketStatus.IN_PROGRESS;
        sla.apply(ticket.event(T0.plusSeconds(60)), "x", T0.plusSeconds(60), context);
        sla.fireTimers(T0.plus(Duration.ofHours(6)), context);
        sla.drainEvents();
        Instant due = T0.plus(Duration.ofHours(8));
        sla.fireTimers(due.plusSeconds(3), context);
        List<PendingEvent> events = sla.drainEvents();
        assertThat(types(events)).containsExactly(EventType.SLA_BREACHED.type(), EventType.ESCALATION_RAISED.type());
        assertThat(slaEvents(events)).singleElement().extracting(SlaEvent::late).isEqualTo(true);
        assertThat(escalations(events)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EscalationKind.HIERARCHICAL);
            assertThat(e.manager()).isEqualTo("mia");
            assertThat(e.team()).isEqualTo("service-desk");
            assertThat(e.sla().breached()).isTrue();
        });
    }

    @Test
    void sendsP1IncidentsToTierTwoAtOnceAndTellsTheManager() {
        ticket.priority = Priority.P1;
        ticket.category = "Storage";
        TicketSla sla = opened();
        List<EscalationRaised> raised = escalations(sla.drainEvents());
        assertThat(raised).extracting(EscalationRaised::kind, EscalationRaised::toTier, EscalationRaised::team, EscalationRaised::manager)
                .containsExactly(tuple(EscalationKind.FUNCTIONAL, 3, "infrastructure-eng", null),
                        tuple(EscalationKind.HIERARCHICAL, 1, "service-desk", "mia"));
        ticket.next().status = TicketStatus.ASSIGNED;
        sla.apply(ticket.event(T0.plusSeconds(5)), "x", T0.plusSeconds(5), context);
        assertThat(escalations(sla.drainEvents())).isEmpty();
    }

    @Test
    void escalatesAPriorityRaisedToP1() {
        ticket.category = null;
        TicketSla sla = opened();
        sla.drainEvents();
        ticket.next().priority = Priority.P1;
        sla.apply(ticket.event(T0.plusSeconds(60)), "x", T0.plusSeconds(60), context);
        assertThat(escalations(sla.drainEvents())).extracting(EscalationRaised::toTier, EscalationRaised::team)
                .containsExactly(tuple(2, "desktop-support"), tuple(1, "service-desk"));
    }

    @Test
    void restartsTheTierClockWhenTheTicketMovesToAnotherGroup() {
        TicketSla sla = opened();
        sla.drainEvents();
        ticket.next().group = "network-ops";
        ticket.tier = 2;
        Instant moved = T0.plus(Duration.ofHours(1));
        sla.apply(ticket.event(moved), EventType.TICKET_ASSIGNED.type(), moved, context);
        assertThat(slaEvents(sla.drainEvents())).extracting(SlaEvent::clock, SlaEvent::tier, SlaEvent::team, SlaEvent::dueAt)
                .containsExactly(tuple(SlaClockKind.TIER, 2, "network-ops", moved.plus(Duration.ofHours(4))));
        ticket.next().group = "desktop-support";
        Instant again = T0.plus(Duration.ofHours(2));
        sla.apply(ticket.event(again), EventType.TICKET_ASSIGNED.type(), again, context);
        assertThat(slaEvents(sla.drainEvents())).extracting(SlaEvent::clock, SlaEvent::team, SlaEvent::state)
                .containsExactly(tuple(SlaClockKind.TIER, "network-ops", SlaClockState.MET),
                        tuple(SlaClockKind.TIER, "desktop-support", SlaClockState.RUNNING));
        assertThat(sla.reassignments()).isEqualTo(2);
    }

    @Test
    void countsBounceBacksAndTimeInTier() {
        TicketSla sla = opened();
        ticket.next().group = "network-ops";
        ticket.tier = 2;
        sla.apply(ticket.event(T0.plus(Duration.ofHours(1))), "x", T0.plus(Duration.ofHours(1)), context);
        sla.drainFacts();
        ticket.next().group = "service-desk";
        ticket.tier = 1;
        sla.apply(ticket.event(T0.plus(Duration.ofHours(3))), "x", T0.plus(Duration.ofHours(3)), context);
        assertThat(sla.bounceBacks()).isEqualTo(1);
        assertThat(sla.drainFacts()).containsExactly(new SlaFact.BounceBack("network-ops", 2, "service-desk", 1),
                new SlaFact.TierLeft(2, "network-ops", Duration.ofHours(2)));
        assertThat(sla.tierHistory()).extracting(TierStay::tier).containsExactly(1, 2, 1);
    }

    @Test
    void escalatesToTheManagerWhenReassignedTooOften() {
        TicketSla sla = opened();
        String[] groups = {"network-ops", "desktop-support", "network-ops", "desktop-support"};
        for (int i = 0; i < groups.length; i++) {
            ticket.next().group = groups[i];
            ticket.tier = 2;
            sla.apply(ticket.event(T0.plusSeconds(60L * (i + 1))), "x", T0.plusSeconds(60L * (i + 1)), context);
            List<EscalationRaised> raised = escalations(sla.drainEvents());
            if (i < 3) {
                assertThat(raised).as("after %d reassignments", i + 1).isEmpty();
            }
            else {
                assertThat(raised).singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(EscalationKind.HIERARCHICAL);
                    assertThat(e.reason()).contains("reassigned 4 times");
                });
            }
        }
    }

    @Test
    void raisesAnAgentsRequestToTheNextTierAndRefusesAboveTheTop() {
        TicketSla sla = opened();
        Escalation escalation = sla.requestEscalation("hank", "needs a network engineer", T0.plusSeconds(30), context);
        assertThat(escalation).extracting(Escalation::toTier, Escalation::team, Escalation::requestedBy, Escalation::trigger)
                .containsExactly(2, "network-ops", "hank", "REQUEST");
        ticket.next().group = "infrastructure-eng";
        ticket.tier = 3;
        sla.apply(ticket.event(T0.plusSeconds(60)), "x", T0.plusSeconds(60), context);
        assertThatThrownBy(() -> sla.requestEscalation("vera", "help", T0.plusSeconds(90), context))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("top tier");
    }

    @Test
    void reopensTheResolutionClockWithElapsedTimeKept() {
        TicketSla sla = opened();
        ticket.next().status = TicketStatus.RESOLVED;
        sla.apply(ticket.event(T0.plus(Duration.ofHours(2))), "x", T0.plus(Duration.ofHours(2)), context);
        ticket.next().status = TicketStatus.ASSIGNED;
        sla.apply(ticket.event(T0.plus(Duration.ofHours(5))), EventType.TICKET_REOPENED.type(), T0.plus(Duration.ofHours(5)), context);
        assertThat(sla.clock(TicketSla.RESOLUTION_ID)).get().satisfies(clock -> {
            assertThat(clock.state()).isEqualTo(SlaClockState.RUNNING);
            assertThat(clock.dueAt()).isEqualTo(T0.plus(Duration.ofHours(11)));
        });
    }

    @Test
    void cancelsClocksOfACancelledTicketWithoutEvents() {
        TicketSla sla = opened();
        sla.drainEvents();
        ticket.next().status = TicketStatus.CANCELLED;
        sla.apply(ticket.event(T0.plusSeconds(60)), "x", T0.plusSeconds(60), context);
        assertThat(sla.drainEvents()).isEmpty();
        assertThat(sla.clocks()).extracting(SlaClock::state).containsOnly(SlaClockState.CANCELLED);
        assertThat(sla.nextDueAt()).isNull();
    }

    @Test
    void firesLateAfterARestartSpannedWarningAndBreach() {
        TicketSla sla = opened();
        sla.drainEvents();
        sla.fireTimers(T0.plus(Duration.ofHours(30)), context);
        assertThat(slaEvents(sla.drainEvents())).extracting(SlaEvent::clock, SlaEvent::state, SlaEvent::late)
                .containsExactly(tuple(SlaClockKind.FIRST_RESPONSE, SlaClockState.RUNNING, true),
                        tuple(SlaClockKind.FIRST_RESPONSE, SlaClockState.BREACHED, true),
                        tuple(SlaClockKind.RESOLUTION, SlaClockState.RUNNING, true),
                        tuple(SlaClockKind.RESOLUTION, SlaClockState.BREACHED, true));
    }

    @Test
    void startsClocksOfAnImportedTicketAtItsOriginalTime() {
        Instant original = Instant.parse("2025-01-10T10:00:00Z");
        ticket.openedAt = original;
        ticket.status = TicketStatus.RESOLVED;
        TicketSla sla = TicketSla.open(ticket.event(original.plus(Duration.ofHours(3))), EventType.TICKET_OPENED.type(),
                original.plus(Duration.ofHours(3)), context);
        assertThat(sla.clock(TicketSla.RESOLUTION_ID)).get().satisfies(clock -> {
            assertThat(clock.startedAt()).isEqualTo(original);
            assertThat(clock.state()).isEqualTo(SlaClockState.MET);
            assertThat(clock.elapsed(Instant.now(), BusinessCalendar.twentyFourSeven())).isEqualTo(Duration.ofHours(3));
        });
    }
}
