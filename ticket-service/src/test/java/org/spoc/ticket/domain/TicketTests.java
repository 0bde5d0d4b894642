package org.spoc.ticket.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spoc.events.EventType;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.events.ticket.Visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketTests {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final Duration WINDOW = Duration.ofDays(7);
    static final Actor ALICE = Actor.requester("alice");
    static final Actor BOB = Actor.requester("bob");
    static final Actor HANK = Actor.agent("hank", "service-desk");

    static Ticket newIncident() {
        NewTicket spec = new NewTicket(TicketType.INCIDENT, "VPN drops", "every 5 minutes", Level.HIGH, Level.MEDIUM,
                "network", null, null, null, Map.of(), "alice", "portal");
        Ticket ticket = Ticket.open("t-1", "INC0000001", spec, Priority.P2, "service-desk", 1, T0.plusSeconds(3600),
                ALICE, T0);
        ticket.markStored();
        return ticket;
    }

    static Ticket inProgress() {
        Ticket t = newIncident();
        t.assign("service-desk", 1, "hank", HANK, null, T0.plusSeconds(60));
        t.transition(TicketStatus.IN_PROGRESS, null, null, HANK, T0.plusSeconds(120), WINDOW);
        return t;
    }

    static Ticket resolved() {
        Ticket t = inProgress();
        t.transition(TicketStatus.RESOLVED, new Resolution("FIXED", "reset the VPN profile"), null, HANK,
                T0.plusSeconds(600), WINDOW);
        return t;
    }

    @Test
    void opensAtVersionOneWithAnOpenedEventCarryingTheSnapshot() {
        Ticket t = newIncident();
        t = Ticket.open("t-2", "INC0000002", new NewTicket(TicketType.INCIDENT, "x", "y", Level.LOW, Level.LOW, null,
                null, null, null, Map.of(), "alice", "portal"), Priority.P5, "service-desk", 1, null, ALICE, T0);

        assertThat(t.version()).isEqualTo(1);
        assertThat(t.status()).isEqualTo(TicketStatus.NEW);
        assertThat(t.pendingEvents()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.TICKET_OPENED);
            assertThat(e.data().ticket().version()).isEqualTo(1);
            assertThat(e.data().ticket().number()).isEqualTo("INC0000002");
            assertThat(e.data().actor()).isEqualTo("alice");
        });
    }

    @Test
    void assignmentReturnsTheAssignedEventAndMovesNewToAssigned() {
        Ticket t = newIncident();

        List<RaisedEvent> events = t.assign("network-ops", 2, "nora", HANK, "network fault", T0.plusSeconds(60));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.TICKET_ASSIGNED);
            assertThat(e.data().ticket().version()).isEqualTo(2);
            assertThat(e.data().ticket().assignmentGroup()).isEqualTo("network-ops");
            assertThat(e.data().ticket().tier()).isEqualTo(2);
            assertThat(e.data().changes()).extracting("field")
                    .containsExactly("assignmentGroup", "tier", "assignee", "status");
        });
        assertThat(t.status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(t.reassignments()).isEqualTo(1);
    }

    @Test
    void rejectsTransitionFromClosedToInProgressListingNone() {
        Ticket t = resolved();
        t.transition(TicketStatus.CLOSED, null, null, HANK, T0.plusSeconds(700), WINDOW);

        assertThatThrownBy(() -> t.transition(TicketStatus.IN_PROGRESS, null, null, HANK, T0.plusSeconds(800), WINDOW))
                .isInstanceOfSatisfying(TransitionNotAllowed.class, ex -> assertThat(ex.allowed()).isEmpty());
    }

    @Test
    void rejectsTransitionFromNewToResolvedListingTheAllowedOnes() {
        Ticket t = newIncident();

        assertThatThrownBy(() -> t.transition(TicketStatus.RESOLVED, new Resolution("FIXED", "n"), null, HANK,
                T0, WINDOW)).isInstanceOfSatisfying(TransitionNotAllowed.class, ex -> assertThat(ex.allowed())
                        .containsExactly(TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS, TicketStatus.CANCELLED));
        assertThat(t.version()).isEqualTo(1);
    }

    @Test
    void requiresAResolutionToResolve() {
        Ticket t = inProgress();

        assertThatThrownBy(() -> t.transition(TicketStatus.RESOLVED, null, null, HANK, T0, WINDOW))
                .isInstanceOfSatisfying(InvalidTicketInput.class,
                        ex -> assertThat(ex.field()).isEqualTo("resolution"));
    }

    @Test
    void resolvingRecordsCodeTimeAndRaisesResolved() {
        Ticket t = inProgress();

        List<RaisedEvent> events = t.transition(TicketStatus.RESOLVED, new Resolution("FIXED", "new profile"), null,
                HANK, T0.plusSeconds(900), WINDOW);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.TICKET_RESOLVED);
            assertThat(e.data().ticket().resolutionCode()).isEqualTo("FIXED");
            assertThat(e.data().ticket().resolvedAt()).isEqualTo(T0.plusSeconds(900));
        });
    }

    @Test
    void aRequesterReplyToAResolvedTicketReopensItWithinTheWindow() {
        Ticket t = resolved();
        long before = t.version();

        List<RaisedEvent> events = t.comment("still broken", Visibility.PUBLIC, ALICE, T0.plus(Duration.ofDays(2)),
                WINDOW);

        assertThat(events).extracting(RaisedEvent::type)
                .containsExactly(EventType.TICKET_COMMENTED, EventType.TICKET_REOPENED);
        assertThat(events).extracting(e -> e.data().ticket().version()).containsExactly(before + 1, before + 2);
        assertThat(t.status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(t.reopens()).isEqualTo(1);
        assertThat(t.resolvedAt()).isNull();
    }

    @Test
    void aReplyAfterTheReopenWindowDoesNotReopen() {
        Ticket t = resolved();

        List<RaisedEvent> events = t.comment("thanks", Visibility.PUBLIC, ALICE, T0.plus(Duration.ofDays(8)), WINDOW);

        assertThat(events).extracting(RaisedEvent::type).containsExactly(EventType.TICKET_COMMENTED);
        assertThat(t.status()).isEqualTo(TicketStatus.RESOLVED);
        assertThatThrownBy(() -> t.transition(TicketStatus.IN_PROGRESS, null, null, ALICE,
                T0.plus(Duration.ofDays(8)), WINDOW)).isInstanceOf(TransitionNotAllowed.class);
    }

    @Test
    void requestersMayNotWriteInternalCommentsNorMoveTicketsLikeAgents() {
        Ticket t = newIncident();

        assertThatThrownBy(() -> t.comment("psst", Visibility.INTERNAL, ALICE, T0, WINDOW))
                .isInstanceOf(NotPermitted.class);
        assertThatThrownBy(() -> t.transition(TicketStatus.IN_PROGRESS, null, null, ALICE, T0, WINDOW))
                .isInstanceOf(NotPermitted.class);
    }

    @Test
    void hidesInternalCommentsAndTheirHistoryFromRequesters() {
        Ticket t = newIncident();
        t.comment("looks like the concentrator", Visibility.INTERNAL, HANK, T0.plusSeconds(10), WINDOW);
        t.comment("we are on it", Visibility.PUBLIC, HANK, T0.plusSeconds(20), WINDOW);

        assertThat(t.commentsFor(ALICE)).extracting(Comment::body).containsExactly("we are on it");
        assertThat(t.commentsFor(HANK)).hasSize(2);
        assertThat(t.historyFor(ALICE)).noneMatch(h -> String.valueOf(h.to()).contains("concentrator"));
        assertThat(t.historyFor(HANK)).anyMatch(h -> String.valueOf(h.to()).contains("concentrator"));
    }

    @Test
    void onlyTheRequesterAndTheDeskSeeATicket() {
        Ticket t = newIncident();

        assertThat(t.visibleTo(ALICE)).isTrue();
        assertThat(t.visibleTo(HANK)).isTrue();
        assertThat(t.visibleTo(BOB)).isFalse();
    }

    @Test
    void everyEventRaisesTheVersionByOneAndWritesHistory() {
        Ticket t = inProgress();
        t.logWork(30, "diagnosis", HANK, T0.plusSeconds(300));
        t.logWork(15, "fix", HANK, T0.plusSeconds(400));

        assertThat(t.version()).isEqualTo(5);
        assertThat(t.totalMinutes()).isEqualTo(45);
        assertThat(t.historySinceBaseline()).extracting(HistoryEntry::event).contains("spoc.ticket.work-logged.v1");
        assertThat(t.pendingEvents()).extracting(e -> e.data().ticket().version()).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void appliesAnEscalationOnceMovingTheTicketToTheTargetTeamAndTier() {
        Ticket t = inProgress();

        List<RaisedEvent> first = t.escalate("ev-1", "network-ops", 2, "FUNCTIONAL", "SLA at 75%",
                Actor.system("escalation-service"), T0.plusSeconds(500));
        List<RaisedEvent> again = t.escalate("ev-1", "network-ops", 2, "FUNCTIONAL", "SLA at 75%",
                Actor.system("escalation-service"), T0.plusSeconds(501));

        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.data().ticket().assignmentGroup()).isEqualTo("network-ops");
            assertThat(e.data().ticket().tier()).isEqualTo(2);
            assertThat(e.data().ticket().assignee()).isNull();
            assertThat(e.data().reason()).isEqualTo("SLA at 75%");
        });
        assertThat(again).isEmpty();
        assertThat(t.historyFor(HANK)).anyMatch(h -> "SLA at 75%".equals(h.reason()));
    }

    @Test
    void anUnchangedSuggestionListRaisesNothing() {
        Ticket t = newIncident();
        List<SuggestedArticle> articles = List.of(new SuggestedArticle("kb-1", "VPN", 0.9, false));

        assertThat(t.suggest("e1", articles, Actor.system("k"), T0)).hasSize(1);
        assertThat(t.suggest("e2", articles, Actor.system("k"), T0)).isEmpty();
    }

    @Test
    void overridingThePriorityKeepsTheReason() {
        Ticket t = newIncident();

        t.overridePriority(Priority.P1, "CEO cannot work", null, HANK, T0.plusSeconds(5));

        assertThat(t.priority()).isEqualTo(Priority.P1);
        assertThat(t.priorityOverride()).isNotNull();
        assertThat(t.priorityOverride().reason()).isEqualTo("CEO cannot work");
        assertThat(t.priorityOverride().matrixPriority()).isEqualTo(Priority.P2);
    }
}
