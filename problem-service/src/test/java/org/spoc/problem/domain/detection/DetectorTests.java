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
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spoc.events.ticket.Priority;

class DetectorTests {

    private final InMemoryDetectionStore store = new InMemoryDetectionStore();
    private DetectionSettings settings = DetectionSettings.defaults();
    private Detector detector;

    @BeforeEach
    void setUp() {
        // the processing clock is years after the events: detection must reason on event time only
        detector = new Detector(() -> settings, store, Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
        Incidents.background(detector, 60, T0);
    }

    @Test
    void opensProblemWhenThirdRelatedIncidentFromTwoRequestersArrivesWithinWindow() {
        assertThat(detector.accept(printer("alice", "printer on floor 3 not printing", minutes(0))).decisions()).isEmpty();
        assertThat(detector.accept(printer("bob", "printer floor 3 not printing paper jam", minutes(12))).decisions())
                .isEmpty();
        Outcome third = detector.accept(printer("carol", "cannot print, floor 3 printer not printing", minutes(25)));

        List<Decision.OpenProblem> opened = third.decisions(Decision.OpenProblem.class);
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).incidents()).extracting(m -> m.incident().requester())
                .containsExactly("alice", "bob", "carol");
        assertThat(opened.get(0).reason()).contains("3 related incidents from 3 requesters", "print");
        assertThat(opened.get(0).service()).isEqualTo("printing");
        assertThat(opened.get(0).location()).isEqualTo("Berlin HQ / Building B / Floor 3");
        assertThat(opened.get(0).detectedAt()).isEqualTo(T0.plus(minutes(25)));
    }

    @Test
    void linksLaterMatchesToTheOpenProblemInsteadOfOpeningAnother() {
        detector.accept(printer("alice", "printer on floor 3 not printing", minutes(0)));
        detector.accept(printer("bob", "printer floor 3 not printing", minutes(5)));
        String problemId = detector.accept(printer("carol", "floor 3 printer not printing", minutes(9)))
                .decisions(Decision.OpenProblem.class).get(0).problemId();

        Outcome fourth = detector.accept(printer("dave", "printing not working floor 3 printer", minutes(20)));
        Outcome fifth = detector.accept(printer("erin", "floor 3 printer not printing", Duration.ofHours(30)));

        assertThat(fourth.decisions(Decision.OpenProblem.class)).isEmpty();
        assertThat(fourth.decisions(Decision.LinkIncident.class)).singleElement()
                .satisfies(link -> assertThat(link.problemId()).isEqualTo(problemId));
        assertThat(fifth.decisions(Decision.LinkIncident.class)).singleElement()
                .satisfies(link -> assertThat(link.problemId()).isEqualTo(problemId));
    }

    @Test
    void doesNotOpenProblemForIncidentsOfOneRequester() {
        detector.accept(printer("alice", "printer on floor 3 not printing", minutes(0)));
        detector.accept(printer("alice", "printer on floor 3 still not printing", minutes(10)));
        Outcome third = detector.accept(printer("alice", "printer on floor 3 not printing again", minutes(20)));

        assertThat(third.decisions(Decision.OpenProblem.class)).isEmpty();
    }

    @Test
    void doesNotOpenProblemWhenRelatedIncidentsAreFartherApartThanTheWindow() {
        detector.accept(printer("alice", "printer on floor 3 not printing", Duration.ofHours(0)));
        detector.accept(printer("bob", "printer on floor 3 not printing", Duration.ofHours(3)));
        Outcome third = detector.accept(printer("carol", "printer on floor 3 not printing", Duration.ofHours(6)));

        assertThat(third.decisions(Decision.OpenProblem.class)).isEmpty();
    }

    @Test
    void doesNotGroupIncidentsOfDifferentServices() {
        detector.accept(incident("alice", "login fails with error 503", "Access", "sap", null, minutes(0)));
        detector.accept(incident("bob", "login fails with error 503", "Access", "workday", null, minutes(5)));
        Outcome third = detector.accept(incident("carol", "login fails with error 503", "Access", "jira", null, minutes(9)));

        assertThat(third.decisions(Decision.OpenProblem.class)).isEmpty();
    }

    @Test
    void doesNotGroupPrintersOfAnotherSite() {
        detector.accept(incident("alice", "printer not printing", "Hardware", null, "Berlin HQ / Building B / Floor 3", minutes(0)));
        detector.accept(incident("bob", "printer not printing", "Hardware", null, "Hamburg Office / Floor 1", minutes(5)));
        detector.accept(incident("carol", "printer not printing", "Hardware", null, "Remote", minutes(8)));

        settings = withThreshold(0.7);
        Outcome fourth = detector.accept(
                incident("dave", "printer not printing", "Hardware", null, "Munich Office / Floor 2", minutes(9)));

        assertThat(fourth.decisions(Decision.OpenProblem.class)).isEmpty();
    }

    @Test
    void groupsAcrossCategoriesWhenTheServiceIsTheSame() {
        detector.accept(incident("alice", "vpn not connecting from home", "Access", "vpn", "Remote", minutes(0)));
        detector.accept(incident("bob", "vpn connection times out", "Miscellaneous", "vpn", "Remote", minutes(3)));
        Outcome third = detector.accept(incident("carol", "cannot connect to vpn", "Hardware", "vpn", "Remote", minutes(6)));

        assertThat(third.decisions(Decision.OpenProblem.class)).hasSize(1);
    }

    @Test
    void slowDriftDoesNotOpenProblem() {
        String[] wording = { "shared drive slow", "shared drive slow saving files", "network drive saving slow",
                "network drive disconnects", "mapped network drive disconnects after sleep" };
        int problems = 0;
        for (int i = 0; i < 60; i++) {
            // one every five hours for over twelve days, the wording moving along
            Outcome o = detector.accept(incident("user" + i, wording[i * wording.length / 60], "Storage", "file-share",
                    null, Duration.ofHours(5L * i)));
            problems += o.decisions(Decision.OpenProblem.class).size();
        }
        assertThat(problems).isZero();
    }

    @Test
    void steadyTrickleRaisesTheBaselineSoOnlyARealBurstOpensAProblem() {
        // a form that four people a day file, every day, spread over the day
        int problems = 0;
        for (int day = 0; day < 8; day++) {
            for (int n = 0; n < 4; n++) {
                Outcome o = detector.accept(incident("user" + day + n, "expense report approval pending", "HR Support",
                        null, null, Duration.ofDays(day).plusMinutes(150L * n)));
                problems += o.decisions(Decision.OpenProblem.class).size();
            }
        }
        // one day, by chance, the usual four come within the hour: that is not a problem
        for (int n = 0; n < 4; n++) {
            Outcome o = detector.accept(incident("usual" + n, "expense report approval pending", "HR Support", null,
                    null, Duration.ofDays(8).plusMinutes(15L * n)));
            problems += o.decisions(Decision.OpenProblem.class).size();
        }
        assertThat(problems).as("problems at the usual rate").isZero();

        for (int n = 0; n < 9; n++) {
            Outcome o = detector.accept(incident("burst" + n, "expense report approval pending", "HR Support", null,
                    null, Duration.ofDays(9).plusMinutes(4L * n)));
            problems += o.decisions(Decision.OpenProblem.class).size();
        }
        assertThat(problems).as("problems from a burst far above the usual rate").isEqualTo(1);
    }

    @Test
    void replaysAnImportedHistoryOutOfOrderByEventTime() {
        Instant history = Instant.parse("2019-05-06T10:00:00Z");
        IncidentSignal a = incident("alice", "outlook not syncing after update", "Miscellaneous", "mail", null, history, Priority.P3);
        IncidentSignal b = incident("bob", "outlook not syncing since the update", "Miscellaneous", "mail", null,
                history.plus(minutes(30)), Priority.P3);
        IncidentSignal c = incident("carol", "outlook mail not syncing after update", "Miscellaneous", "mail", null,
                history.plus(minutes(50)), Priority.P3);

        detector.accept(c);
        detector.accept(a);
        Outcome last = detector.accept(b);

        assertThat(last.decisions(Decision.OpenProblem.class)).singleElement()
                .satisfies(p -> assertThat(p.detectedAt()).isEqualTo(history.plus(minutes(30))));
    }

    @Test
    void ignoresAnEventThatIsNotNewerThanWhatItHas() {
        IncidentSignal first = printer("alice", "printer on floor 3 not printing", minutes(0));
        detector.accept(first);

        assertThat(detector.process(first)).isSameAs(Outcome.NOTHING);
        IncidentSignal retitled = new IncidentSignal(first.ticketId(), first.number(), first.requester(),
                "printer on floor 3 not printing since monday", first.description(), first.category(), first.service(),
                first.location(), first.priority(), first.impact(), first.cancelled(), 2, first.openedAt());
        assertThat(detector.process(retitled)).isNotSameAs(Outcome.NOTHING);
    }

    @Test
    void reexaminesAnIncidentOnlyWhenWhatDetectionComparesChanged() {
        IncidentSignal alice = printer("alice", "printer on floor 3 not printing", minutes(0));
        detector.accept(alice);
        detector.accept(printer("bob", "printer floor 3 not printing paper jam", minutes(12)));
        settings = withMinIncidents(2); // two related incidents would now open a problem

        // the ticket got suggested articles: a new version, nothing detection compares, nothing written
        assertThat(detector.accept(Incidents.withVersion(alice, 2))).isSameAs(Outcome.NOTHING);
        assertThat(store.find(alice.ticketId())).get().satisfies(i -> assertThat(i.version()).isEqualTo(1));

        // the requester rewrote the title: compared again, and grouped under the new settings
        IncidentSignal edited = new IncidentSignal(alice.ticketId(), alice.number(), alice.requester(),
                "printer on floor 3 not printing at all", alice.description(), alice.category(), alice.service(),
                alice.location(), alice.priority(), alice.impact(), alice.cancelled(), 3, alice.openedAt());
        assertThat(detector.accept(edited).decisions(Decision.OpenProblem.class)).hasSize(1);
    }

    @Test
    void problemIdIsDerivedFromTheTriggeringIncidentSoARedeliveryDecidesTheSame() {
        detector.accept(printer("alice", "printer on floor 3 not printing", minutes(0)));
        detector.accept(printer("bob", "printer floor 3 not printing", minutes(5)));
        IncidentSignal third = printer("carol", "floor 3 printer not printing", minutes(9));

        Outcome once = detector.process(third);
        Outcome again = detector.process(third); // not committed: as after a crash before the commit

        assertThat(again.decisions(Decision.OpenProblem.class).get(0).problemId())
                .isEqualTo(once.decisions(Decision.OpenProblem.class).get(0).problemId())
                .isEqualTo(Detector.problemIdFor(third.ticketId()));
    }

    @Test
    void raisesMajorIncidentWhenServiceRateIsWellAboveItsBaseline() {
        Outcome last = null;
        int majors = 0;
        for (int n = 0; n < 8; n++) {
            last = detector.accept(incident("u" + n, "sap " + (n % 2 == 0 ? "down" : "error 503"), "Access", "sap", null,
                    minutes(3L * n)));
            majors += last.decisions(Decision.RaiseMajorIncident.class).size();
        }
        assertThat(majors).isEqualTo(1);
    }

    @Test
    void doesNotRaiseMajorIncidentForABusyServiceAtItsUsualRate() {
        int majors = 0;
        // a busy service: 40 incidents a day, every day, for a week
        for (int day = 0; day < 8; day++) {
            for (int n = 0; n < 40; n++) {
                Outcome o = detector.accept(incident("u" + day + "-" + n, "question about workday absence " + n,
                        "HR Support", "workday", null, Duration.ofDays(day).plusMinutes(12L * n)));
                majors += o.decisions(Decision.RaiseMajorIncident.class).size();
            }
        }
        assertThat(majors).isZero();
    }

    @Test
    void raisesMajorIncidentForP1IncidentsFromManyRequesters() {
        Outcome last = null;
        for (String who : List.of("alice", "bob", "carol")) {
            last = detector.accept(incident(who, "payment gateway rejects all orders " + who, "Access", "payments", null,
                    T0.plus(minutes(who.length())), Priority.P1));
        }
        assertThat(last.decisions(Decision.RaiseMajorIncident.class)).singleElement()
                .satisfies(m -> assertThat(m.reason()).contains("P1", "3 requesters"));
    }

    @Test
    void treatsEventTimesFromTheFutureAsNow() {
        Instant now = Instant.parse("2026-03-03T12:00:00Z");
        Detector d = new Detector(() -> settings, store, Clock.fixed(now, ZoneOffset.UTC));
        Outcome o = d.accept(incident("alice", "printer jam", "Hardware", null, null, now.plus(Duration.ofDays(400)),
                Priority.P4));
        assertThat(o.updates().get(0).openedAt()).isEqualTo(now);
    }

    private DetectionSettings withMinIncidents(int minIncidents) {
        DetectionSettings d = DetectionSettings.defaults();
        return new DetectionSettings(d.window(), minIncidents, d.minRequesters(), d.similarityThreshold(),
                d.baselineThreshold(), d.serviceBonus(), d.locationWeight(), d.linkHorizon(), d.baselineWindow(),
                d.surprise(), d.majorWindow(), d.majorMinIncidents(), d.majorRateFactor(), d.majorBaselineFloorPerDay(),
                d.majorP1Requesters(), d.majorCooldown());
    }

    private DetectionSettings withThreshold(double threshold) {
        DetectionSettings d = DetectionSettings.defaults();
        return new DetectionSettings(d.window(), d.minIncidents(), d.minRequesters(), threshold, d.baselineThreshold(),
                d.serviceBonus(), d.locationWeight(), d.linkHorizon(), d.baselineWindow(), d.surprise(), d.majorWindow(),
                d.majorMinIncidents(), d.majorRateFactor(), d.majorBaselineFloorPerDay(), d.majorP1Requesters(),
                d.majorCooldown());
    }
}
