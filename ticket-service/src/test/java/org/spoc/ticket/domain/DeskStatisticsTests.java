package org.spoc.ticket.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.spoc.events.ticket.TicketStatus;

import static org.assertj.core.api.Assertions.assertThat;

class DeskStatisticsTests {

    @Test
    void computesTimesRatesAndDemandOverTheTickets() {
        Ticket resolvedFirstContact = TicketTests.resolved();
        Ticket reopened = TicketTests.resolved();
        reopened.comment("still broken", org.spoc.events.ticket.Visibility.PUBLIC, TicketTests.ALICE,
                TicketTests.T0.plus(Duration.ofHours(1)), TicketTests.WINDOW);
        Ticket escalated = TicketTests.newIncident();
        escalated.escalate("e", "network-ops", 2, "FUNCTIONAL", "slow", Actor.system("x"), TicketTests.T0);

        DeskStatistics stats = DeskStatistics.of(List.of(resolvedFirstContact, reopened, escalated),
                Instant.EPOCH, Instant.now(), ZoneOffset.UTC);

        assertThat(stats.total()).isEqualTo(3);
        assertThat(stats.open()).isEqualTo(2);
        assertThat(stats.byStatus()).containsEntry(TicketStatus.RESOLVED.name(), 1L);
        assertThat(stats.timeToResolve().count()).isEqualTo(1);
        assertThat(stats.timeToResolve().meanMinutes()).isEqualTo(10.0);
        assertThat(stats.firstContactResolutionRate()).isEqualTo(1.0);
        assertThat(stats.reopenRate()).isEqualTo(0.5);
        assertThat(stats.reassignmentRate()).isEqualTo(0.333);
        assertThat(stats.demandByHour().get(9)).isEqualTo(3);
        assertThat(stats.demandByWeekday().get(DayOfWeek.MONDAY)).isEqualTo(3);
    }

    @Test
    void takesTheNinetiethPercentileByNearestRank() {
        List<Duration> minutes = java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(Duration::ofMinutes).toList();

        DeskStatistics.Times times = DeskStatistics.Times.of(minutes);

        assertThat(times.p90Minutes()).isEqualTo(9.0);
        assertThat(times.meanMinutes()).isEqualTo(5.5);
    }
}
