package org.spoc.problem.domain.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spoc.problem.domain.detection.Incidents.T0;
import static org.spoc.problem.domain.detection.Incidents.incident;
import static org.spoc.problem.domain.detection.Incidents.minutes;
import static org.spoc.problem.domain.detection.Incidents.printer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;

/**
 * What detection reads for one incident is bounded by {@link DetectionLimits}, whatever a scope or a
 * problem holds; below the limits it decides as an unbounded detector would. Cost is asserted as the
 * number of incidents the store handed out, never as time.
 */
class BoundedReadsTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final DetectionLimits LIMITS = DetectionLimits.defaults();
    private static final DetectionLimits UNBOUNDED = new DetectionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE);

    private final DetectionSettings settings = DetectionSettings.defaults();
    private final InMemoryDetectionStore store = new InMemoryDetectionStore();
    private final Detector detector = new Detector(() -> settings, LIMITS, store, CLOCK);

    @Test
    void linksToAProblemOfTwoThousandIncidentsReadingOnlyItsRecentMembers() {
        Incidents.background(detector, 60, T0);
        store.problemOpened("printers-floor-3");
        // 2,000 members over the past six days, none in the last hour (so no major-incident burst is read)
        for (int i = 0; i < 2_000; i++) {
            Instant at = T0.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(4L * i));
            store.save(tracked(printer("user" + (i % 300), "printer on floor 3 not printing " + i, Duration.ZERO), at)
                    .linkedTo("printers-floor-3", false));
        }
        long before = store.incidentsRead();

        Outcome outcome = detector.accept(printer("zoe", "floor 3 printer not printing", minutes(0)));

        assertThat(outcome.decisions(Decision.LinkIncident.class)).singleElement()
                .satisfies(link -> assertThat(link.problemId()).isEqualTo("printers-floor-3"));
        assertThat(store.incidentsRead() - before).isLessThanOrEqualTo(LIMITS.problemMembers());
    }

    @Test
    void findsABurstInABusyScopeReadingOnlyTheNearestIncidents() {
        Incidents.background(detector, 60, T0);
        // a busy service: 3,000 unrelated incidents within two hours either side, 5,000 more in the week before
        fill("badge-", 3_000, T0.minus(Duration.ofHours(2)), Duration.ofMillis(4_800));
        fill("week-", 5_000, T0.minus(Duration.ofDays(7)), Duration.ofMinutes(2));
        detector.accept(printer("alice", "printer on floor 3 not printing", minutes(-2)));
        detector.accept(printer("bob", "printer floor 3 not printing paper jam", minutes(-1)));
        long before = store.incidentsRead();

        Outcome third = detector.accept(printer("carol", "cannot print, floor 3 printer not printing", minutes(0)));

        assertThat(third.decisions(Decision.OpenProblem.class)).singleElement()
                .satisfies(open -> assertThat(open.incidents()).extracting(m -> m.incident().requester())
                        .containsExactly("alice", "bob", "carol"));
        assertThat(store.incidentsRead() - before)
                .isLessThanOrEqualTo(2L * LIMITS.neighbours() + LIMITS.baselineSample() + LIMITS.burstSample());
    }

    @Test
    void estimatesABusyBaselineFromItsLatestIncidentsAndStaysQuietForASteadySymptom() {
        DetectionLimits small = new DetectionLimits(50, 200, 100, 200);
        InMemoryDetectionStore unboundedStore = new InMemoryDetectionStore();
        Detector bounded = new Detector(() -> settings, small, store, CLOCK);
        Detector unbounded = new Detector(() -> settings, UNBOUNDED, unboundedStore, CLOCK);
        // a week of one service: one report in four is "vpn drops every few minutes", the rest unrelated
        List<IncidentSignal> week = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String title = i % 4 == 0 ? "vpn connection drops every few minutes" : "new badge request for room " + i;
            week.add(incident("user" + (i % 500), title, "Access", "vpn", null,
                    T0.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(5L * i)), Priority.P3));
        }
        List<IncidentSignal> three = List.of(
                incident("anna", "vpn connection drops every few minutes", "Access", "vpn", null, T0, Priority.P3),
                incident("ben", "vpn drops every few minutes again", "Access", "vpn", null, T0.plus(minutes(4)),
                        Priority.P3),
                incident("cem", "vpn connection drops every few minutes", "Access", "vpn", null, T0.plus(minutes(9)),
                        Priority.P3));
        for (IncidentSignal s : week) {
            TrackedIncident t = TrackedIncident.of(s);
            store.save(t);
            unboundedStore.save(t);
        }
        long before = store.incidentsRead();

        List<Decision> boundedDecisions = new ArrayList<>();
        List<Decision> unboundedDecisions = new ArrayList<>();
        for (IncidentSignal s : three) {
            boundedDecisions.addAll(bounded.accept(s).decisions());
            unboundedDecisions.addAll(unbounded.accept(s).decisions());
        }

        // 500 similar reports a week explain three in ten minutes, counted or estimated
        assertThat(unboundedDecisions).filteredOn(Decision.OpenProblem.class::isInstance).isEmpty();
        assertThat(boundedDecisions).filteredOn(Decision.OpenProblem.class::isInstance).isEmpty();
        assertThat(store.incidentsRead() - before).isLessThanOrEqualTo(
                3L * (2L * small.neighbours() + small.baselineSample() + small.burstSample()));
        assertThat(unboundedStore.incidentsRead()).isGreaterThan(3L * 1_000); // what it cost before the limits
    }

    @Test
    void countsTheWholeBurstOfAMajorIncidentButListsOnlyTheLatest() {
        // 600 VPN reports from 300 people in the last half hour, none in the week before
        for (int i = 0; i < 600; i++) {
            store.save(TrackedIncident.of(incident("user" + (i % 300), "remote access gateway " + i, "Network", "vpn",
                    null, T0.minus(Duration.ofSeconds(2L * i + 1)), Priority.P3)));
        }
        long before = store.incidentsRead();

        Outcome outcome = detector.accept(incident("zoe", "vpn gateway unreachable", "Network", "vpn", null, T0,
                Priority.P2));

        assertThat(outcome.decisions(Decision.RaiseMajorIncident.class)).singleElement().satisfies(major -> {
            assertThat(major.reason()).startsWith("601 incidents of service vpn within 30 min");
            assertThat(major.rate()).isEqualTo(1202.0);
            assertThat(major.incidents()).hasSize(LIMITS.burstSample() + 1).last()
                    .satisfies(last -> assertThat(last.requester()).isEqualTo("zoe"));
        });
        assertThat(store.incidentsRead() - before)
                .isLessThanOrEqualTo(2L * LIMITS.neighbours() + LIMITS.baselineSample() + LIMITS.burstSample());
    }

    @Test
    void decidesAsAnUnboundedDetectorWhereScopesAndProblemsAreSmall() {
        List<IncidentSignal> stream = new ArrayList<>();
        String[] who = { "alice", "bob", "carol", "dave", "erin", "fred" };
        for (int day = 0; day < 3; day++) {
            Instant morning = T0.plus(Duration.ofDays(day));
            for (int i = 0; i < 6; i++) {
                stream.add(incident(who[i], "printer on floor 3 not printing", "Hardware", "printing",
                        "Berlin HQ / Building B / Floor 3", morning.plus(minutes(7L * i)), Priority.P3));
                stream.add(incident(who[5 - i], "vpn gateway unavailable says globalprotect", "Access", "vpn", "Remote",
                        morning.plus(minutes(3L * i + 1)), i == 0 ? Priority.P1 : Priority.P2));
                stream.add(incident("user" + day + i, "laptop battery drains overnight " + i, "Hardware", null,
                        "Hamburg Office / Floor 1", morning.plus(minutes(11L * i + 2)), Priority.P4));
            }
        }
        // 18 members per problem: "small" next to these limits (the default compares the latest 10)
        Detector limited = new Detector(() -> settings, new DetectionLimits(50, 200, 500, 200), store, CLOCK);
        Detector unbounded = new Detector(() -> settings, UNBOUNDED, new InMemoryDetectionStore(), CLOCK);
        for (IncidentSignal s : Incidents.background(60, T0)) {
            limited.accept(s);
            unbounded.accept(s);
        }

        List<Decision> bounded = new ArrayList<>();
        List<Decision> exact = new ArrayList<>();
        for (IncidentSignal s : stream) {
            bounded.addAll(limited.accept(s).decisions());
            exact.addAll(unbounded.accept(s).decisions());
        }

        assertThat(exact).hasAtLeastOneElementOfType(Decision.OpenProblem.class)
                .hasAtLeastOneElementOfType(Decision.LinkIncident.class)
                .hasAtLeastOneElementOfType(Decision.RaiseMajorIncident.class);
        assertThat(bounded).isEqualTo(exact);
    }

    /** Unrelated incidents of the printing service, one every {@code step} from {@code from}. */
    private void fill(String prefix, int count, Instant from, Duration step) {
        for (int i = 0; i < count; i++) {
            store.save(TrackedIncident.of(incident(prefix + i, "toner cartridge replacement for " + prefix + i,
                    "Hardware", "printing", "Hamburg Office / Floor 2", from.plus(step.multipliedBy(i)), Priority.P4)));
        }
    }

    private static TrackedIncident tracked(IncidentSignal s, Instant at) {
        return TrackedIncident.of(new IncidentSignal(s.ticketId(), s.number(), s.requester(), s.title(), s.description(),
                s.category(), s.service(), s.location(), s.priority(), Level.MEDIUM, false, 1, at));
    }
}
