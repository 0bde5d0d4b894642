package org.spoc.escalation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;

class SlaPolicyTests {

    static SlaPolicy policy(String id, Set<TicketType> types, Set<Priority> priorities) {
        return new SlaPolicy(id, new SlaPolicy.AppliesTo(types, priorities), "24x7",
                new SlaPolicy.Targets(Duration.ofHours(1), Duration.ofHours(8)), Map.of(2, Duration.ofHours(4)), 0.75,
                Set.of(TicketStatus.PENDING));
    }

    @Test
    void selectsTheMostSpecificPolicy() {
        List<SlaPolicy> policies = List.of(policy("all", Set.of(), Set.of()),
                policy("incidents", Set.of(TicketType.INCIDENT), Set.of()),
                policy("p1", Set.of(), Set.of(Priority.P1)),
                policy("p1-incident", Set.of(TicketType.INCIDENT), Set.of(Priority.P1)));
        assertThat(SlaPolicy.select(policies, TicketType.INCIDENT, Priority.P1)).get().extracting(SlaPolicy::id).isEqualTo("p1-incident");
        assertThat(SlaPolicy.select(policies, TicketType.SERVICE_REQUEST, Priority.P1)).get().extracting(SlaPolicy::id).isEqualTo("p1");
        assertThat(SlaPolicy.select(policies, TicketType.INCIDENT, Priority.P3)).get().extracting(SlaPolicy::id).isEqualTo("incidents");
        assertThat(SlaPolicy.select(policies, TicketType.SERVICE_REQUEST, Priority.P4)).get().extracting(SlaPolicy::id).isEqualTo("all");
        assertThat(SlaPolicy.select(List.of(policy("p1", Set.of(), Set.of(Priority.P1))), TicketType.INCIDENT, Priority.P2)).isEmpty();
    }

    @Test
    void answersTargetsPerClock() {
        SlaPolicy p = policy("p", Set.of(), Set.of());
        assertThat(p.target(SlaClockKind.FIRST_RESPONSE, null)).contains(Duration.ofHours(1));
        assertThat(p.target(SlaClockKind.RESOLUTION, 2)).contains(Duration.ofHours(8));
        assertThat(p.target(SlaClockKind.TIER, 2)).contains(Duration.ofHours(4));
        assertThat(p.target(SlaClockKind.TIER, 1)).isEmpty();
    }

    @Test
    void rejectsPoliciesThatMakeNoSense() {
        SlaPolicy.AppliesTo all = new SlaPolicy.AppliesTo(Set.of(), Set.of());
        SlaPolicy.Targets targets = new SlaPolicy.Targets(Duration.ofHours(1), Duration.ofHours(2));
        assertThatThrownBy(() -> new SlaPolicy.Targets(Duration.ZERO, Duration.ofHours(1))).hasMessageContaining("firstResponse");
        assertThatThrownBy(() -> new SlaPolicy("x", all, "24x7", targets, Map.of(), 1.5, Set.of())).hasMessageContaining("warnAt");
        assertThatThrownBy(() -> new SlaPolicy("x", all, "24x7", targets, Map.of(), 0.5, Set.of(TicketStatus.RESOLVED)))
                .hasMessageContaining("pauseOn");
        assertThatThrownBy(() -> new SlaPolicy("x", all, "24x7", targets, Map.of(0, Duration.ofHours(1)), 0.5, Set.of()))
                .hasMessageContaining("tier");
    }

    @Test
    void shipsDefaultsForEveryTicket() {
        for (TicketType type : TicketType.values()) {
            for (Priority priority : Priority.values()) {
                assertThat(SlaPolicy.select(SlaPolicy.defaults(), type, priority)).isPresent();
            }
        }
        assertThat(SlaPolicy.select(SlaPolicy.defaults(), TicketType.INCIDENT, Priority.P3)).get()
                .extracting(p -> p.targets().resolution()).isEqualTo(Duration.ofHours(8));
    }
}
