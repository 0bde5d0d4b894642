package org.spoc.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spoc.events.EventType;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.knowledge.KnowledgeSuggested;
import org.spoc.events.knowledge.Suggestion;
import org.spoc.events.problem.LinkedIncident;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.events.problem.ProblemSnapshot;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.Visibility;

import static org.spoc.notification.TestEvents.*;

class NotificationRulesTests {

    static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    static final Directory DIRECTORY = new Directory(Map.of(),
            Map.of("service-desk", new Directory.Group(List.of("hank", "mia"), "mia"),
                    "network-ops", new Directory.Group(List.of("nora"), "mia")),
            List.of("mia"), "spoc.local", ZoneOffset.UTC);

    final NotificationRules rules = new NotificationRules(DIRECTORY, List.of());

    @Test
    void tellsTheRequesterThatTheTicketWasOpened() {
        TicketSnapshot t = ticket("t1", "alice", TicketStatus.NEW, null, null, 1, NOW);

        List<Intent> intents = rules.intentsFor(incoming(EventType.TICKET_OPENED, "t1", ticketEvent(t, "alice"), NOW));

        assertThat(intents).extracting(Intent::recipient, Intent::kind, Intent::subject)
                .containsExactly(tuple("alice", NotificationKind.TICKET_OPENED, "t1"));
        assertThat(intents.getFirst().title()).contains(t.number());
    }

    @Test
    void tellsTheAssignmentGroupButNotTheActorAboutAnAssignment() {
        TicketSnapshot t = ticket("t1", "alice", TicketStatus.ASSIGNED, "service-desk", null, 2, NOW);

        List<Intent> intents = rules.intentsFor(incoming(EventType.TICKET_ASSIGNED, "t1", ticketEvent(t, "mia"), NOW));

        assertThat(intents).extracting(Intent::recipient).containsExactly("hank");
        assertThat(intents).extracting(Intent::kind).containsOnly(NotificationKind.TICKET_ASSIGNED);
    }

    @Test
    void hidesInternalCommentsFromRequesters() {
        TicketSnapshot t = ticket("t1", "alice", TicketStatus.IN_PROGRESS, "network-ops", "nora", 3, NOW);

        List<Intent> internal = rules.intentsFor(incoming(EventType.TICKET_COMMENTED, "t1",
                commented(t, "hank", "root cause is the new firewall rule", Visibility.INTERNAL, NOW), NOW));
        List<Intent> pub = rules.intentsFor(incoming(EventType.TICKET_COMMENTED, "t1",
                commented(t, "nora", "please restart your laptop", Visibility.PUBLIC, NOW), NOW));

        assertThat(internal).extracting(Intent::recipient).containsExactly("nora").doesNotContain("alice");
        assertThat(internal).allSatisfy(i -> assertThat(i.kind()).isEqualTo(NotificationKind.INTERNAL_COMMENT));
        assertThat(pub).extracting(Intent::recipient, Intent::kind)
                .containsExactly(tuple("alice", NotificationKind.PUBLIC_COMMENT));
        assertThat(pub.getFirst().text()).contains("please restart your laptop");
    }

    @Test
    void leavesResolutionToTheResolvedEventSoTheRequesterHearsOnce() {
        TicketSnapshot resolved = ticket("t1", "alice", TicketStatus.RESOLVED, "network-ops", "nora", 4, NOW);

        assertThat(rules.intentsFor(incoming(EventType.TICKET_STATUS_CHANGED, "t1", ticketEvent(resolved, "nora"),
                NOW))).isEmpty();
        assertThat(rules.intentsFor(incoming(EventType.TICKET_RESOLVED, "t1", ticketEvent(resolved, "nora"), NOW)))
                .extracting(Intent::recipient, Intent::kind)
                .containsExactly(tuple("alice", NotificationKind.TICKET_RESOLVED));
    }

    @Test
    void tellsTheRequesterAboutStatusChangesByOthers() {
        TicketSnapshot pending = ticket("t1", "alice", TicketStatus.PENDING, "network-ops", "nora", 4, NOW);

        assertThat(rules.intentsFor(incoming(EventType.TICKET_STATUS_CHANGED, "t1", ticketEvent(pending, "nora"), NOW)))
                .extracting(Intent::recipient, Intent::kind)
                .containsExactly(tuple("alice", NotificationKind.STATUS_CHANGED));
    }

    @Test
    void tellsTheTargetTeamAboutAFunctionalEscalationAndTheManagerAboutAHierarchicalOne() {
        assertThat(rules.intentsFor(incoming(EventType.ESCALATION_RAISED, "t1",
                escalation("t1", "network-ops", EscalationKind.FUNCTIONAL, NOW), NOW)))
                .extracting(Intent::recipient, Intent::kind)
                .containsExactly(tuple("nora", NotificationKind.ESCALATION));
        assertThat(rules.intentsFor(incoming(EventType.ESCALATION_RAISED, "t1",
                escalation("t1", "network-ops", EscalationKind.HIERARCHICAL, NOW), NOW)))
                .extracting(Intent::recipient, Intent::kind)
                .containsExactly(tuple("mia", NotificationKind.HIERARCHICAL_ESCALATION));
    }

    @Test
    void tellsTheTeamManagerAboutBreachesOnce() {
        List<Intent> intents = rules.intentsFor(incoming(EventType.SLA_BREACHED, "t1",
                sla("t1", "service-desk", SlaClockState.BREACHED, NOW), NOW));

        assertThat(intents).extracting(Intent::recipient).containsExactly("mia", "hank");
    }

    @Test
    void tellsLinkedIncidentsRequestersAboutAKnownErrorWorkaround() {
        ProblemSnapshot problem = new ProblemSnapshot("p1", "PRB0000001", "VPN concentrator overload", "KNOWN_ERROR",
                "P2", "vpn", "network", null, "too many sessions", "connect to vpn2.example.org", true, 2, 3, NOW,
                NOW, null);
        ProblemEvent event = new ProblemEvent(problem, List.of(new LinkedIncident("t1", "INC1", "alice", "VPN", NOW),
                new LinkedIncident("t2", "INC2", "bob", "VPN", NOW)), null, "mia");

        List<Intent> intents = rules.intentsFor(incoming(EventType.PROBLEM_KNOWN_ERROR, "p1", event, NOW));

        assertThat(intents).extracting(Intent::recipient, Intent::subject)
                .containsExactly(tuple("alice", "t1"), tuple("bob", "t2"));
        assertThat(intents).allSatisfy(i -> assertThat(i.text()).contains("connect to vpn2.example.org"));
    }

    @Test
    void tellsProblemManagersAboutDetectedProblems() {
        ProblemSnapshot problem = new ProblemSnapshot("p1", "PRB0000001", "VPN drops", "NEW", "P3", "vpn", "network",
                null, null, null, true, 5, 1, NOW, NOW, null);

        assertThat(rules.intentsFor(incoming(EventType.PROBLEM_DETECTED, "p1",
                new ProblemEvent(problem, List.of(), "same service", null), NOW)))
                .extracting(Intent::recipient, Intent::kind)
                .containsExactly(tuple("mia", NotificationKind.PROBLEM_DETECTED));
    }

    @Test
    void tellsTheRequesterAboutSuggestedArticles() {
        KnowledgeSuggested suggested = new KnowledgeSuggested("t1", "INC1", "alice",
                List.of(new Suggestion("a1", "Reset the VPN client", 0.9, false, null)));

        assertThat(rules.intentsFor(incoming(EventType.KNOWLEDGE_SUGGESTED, "t1", suggested, NOW)))
                .singleElement().satisfies(i -> {
                    assertThat(i.recipient()).isEqualTo("alice");
                    assertThat(i.text()).contains("Reset the VPN client");
                });
    }

    @Test
    void skipsDisabledKinds() {
        NotificationRules quiet = new NotificationRules(DIRECTORY, List.of(NotificationKind.TICKET_OPENED));
        TicketSnapshot t = ticket("t1", "alice", TicketStatus.NEW, null, null, 1, NOW);

        assertThat(quiet.intentsFor(incoming(EventType.TICKET_OPENED, "t1", ticketEvent(t, "alice"), NOW))).isEmpty();
    }
}
