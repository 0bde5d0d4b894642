package org.spoc.problem.domain.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DensestWindowTests {

    private static final Instant T = Instant.parse("2026-03-03T09:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(30);

    @Test
    void choosesTheEarliestOfEquallyPopulatedWindows() {
        List<Member> sorted = members(-60, -58, -55, -30, -25, -5, 10, 20);

        // [-30, 0] and [-5, +25] both hold three; [-60, -30] holds four but cannot contain t
        assertThat(ids(Detector.densestWindow(sorted, Member::at, T, WINDOW))).containsExactly(3, 4, 5);
    }

    @Test
    void startsAWindowAtTheIncidentWhenMembersComeAfterIt() {
        List<Member> sorted = members(-30, 10, 20, 30, 31, 40);

        // starts after t are clamped to t: [0, +30] holds three, not the five of [+10, +40]
        assertThat(ids(Detector.densestWindow(sorted, Member::at, T, WINDOW))).containsExactly(1, 2, 3);
        assertThat(ids(Detector.densestWindow(members(31, 40), Member::at, T, WINDOW))).isEmpty();
    }

    @Test
    void choosesTheSameWindowAsAScanOfEveryStart() {
        Random random = new Random(20260303);
        for (int round = 0; round < 20_000; round++) {
            Duration window = Duration.ofMinutes(random.nextInt(4) * 10);
            int n = random.nextInt(25);
            List<Member> members = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                // few distinct minutes around t, so that times tie, starts are clamped and starts are skipped
                members.add(new Member(i, T.plus(Duration.ofMinutes(random.nextInt(13) * 5L - 30))));
            }
            members.sort(Comparator.comparing(Member::at));
            Instant t = T.plus(Duration.ofMinutes(random.nextInt(7) * 5L - 15));

            assertThat(Detector.densestWindow(members, Member::at, t, window))
                    .as("round %d, t %s, window %s, members %s", round, t, window, members)
                    .containsExactlyElementsOf(everyStart(members, t, window));
        }
    }

    /** The quadratic scan the sweep replaces: every start, every member. */
    private static List<Member> everyStart(List<Member> sorted, Instant t, Duration window) {
        List<Member> best = List.of();
        for (Member m : sorted) {
            Instant start = m.at().isAfter(t) ? t : m.at();
            if (start.isBefore(t.minus(window))) {
                continue;
            }
            Instant end = start.plus(window);
            List<Member> in = new ArrayList<>();
            for (Member r : sorted) {
                if (!r.at().isBefore(start) && !r.at().isAfter(end)) {
                    in.add(r);
                }
            }
            if (in.size() > best.size()) {
                best = in;
            }
        }
        return best;
    }

    private static List<Member> members(int... minutes) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < minutes.length; i++) {
            members.add(new Member(i, T.plus(Duration.ofMinutes(minutes[i]))));
        }
        return members;
    }

    private static List<Integer> ids(List<Member> members) {
        return members.stream().map(Member::id).toList();
    }

    private record Member(int id, Instant at) {
    }
}
