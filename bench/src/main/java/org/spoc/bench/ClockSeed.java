package org.spoc.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.spoc.escalation.domain.BusinessCalendar;
import org.spoc.escalation.domain.InMemorySlaCatalog;
import org.spoc.escalation.domain.SlaContext;
import org.spoc.escalation.domain.SlaPolicy;
import org.spoc.escalation.domain.TicketSla;
import org.spoc.escalation.domain.TicketSlaDocuments;
import org.spoc.escalation.domain.TimerBuckets;
import org.spoc.events.EventType;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;

/**
 * Open SLA clocks written straight into escalation-service's store, as the service stores the tickets it
 * opens: each ticket is built by {@link TicketSla#open} from an opened event, stored with
 * {@link TicketSlaDocuments#newDocument} and listed in the timing wheel by {@link TimerBuckets#entry} (the
 * entry first, as the service writes ahead). The service's timer loop, sweeps and APIs treat them as any
 * other open clock; none of the other services hears of them, which is what makes 100k of them affordable.
 *
 * <p>Every seeded ticket is an answered P3 or P4 incident awaiting resolution on the 24x7 calendar; its next
 * timer (the resolution warning at 75 %) falls between 2 and 26 hours from {@code now}, spread evenly
 * (a timing-wheel second of its own for most of them; 100k fill nearly every second of the day), and its breach
 * 10 hours after that: none fires during a run.
 * Their outbox is empty: their {@code spoc.sla.started.v1} events are not published.
 */
final class ClockSeed {

    static final Duration FIRST_TIMER = Duration.ofHours(2);
    static final Duration SPREAD = Duration.ofHours(24);
    /** Not one of the stack's policies: the seeded clocks carry its id; no ticket of the run is given it. */
    static final SlaPolicy POLICY = new SlaPolicy("bench-seed",
            new SlaPolicy.AppliesTo(Set.of(TicketType.INCIDENT), Set.of(Priority.P3, Priority.P4)), BusinessCalendar.ALWAYS_ID,
            new SlaPolicy.Targets(Duration.ofHours(4), Duration.ofHours(40)), Map.of(), SlaPolicy.DEFAULT_WARN_AT,
            Set.of(TicketStatus.PENDING));
    private static final String[] CATEGORIES = {"Network", "Hardware", "Software", "Access"};
    private static final String[] REQUESTERS = {"alice", "bob", "carol"};

    private final String run;
    private final Instant now;
    private final long count;
    private final SlaContext context;

    /**
     * @param run   names the seed's tickets: ids {@code bench-seed-<run>-<i>}, numbers {@code SEED<run>-<i>} (no
     *              real ticket's id or number looks like either)
     * @param count how many tickets the seed spreads over the 24 hours
     */
    ClockSeed(String run, Instant now, long count) {
        this.run = run;
        this.now = now;
        this.count = Math.max(1, count);
        InMemorySlaCatalog catalog = new InMemorySlaCatalog();
        SlaPolicy.defaults().forEach(p -> catalog.removePolicy(p.id()));
        catalog.put(POLICY);
        this.context = new SlaContext(catalog, SlaContext.DEFAULT_LATE_AFTER);
    }

    /** Ticket {@code i}'s next timer: from now + 2 h to now + 26 h, evenly. */
    Instant nextTimer(long i) {
        return now.plus(FIRST_TIMER).plusMillis(SPREAD.toMillis() * i / count);
    }

    String id(long i) {
        return "bench-seed-" + run + "-" + i;
    }

    /** Ticket {@code i} as escalation-service opens it from its opened event. */
    TicketSla ticket(long i) {
        Duration warnAfter = Duration.ofMillis(Math.round(POLICY.targets().resolution().toMillis() * POLICY.warnAt()));
        Instant openedAt = nextTimer(i).minus(warnAfter);
        Instant respondedAt = openedAt.plus(Duration.ofMinutes(20 + i % 40));
        Bench.Ticket text = Bench.Ticket.of(i);
        boolean p4 = i % 3 == 0;
        String requester = REQUESTERS[(int) (i % REQUESTERS.length)];
        TicketSnapshot snapshot = new TicketSnapshot(id(i), "SEED" + run + "-" + i,
                TicketType.INCIDENT, text.title() + " #" + i, text.description(), TicketStatus.ASSIGNED,
                p4 ? Priority.P4 : Priority.P3, Level.MEDIUM, p4 ? Level.LOW : Level.MEDIUM,
                CATEGORIES[(int) (i % CATEGORIES.length)], null, null, null, requester, "service-desk", 1, null, "portal",
                null, null, List.of(), 3, openedAt, respondedAt, respondedAt, null, null);
        return TicketSla.open(new TicketEvent(snapshot, List.of(), requester, null, null, null),
                EventType.TICKET_OPENED.type(), openedAt, context);
    }

    /** Writes tickets {@code from} (inclusive) to {@code to} (exclusive): their timing-wheel entries, then them. */
    void write(MongoDatabase store, long from, long to) {
        List<WriteModel<Document>> wheel = new ArrayList<>();
        List<Document> tickets = new ArrayList<>();
        for (long i = from; i < to; i++) {
            TicketSla sla = ticket(i);
            Instant next = sla.nextDueAt();
            if (next == null) {
                throw new IllegalStateException("seeded ticket " + sla.ticketId() + " has no timer");
            }
            wheel.add(TimerBuckets.entry(sla.ticketId(), next));
            tickets.add(TicketSlaDocuments.newDocument(sla, List.of()));
        }
        if (!tickets.isEmpty()) {
            store.getCollection(TimerBuckets.COLLECTION).bulkWrite(wheel, new BulkWriteOptions().ordered(false));
            store.getCollection(TicketSlaDocuments.COLLECTION).insertMany(tickets, new InsertManyOptions().ordered(false));
        }
    }

    /** Open tickets in escalation-service's store (each with its running clocks): what the timer loop keeps track of. */
    static long openClocks(MongoDatabase store) {
        return store.getCollection(TicketSlaDocuments.COLLECTION).countDocuments(new Document(TicketSlaDocuments.OPEN, true));
    }
}
