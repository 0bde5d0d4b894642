package org.spoc.problem.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.testkit.MutableClock;

class ProblemTests {

    private final MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");

    @Test
    void movesThroughTheLifecycleAndRejectsIllegalTransitionsWithWhatIsAllowed() {
        Problem p = Problem.create("p1", "PRB0000001", "Printers on floor 3", null, "printing", "Hardware", null, "hank", clock);

        assertThatThrownBy(() -> p.transition(ProblemStatus.CLOSED, null, "hank", clock))
                .isInstanceOfSatisfying(ProblemConflict.class, e -> assertThat(e.allowed()).containsExactly("INVESTIGATING"));
        p.transition(ProblemStatus.INVESTIGATING, null, "hank", clock);
        assertThatThrownBy(() -> p.transition(ProblemStatus.KNOWN_ERROR, null, "hank", clock))
                .isInstanceOf(ProblemConflict.class).hasMessageContaining("known-error");

        List<ProblemChange> known = p.knownError("driver update", "print to floor 2", "hank", clock);
        assertThat(known).singleElement().isInstanceOf(ProblemChange.KnownError.class);
        assertThat(p.status()).isEqualTo(ProblemStatus.KNOWN_ERROR);

        clock.advance(java.time.Duration.ofHours(3));
        List<ProblemChange> resolved = p.transition(ProblemStatus.RESOLVED, "driver rolled back", "mia", clock);
        assertThat(resolved).singleElement().isInstanceOfSatisfying(ProblemChange.Resolved.class,
                r -> assertThat(r.resolution()).isEqualTo("driver rolled back"));
        assertThat(p.resolvedAt()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> p.knownError("x", "y", "hank", clock)).isInstanceOf(ProblemConflict.class);

        p.transition(ProblemStatus.CLOSED, null, "mia", clock);
        assertThat(p.status().next()).isEmpty();
        assertThatThrownBy(() -> p.link(incident("t9", Level.LOW), "hank", clock.instant()))
                .isInstanceOf(ProblemConflict.class);
    }

    @Test
    void takesPriorityFromTheLinkedIncidentsImpactAndNumber() {
        List<ProblemChange> changes = new ArrayList<>();
        Problem p = Problem.detected("p2", "PRB0000002", "VPN down", "vpn", "Access", null,
                List.of(incident("t1", Level.MEDIUM), incident("t2", Level.LOW), incident("t3", Level.MEDIUM)),
                "3 related incidents", clock.instant(), changes);
        assertThat(changes).singleElement().isInstanceOf(ProblemChange.Detected.class);
        assertThat(p.priority()).isEqualTo(Priority.P3); // MEDIUM impact, 3 incidents: MEDIUM urgency

        p.link(incident("t4", Level.HIGH), null, clock.instant());
        assertThat(p.priority()).isEqualTo(Priority.P2); // HIGH impact, MEDIUM urgency

        for (int i = 5; i <= 10; i++) {
            p.link(incident("t" + i, Level.LOW), null, clock.instant());
        }
        assertThat(p.priority()).isEqualTo(Priority.P1); // HIGH impact, 10 incidents: HIGH urgency

        p.unlink("t4", clock.instant());
        assertThat(p.priority()).isEqualTo(Priority.P3); // MEDIUM impact, 9 incidents: MEDIUM urgency
    }

    @Test
    void linksAnIncidentOnlyOnce() {
        Problem p = Problem.create("p3", "PRB0000003", "Mail sync", null, "mail", null, null, "hank", clock);

        assertThat(p.link(incident("t1", Level.MEDIUM), "hank", clock.instant())).hasSize(1);
        long version = p.version();
        assertThat(p.link(incident("t1", Level.MEDIUM), "hank", clock.instant())).isEmpty();
        assertThat(p.version()).isEqualTo(version);
        assertThat(p.incidentCount()).isEqualTo(1);
    }

    @Test
    void countsAndWeighsItsIncidentsWithoutHoldingThemAndAsksTheStoreAboutOne() {
        // as read from the store: 2,000 LOW incidents and one HIGH, all stored apart from the problem
        Map<String, ProblemIncident> stored = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            stored.put("t" + i, incident("t" + i, Level.LOW));
        }
        stored.put("high", incident("high", Level.HIGH));
        Problem p = stored(2_001, Map.of(Level.LOW, 2_000, Level.HIGH, 1), List.of(),
                ticketId -> Optional.ofNullable(stored.get(ticketId)));
        assertThat(p.priority()).isEqualTo(Priority.P1);

        assertThat(p.link(incident("t17", Level.LOW), null, clock.instant())).isEmpty(); // stored: linked already
        assertThat(p.link(incident("new", Level.MEDIUM), null, clock.instant())).hasSize(1);
        assertThat(p.link(incident("new", Level.MEDIUM), null, clock.instant())).isEmpty(); // this problem's own change
        assertThat(p.unlink("high", clock.instant())).isTrue();
        assertThat(p.unlink("high", clock.instant())).isFalse();

        assertThat(p.incidentCount()).isEqualTo(2_001);
        assertThat(p.impacts()).containsOnly(Map.entry(Level.LOW, 2_000), Map.entry(Level.MEDIUM, 1));
        assertThat(p.priority()).isEqualTo(Priority.P2); // MEDIUM impact, HIGH urgency
        assertThat(p.linkChanges()).extracting(LinkChange::ticketId, LinkChange::linked, LinkChange::version)
                .containsExactly(tuple("new", true, 8L), tuple("high", false, 9L));
    }

    @Test
    void trustsItsLatestLinkChangesOverALinkStoreTheyHaveNotReachedYet() {
        // the latest write unlinked "t1" and linked "t2", but a crash kept both from the links collection
        Map<String, ProblemIncident> stored = Map.of("t1", incident("t1", Level.HIGH));
        Problem p = stored(1, Map.of(Level.MEDIUM, 1),
                List.of(new LinkChange(incident("t1", Level.HIGH), false, 6),
                        new LinkChange(incident("t2", Level.MEDIUM), true, 7)),
                ticketId -> Optional.ofNullable(stored.get(ticketId)));

        assertThat(p.unlink("t1", clock.instant())).isFalse(); // a retried unlink: not twice
        assertThat(p.link(incident("t2", Level.MEDIUM), null, clock.instant())).isEmpty(); // a retried link: not twice
        assertThat(p.incidentCount()).isEqualTo(1);
        assertThat(p.version()).isEqualTo(7);
    }

    private Problem stored(int count, Map<Level, Integer> impacts, List<LinkChange> lastLinks, LinkedIncidents links) {
        return new Problem("p9", "PRB0000009", "Intranet down", null, ProblemStatus.NEW,
                Problem.priorityOf(count, impacts), "intranet", null, null, null, null, true, "detected", count, impacts,
                lastLinks, links, List.of(), 7, clock.instant(), null, clock.instant(), null, null);
    }

    private static ProblemIncident incident(String id, Level impact) {
        return new ProblemIncident(id, "INC" + id, "alice", "title " + id, Priority.P3, impact,
                Instant.parse("2026-03-02T08:00:00Z"), Instant.parse("2026-03-02T08:30:00Z"), 0.5, "test", null);
    }
}
