package org.spoc.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.spoc.escalation.domain.BusinessCalendar;
import org.spoc.escalation.domain.SlaClock;
import org.spoc.escalation.domain.SlaPolicy;
import org.spoc.escalation.domain.TicketSla;
import org.spoc.escalation.domain.TicketSlaDocuments;
import org.spoc.escalation.domain.TicketSlaRepository;
import org.spoc.escalation.domain.TimerBuckets;
import org.spoc.escalation.messaging.SlaTimerLoop;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.kit.outbox.OutboxRelay;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 100,000 open clocks inserted straight into the store (with their timing-wheel entries, as the
 * service writes them); {@code DUE} of them fall due over a few seconds, the rest hours later. Every
 * due breach fires exactly once and within a second of its due instant, and none of the others fires:
 * finding due timers does not depend on how many clocks are open. {@code SPOC_SCALE_CLOCKS},
 * {@code SPOC_SCALE_DUE} and {@code SPOC_SCALE_SPREAD_SECONDS} change the figures (README: results).
 *
 * <p>Part of every build: on a quiet 2-core machine 100,000 clocks gave p99 lateness 34 ms (max 94 ms).
 * On a machine loaded far beyond its cores (load average 30-50) it measured several seconds (README);
 * {@code SPOC_SCALE_CLOCKS=0} skips it there. The assertion stays strict.
 */
@DisabledIfEnvironmentVariable(named = "SPOC_SCALE_CLOCKS", matches = "0")
class TimerScaleIntegrationTests extends IntegrationTestSupport {

    /** 100,000; {@code SPOC_SCALE_CLOCKS} runs fewer or more. */
    static final int CLOCKS = Integer.parseInt(System.getenv().getOrDefault("SPOC_SCALE_CLOCKS", "100000"));
    static final int DUE = Integer.parseInt(System.getenv().getOrDefault("SPOC_SCALE_DUE", "1000"));
    static final Duration SPREAD = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("SPOC_SCALE_SPREAD_SECONDS", "10")));
    static final Duration TARGET = Duration.ofHours(1);

    @Autowired
    SlaTimerLoop timers;

    @Autowired
    TicketSlaRepository repository;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TimerBuckets buckets;

    @Test
    void firesBreachesWithinASecondOfDueAmongOneHundredThousandOpenClocks() {
        MongoCollection<Document> collection = repository.collection();
        SlaPolicy policy = new SlaPolicy("scale", new SlaPolicy.AppliesTo(Set.of(), Set.of()), "24x7",
                new SlaPolicy.Targets(TARGET, TARGET), Map.of(), 1.0, Set.of(TicketStatus.PENDING));
        BusinessCalendar always = BusinessCalendar.twentyFourSeven();
        // the relay would publish 200,000 events into the shared broker: this test measures the timers
        relay.stop();
        try {
            long firedBefore = timers.firedCount();
            // due a day ahead while inserting (however long that takes), then the clock moves there
            Instant firstDue = now(clock).plus(Duration.ofDays(1));
            long insertStarted = System.nanoTime();
            List<Document> batch = new ArrayList<>();
            Map<Long, List<Document>> wheel = new java.util.TreeMap<>();
            for (int i = 0; i < CLOCKS; i++) {
                Instant due = i < DUE ? firstDue.plusMillis(SPREAD.toMillis() * i / DUE)
                        : firstDue.plus(Duration.ofHours(2)).plusMillis(i);
                Instant started = due.minus(TARGET);
                SlaClock resolution = SlaClock.start("RESOLUTION", SlaClockKind.RESOLUTION, null, null, policy, TARGET,
                        always, started, "scale test");
                TicketSla sla = new TicketSla("scale-" + i, "INC" + (9_000_000 + i), "scale " + i, TicketType.INCIDENT,
                        Priority.P3, "Network", null, "alice", "service-desk", 1, TicketStatus.ASSIGNED, 1, started,
                        "scale", Set.of(TicketStatus.PENDING), List.of(resolution), List.of(), 0, 0, List.of(), false,
                        false, 0, 0);
                batch.add(TicketSlaDocuments.newDocument(sla, List.of()));
                wheel.computeIfAbsent(TimerBuckets.second(due), s -> new ArrayList<>())
                        .add(new Document("t", sla.ticketId()).append("d", java.util.Date.from(due)));
                if (batch.size() == 2_000) {
                    collection.insertMany(batch);
                    batch.clear();
                }
            }
            // and their entries in the timing wheel, as the service writes them ahead of every due instant
            wheel.forEach((second, entries) -> buckets.collection().insertOne(new Document("_id", second).append("e", entries)));
            Duration insertTook = Duration.ofNanos(System.nanoTime() - insertStarted);
            assertThat(collection.countDocuments()).isGreaterThanOrEqualTo(CLOCKS);
            // the store lives in this JVM: promote its 100k fresh documents to the old generation now, or
            // every young collection during the measurement copies them (measured: 1-2 s pauses)
            System.gc();
            timers.resetLateness();
            clock.advance(Duration.between(clock.instant(), firstDue.minusSeconds(5)));
            timers.refreshSoon();

            await().atMost(SPREAD.plusSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> timers.firedCount() - firedBefore >= DUE);

            Histogram lateness = timers.latenessMillis();
            System.out.printf("SLA timers: %d open clocks inserted in %s; %d breaches due over %s; lateness to the "
                    + "stored write p50 %d ms, p99 %d ms, max %d ms%n", CLOCKS, insertTook, lateness.getTotalCount(), SPREAD,
                    lateness.getValueAtPercentile(50), lateness.getValueAtPercentile(99), lateness.getMaxValue());
            assertThat(lateness.getTotalCount()).isEqualTo(DUE);
            assertThat(lateness.getValueAtPercentile(99)).isLessThanOrEqualTo(1_000);

            // exactly once: every due ticket holds one breach event in its outbox, the others none
            int breaches = 0;
            int late = 0;
            for (Document d : collection.find(new Document("outbox.0", new Document("$exists", true)))) {
                List<CloudEvent> breached = TicketSlaDocuments.outboxEvents(d).stream()
                        .filter(e -> e.type().equals(EventType.SLA_BREACHED.type())).toList();
                assertThat(breached).as(d.getString("_id")).hasSize(1);
                assertThat(Integer.parseInt(d.getString("_id").substring("scale-".length()))).isLessThan(DUE);
                breaches++;
                late += breached.getFirst().data(SlaEvent.class).late() ? 1 : 0;
            }
            assertThat(breaches).isEqualTo(DUE);
            System.out.printf("SLA timers: %d of %d breaches flagged late%n", late, DUE);
        }
        finally {
            collection.deleteMany(new Document());
            buckets.collection().deleteMany(new Document());
            relay.start();
        }
    }
}
