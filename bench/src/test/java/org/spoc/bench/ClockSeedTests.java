package org.spoc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.LongStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.Test;
import org.spoc.escalation.domain.BusinessCalendar;
import org.spoc.escalation.domain.SlaClock;
import org.spoc.escalation.domain.TicketSla;
import org.spoc.escalation.domain.TicketSlaRepository;
import org.spoc.escalation.domain.TimerBuckets;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.ticket.Priority;
import org.springframework.data.mongodb.core.MongoTemplate;

class ClockSeedTests {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void opensAnsweredIncidentsWhoseNextTimerFallsBetweenTwoAndTwentySixHoursAhead() {
        ClockSeed seed = new ClockSeed("42", NOW, 1_000);

        assertThat(seed.ticket(0).nextDueAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(seed.ticket(999).nextDueAt()).isBetween(NOW.plus(Duration.ofHours(26)).minusSeconds(90),
                NOW.plus(Duration.ofHours(26)));
        TicketSla ticket = seed.ticket(500);
        assertThat(ticket.ticketId()).isEqualTo("bench-seed-42-500");
        assertThat(ticket.policyId()).isEqualTo("bench-seed");
        assertThat(ticket.status().isOpen()).isTrue();
        // answered: only the resolution clock runs, warning at 75 % of 40 h, breach 10 h after the warning
        SlaClock clock = ticket.clocks().getFirst();
        assertThat(ticket.clocks()).hasSize(1);
        assertThat(clock.kind()).isEqualTo(SlaClockKind.RESOLUTION);
        assertThat(clock.calendarId()).isEqualTo(BusinessCalendar.ALWAYS_ID);
        assertThat(clock.isRunning()).isTrue();
        assertThat(clock.warnDueAt()).isEqualTo(seed.nextTimer(500)).isEqualTo(ticket.nextDueAt());
        assertThat(clock.dueAt()).isEqualTo(seed.nextTimer(500).plus(Duration.ofHours(10)));
        assertThat(LongStream.range(0, 1_000).mapToObj(i -> seed.ticket(i).priority()).distinct())
                .containsExactlyInAnyOrder(Priority.P3, Priority.P4);
    }

    @Test
    void storesTicketsAndTimingWheelEntriesThatTheServiceReadsBack() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            MongoTemplate mongo = new MongoTemplate(client, "escalation-service");
            TicketSlaRepository repository = new TicketSlaRepository(mongo);
            TimerBuckets buckets = new TimerBuckets(mongo);
            MongoDatabase store = client.getDatabase("escalation-service");
            ClockSeed seed = new ClockSeed("42", NOW, 1_000);

            seed.write(store, 0, 400);
            seed.write(store, 400, 1_000);

            assertThat(ClockSeed.openClocks(store)).isEqualTo(1_000);
            TicketSla stored = repository.find(seed.id(734)).orElseThrow();
            assertThat(stored.nextDueAt()).isEqualTo(seed.nextTimer(734));
            assertThat(stored.clocks()).hasSize(1);
            // one wheel second per ticket (1,000 over 24 h), each listing its ticket's next timer
            assertThat(buckets.collection().countDocuments()).isEqualTo(1_000);
            long second = TimerBuckets.second(seed.nextTimer(734));
            assertThat(buckets.load(second - 5, second + 5)).containsExactly(Map.entry(seed.id(734), seed.nextTimer(734)));
            assertThat(buckets.load(TimerBuckets.second(NOW), TimerBuckets.second(NOW.plus(Duration.ofHours(2))) - 1)).isEmpty();
        }
        finally {
            server.shutdownNow();
        }
    }
}
