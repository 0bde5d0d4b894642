package org.spoc.escalation.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.bson.Document;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.kit.outbox.OutboxEntry;
import org.spoc.kit.work.RecentEntries;

/**
 * Applies ticket events, agents' requests and policy replacements to ticket aggregates: load, change,
 * store with the caused events in one write (retrying on a concurrent write), then tell the listeners.
 */
public class SlaService {

    private static final int ATTEMPTS = 20;

    /**
     * Ticket fields an SLA does not read (see {@link TicketSla#apply}): a {@code spoc.ticket.changed.v1} that
     * changes only these leaves the aggregate as it was but for the ticket version, which is not stored for
     * it either. Most changes of a new ticket are of this kind, other services' feedback (suggested articles,
     * a problem link): each cost reading the aggregate. Keep in step with {@code TicketSla.apply}.
     */
    static final Set<String> NOT_READ = Set.of("suggestedArticles", "problem", "attachments", "totalMinutes",
            "description", "impact", "urgency", "location");

    /** How many tickets {@link #known} remembers having an aggregate. */
    private static final int KNOWN_REMEMBERED = 50_000;

    private final TicketSlaRepository repository;
    private final SlaContext context;
    private final Clock clock;
    private final List<SlaWriteListener> listeners;
    private final TimerBuckets buckets;
    /**
     * Tickets this service has read or written an aggregate of, the most recent {@value #KNOWN_REMEMBERED}:
     * aggregates are never deleted, so a change this service does not read can be left unread for them. For
     * any other ticket it is applied, so an aggregate is still opened by the first event seen of a ticket
     * (one opened before this service ran).
     */
    private final RecentEntries<String, Boolean> known = new RecentEntries<>(KNOWN_REMEMBERED);

    public SlaService(TicketSlaRepository repository, TimerBuckets buckets, SlaContext context, Clock clock,
            List<SlaWriteListener> listeners) {
        this.repository = repository;
        this.buckets = buckets;
        this.context = context;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    public SlaContext context() {
        return context;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Applies a ticket event at its event time; answers the aggregate when it changed. */
    public Optional<TicketSla> onTicketEvent(TicketEvent event, String ceType, Instant eventTime) {
        Instant at = eventTime.truncatedTo(ChronoUnit.MILLIS);
        String ticketId = event.ticket().id();
        if (changesNothingRead(event, ceType) && known.contains(ticketId)) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<TicketSla> stored = repository.find(ticketId);
            if (stored.isEmpty()) {
                TicketSla sla = TicketSla.open(event, ceType, at, context);
                List<PendingEvent> events = sla.drainEvents();
                writeAhead(sla, null);
                if (repository.insert(sla, outbox(sla, events))) {
                    known.put(ticketId, Boolean.TRUE);
                    written(sla, events);
                    return Optional.of(sla);
                }
                continue;
            }
            known.put(ticketId, Boolean.TRUE);
            TicketSla sla = stored.get();
            Instant dueBefore = sla.nextDueAt();
            Document before = TicketSlaDocuments.state(sla);
            if (!sla.apply(event, ceType, at, context)) {
                return Optional.empty();
            }
            List<PendingEvent> events = sla.drainEvents();
            if (events.isEmpty() && changesOnlyTheTicketVersion(before, TicketSlaDocuments.state(sla))) {
                return Optional.empty();
            }
            writeAhead(sla, dueBefore);
            if (repository.update(sla, outbox(sla, events))) {
                written(sla, events);
                return Optional.of(sla);
            }
        }
        throw new IllegalStateException("ticket " + event.ticket().id() + " kept changing under " + ATTEMPTS + " attempts");
    }

    /** A change event whose changes are all of fields an SLA does not read. */
    static boolean changesNothingRead(TicketEvent event, String ceType) {
        return EventType.TICKET_CHANGED.type().equals(ceType) && !event.changes().isEmpty()
                && event.changes().stream().allMatch(change -> NOT_READ.contains(change.field()));
    }

    /**
     * An agent asks to escalate a ticket.
     *
     * @throws NoSuchElementException when the ticket is unknown
     * @throws IllegalStateException  when it cannot go higher or is closed
     */
    public Escalation requestEscalation(String ticketId, String agent, String reason) {
        return change(ticketId, sla -> sla.requestEscalation(agent, reason, now(), context));
    }

    /** Applies the current policies and calendars to every open ticket; answers how many changed. */
    public int reapplyPolicies(String why) {
        int changed = 0;
        for (Document d : repository.findAll(new Document(TicketSlaDocuments.OPEN, true))) {
            String id = d.getString("_id");
            Instant at = now();
            change(id, sla -> {
                sla.reapplyPolicies(at, why, context);
                return sla;
            });
            changed++;
        }
        return changed;
    }

    /** Loads, changes and stores one aggregate with its events, retrying on concurrent writes. */
    public <T> T change(String ticketId, Function<TicketSla, T> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            TicketSla sla = repository.find(ticketId).orElseThrow(() -> new NoSuchElementException("ticket " + ticketId));
            Instant dueBefore = sla.nextDueAt();
            T result = change.apply(sla);
            List<PendingEvent> events = sla.drainEvents();
            writeAhead(sla, dueBefore);
            if (repository.update(sla, outbox(sla, events))) {
                written(sla, events);
                return result;
            }
        }
        throw new IllegalStateException("ticket " + ticketId + " kept changing under " + ATTEMPTS + " attempts");
    }

    /**
     * Whether applying a ticket event changed nothing the SLA keeps but the ticket version: a change it does
     * not look at (suggested articles, the due date it set itself, a problem link). Such a change is not
     * stored: a write per ticket event was most of the service's store traffic. Leaving the older version in
     * place is safe: a later event carries the whole ticket and a newer version anyway, and a redelivery of
     * this one finds the same state again.
     */
    static boolean changesOnlyTheTicketVersion(Document before, Document after) {
        Document a = new Document(before);
        Document b = new Document(after);
        a.remove("ticketVersion");
        b.remove("ticketVersion");
        return a.equals(b);
    }

    /** Puts a changed due instant into the timing wheel before the aggregate stores it. */
    private void writeAhead(TicketSla sla, @org.jspecify.annotations.Nullable Instant dueBefore) {
        Instant due = sla.nextDueAt();
        if (due != null && !due.equals(dueBefore)) {
            buckets.record(sla.ticketId(), due);
        }
    }

    public Optional<TicketSla> find(String ticketId) {
        return repository.find(ticketId);
    }

    public TicketSlaRepository repository() {
        return repository;
    }

    /** Tells the listeners about a write made elsewhere (the timer loop). */
    public void written(TicketSla sla, List<PendingEvent> events) {
        List<SlaFact> facts = sla.drainFacts();
        for (SlaWriteListener listener : listeners) {
            listener.written(sla, events, facts);
        }
    }

    /** The outbox entries of a change's events: keyed and subject by the ticket id. */
    public static List<OutboxEntry> outbox(TicketSla sla, List<PendingEvent> events) {
        List<OutboxEntry> entries = new ArrayList<>(events.size());
        for (PendingEvent e : events) {
            entries.add(OutboxEntry.of(CloudEvent.of(e.type(), sla.ticketId(), sla.ticketId(), e.data(),
                    e.time().truncatedTo(ChronoUnit.MILLIS), e.headers())));
        }
        return entries;
    }
}
