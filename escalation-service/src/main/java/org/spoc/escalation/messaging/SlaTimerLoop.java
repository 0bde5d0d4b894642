package org.spoc.escalation.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.escalation.domain.ClockFiring;
import org.spoc.escalation.domain.PendingEvent;
import org.spoc.escalation.domain.SlaContext;
import org.spoc.escalation.domain.SlaFact;
import org.spoc.escalation.domain.SlaService;
import org.spoc.escalation.domain.SlaWriteListener;
import org.spoc.escalation.domain.TicketSla;
import org.spoc.escalation.domain.TicketSlaDocuments;
import org.spoc.escalation.domain.TicketSlaRepository;
import org.spoc.escalation.domain.TimerBuckets;
import org.spoc.kit.outbox.OutboxEntry;
import org.springframework.context.SmartLifecycle;

/**
 * Fires SLA warnings and breaches from their stored instants, on every replica, each exactly once.
 *
 * <p>Each replica keeps an in-memory schedule of (due instant, ticket) and sleeps until the earliest
 * one, woken early when a nearer timer is stored through this replica. The schedule is fed by this
 * replica's own writes and, every {@code refresh}, by the next seconds of the store's timing wheel
 * ({@link TimerBuckets}: a lookup by key, so timers stored by other replicas are found without
 * scanning open clocks), and at start and every {@code sweep} by a query on the tickets' indexed
 * {@code nextDueAt} (timers left behind while no replica ran).
 *
 * <p>Due tickets are claimed in batches with a lease ({@code timerLease}, {@code timerOwner}) by a
 * version-conditional update, fired in memory and written back with their events in the outbox and
 * the lease removed, again conditional on the version: a concurrent write (a ticket event) makes
 * the firing retry on the fresh document, so a timer can never fire twice. A timer found overdue by
 * more than {@code lateAfter} (after a restart that spanned it) fires flagged {@code late}.
 */
public class SlaTimerLoop implements SmartLifecycle, SlaWriteListener {

    private static final Logger log = LoggerFactory.getLogger(SlaTimerLoop.class);
    private static final int RETRIES = 10;

    private final TicketSlaRepository repository;
    private final TimerBuckets buckets;
    private final MongoCollection<Document> collection;
    private final SlaContext context;
    private final Clock clock;
    private final TimerSettings settings;
    private final List<SlaWriteListener> listeners;
    private final Timer lateness;
    private final Histogram latenessMillis = new ConcurrentHistogram(3_600_000L, 3);
    private final String owner = "timer-" + UUID.randomUUID();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong fired = new AtomicLong();

    private final ConcurrentSkipListSet<Entry> queue = new ConcurrentSkipListSet<>();
    private final ConcurrentHashMap<String, Instant> scheduled = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean woken;
    private volatile Instant sleepingUntil = Instant.MAX;
    private volatile boolean running;
    private @Nullable Thread worker;
    private @Nullable Thread refresher;

    private long loadedThrough = Long.MIN_VALUE;
    private long droppedThrough = Long.MIN_VALUE;
    private Instant nextSweep = Instant.EPOCH;

    public SlaTimerLoop(TicketSlaRepository repository, TimerBuckets buckets, SlaContext context, Clock clock,
            TimerSettings settings, List<SlaWriteListener> listeners, MeterRegistry meters) {
        this.repository = repository;
        this.buckets = buckets;
        this.collection = repository.collection();
        this.context = context;
        this.clock = clock;
        this.settings = settings;
        this.listeners = List.copyOf(listeners);
        this.lateness = Timer.builder("spoc.sla.timer.lateness")
                .description("How long after its due instant a warning or breach fired (stored with its events)")
                .publishPercentiles(0.5, 0.99).register(meters);
        meters.gauge("spoc.sla.timer.scheduled", scheduled, Map::size);
    }

    /** A ticket's next timer instant, as just stored; {@code null} removes it. */
    public void schedule(String ticketId, @Nullable Instant due) {
        scheduled.compute(ticketId, (id, old) -> {
            if (old != null) {
                queue.remove(new Entry(old, id));
            }
            if (due != null) {
                queue.add(new Entry(due, id));
            }
            return due;
        });
        if (due != null && due.isBefore(sleepingUntil)) {
            wake();
        }
    }

    @Override
    public void written(TicketSla sla, List<PendingEvent> events, List<SlaFact> facts) {
        schedule(sla.ticketId(), sla.nextDueAt());
    }

    /** Looks at the schedule now, for example after a test moved the clock. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signal();
        }
        finally {
            lock.unlock();
        }
    }

    /** Loads timers due within the horizon from the store now rather than at the next refresh. */
    public void refreshSoon() {
        Thread t = refresher;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Firing lateness in milliseconds, since start or the last {@link #resetLateness()}. */
    public Histogram latenessMillis() {
        return latenessMillis.copy();
    }

    public void resetLateness() {
        latenessMillis.reset();
    }

    public long firedCount() {
        return fired.get();
    }

    public int scheduledCount() {
        return scheduled.size();
    }

    /** One pass: fire what is due. Answers how many tickets were fired. */
    public int runOnce() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<String> due = pollDue(now);
        if (due.isEmpty()) {
            return 0;
        }
        return fireBatch(due, now);
    }

    private void loop() {
        while (running) {
            try {
                if (runOnce() > 0) {
                    continue;
                }
                Instant wakeAt = clock.instant().plus(settings.refresh());
                if (!queue.isEmpty()) {
                    Instant head = queue.first().due();
                    if (head.isBefore(wakeAt)) {
                        wakeAt = head;
                    }
                }
                sleepUntil(wakeAt);
            }
            catch (RuntimeException ex) {
                log.warn("SLA timer pass failed, retrying: {}", ex.toString());
                sleepUntil(clock.instant().plusMillis(200));
            }
        }
    }

    private void sleepUntil(Instant wakeAt) {
        lock.lock();
        try {
            sleepingUntil = wakeAt;
            long nanos = Math.min(Duration.between(clock.instant(), wakeAt).toNanos(), settings.refresh().toNanos());
            if (!woken && nanos > 0) {
                wakeUp.awaitNanos(nanos);
            }
            woken = false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            running = false;
        }
        finally {
            sleepingUntil = Instant.MAX;
            lock.unlock();
        }
    }

    /**
     * Every {@code refresh}: the timing wheel's seconds up to the horizon into this replica's schedule;
     * every {@code sweep} (and first at start): a query on the tickets' indexed {@code nextDueAt}, the
     * safety net for timers the wheel does not list (written before it existed, or by hand).
     */
    private void refreshLoop() {
        while (running) {
            try {
                Instant now = clock.instant();
                if (!now.isBefore(nextSweep)) {
                    sweep(now);
                    nextSweep = now.plus(settings.sweep());
                }
                refresh(now);
            }
            catch (RuntimeException ex) {
                log.warn("SLA timer refresh failed, retrying: {}", ex.toString());
            }
            LockSupport.parkNanos(settings.refresh().toNanos());
        }
    }

    void refresh(Instant now) {
        long from = Math.max(loadedThrough + 1, TimerBuckets.second(now.minus(settings.lease())));
        long to = TimerBuckets.second(now.plus(settings.horizon()));
        if (from <= to) {
            for (Map.Entry<String, Instant> entry : buckets.load(from, to)) {
                Instant known = scheduled.get(entry.getKey());
                if (known == null || entry.getValue().isBefore(known)) {
                    schedule(entry.getKey(), entry.getValue());
                }
            }
            loadedThrough = to;
        }
        long dropTo = TimerBuckets.second(now.minus(settings.lease().multipliedBy(3)));
        long dropFrom = Math.max(droppedThrough + 1, dropTo - 600);
        if (dropFrom <= dropTo) {
            buckets.drop(dropFrom, dropTo);
            droppedThrough = dropTo;
        }
    }

    void sweep(Instant now) {
        Date until = Date.from(now.plus(settings.horizon()));
        for (Document d : collection.find(Filters.lte(TicketSlaDocuments.NEXT_DUE_AT, until))
                .projection(Projections.include(TicketSlaDocuments.NEXT_DUE_AT, TicketSlaDocuments.TIMER_LEASE))) {
            Instant due = d.getDate(TicketSlaDocuments.NEXT_DUE_AT).toInstant();
            Date lease = d.getDate(TicketSlaDocuments.TIMER_LEASE);
            if (lease != null && lease.toInstant().isAfter(due)) {
                due = lease.toInstant();
            }
            String id = d.getString("_id");
            Instant known = scheduled.get(id);
            if (known == null || !known.equals(due)) {
                schedule(id, due);
            }
        }
    }

    private List<String> pollDue(Instant now) {
        List<String> due = new ArrayList<>();
        Iterator<Entry> it = queue.iterator();
        while (it.hasNext() && due.size() < settings.batchSize()) {
            Entry entry = it.next();
            if (entry.due().isAfter(now)) {
                break;
            }
            if (scheduled.remove(entry.id(), entry.due())) {
                queue.remove(entry);
                due.add(entry.id());
            }
        }
        return due;
    }

    private int fireBatch(List<String> ids, Instant now) {
        String token = owner + "-" + batches.incrementAndGet();
        Date leaseUntil = Date.from(now.plus(settings.lease()));
        List<WriteModel<Document>> claims = new ArrayList<>();
        Map<String, Document> candidates = new HashMap<>();
        for (Document d : collection.find(Filters.in("_id", ids)).projection(Projections.exclude(OutboxEntry.FIELD))) {
            String id = d.getString("_id");
            Date next = d.getDate(TicketSlaDocuments.NEXT_DUE_AT);
            if (next == null) {
                continue;
            }
            if (next.toInstant().isAfter(now)) {
                schedule(id, next.toInstant());
                continue;
            }
            Date lease = d.getDate(TicketSlaDocuments.TIMER_LEASE);
            if (lease != null && lease.toInstant().isAfter(now)) {
                schedule(id, lease.toInstant());
                continue;
            }
            long version = d.get(TicketSlaDocuments.VERSION, Number.class).longValue();
            claims.add(new UpdateOneModel<>(TicketSlaRepository.versionFilter(id, version),
                    new Document("$set", new Document(TicketSlaDocuments.TIMER_LEASE, leaseUntil)
                            .append(TicketSlaDocuments.TIMER_OWNER, token)
                            .append(TicketSlaDocuments.VERSION, version + 1))));
            d.put(TicketSlaDocuments.VERSION, version + 1);
            d.put(TicketSlaDocuments.TIMER_OWNER, token);
            candidates.put(id, d);
        }
        if (claims.isEmpty()) {
            return 0;
        }
        if (collection.bulkWrite(claims, new BulkWriteOptions().ordered(false)).getMatchedCount() < claims.size()) {
            candidates.clear();
            for (Document d : collection.find(Filters.in("_id", ids)).projection(Projections.exclude(OutboxEntry.FIELD))) {
                if (token.equals(d.getString(TicketSlaDocuments.TIMER_OWNER))) {
                    candidates.put(d.getString("_id"), d);
                }
            }
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        List<WriteModel<Document>> wheel = new ArrayList<>();
        List<Fired> outcomes = new ArrayList<>();
        for (Document d : candidates.values()) {
            Fired f = fire(d, now);
            outcomes.add(f);
            writes.add(new UpdateOneModel<>(TicketSlaRepository.versionFilter(f.sla().ticketId(), f.sla().version()),
                    f.update()));
            Instant next = f.sla().nextDueAt();
            if (next != null) {
                wheel.add(TimerBuckets.entry(f.sla().ticketId(), next));
            }
        }
        buckets.recordAll(wheel);
        boolean allWritten = collection.bulkWrite(writes, new BulkWriteOptions().ordered(false))
                .getMatchedCount() == writes.size();
        Instant written = clock.instant();
        List<String> lost = new ArrayList<>();
        if (!allWritten) {
            for (Document d : collection.find(Filters.in("_id", new ArrayList<>(candidates.keySet())))
                    .projection(Projections.include(TicketSlaDocuments.TIMER_OWNER))) {
                if (token.equals(d.getString(TicketSlaDocuments.TIMER_OWNER))) {
                    lost.add(d.getString("_id"));
                }
            }
        }
        for (Fired f : outcomes) {
            if (lost.contains(f.sla().ticketId())) {
                retry(f.sla().ticketId(), token, now);
            }
            else {
                done(f, written);
            }
        }
        return outcomes.size();
    }

    /** A concurrent write beat the firing: fire again on the fresh document while the lease is ours. */
    private void retry(String id, String token, Instant now) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            Document d = collection.find(new Document("_id", id)).first();
            if (d == null || !token.equals(d.getString(TicketSlaDocuments.TIMER_OWNER))) {
                return;
            }
            Fired f = fire(d, now);
            Instant next = f.sla().nextDueAt();
            if (next != null) {
                buckets.record(id, next);
            }
            if (collection.updateOne(TicketSlaRepository.versionFilter(id, f.sla().version()), f.update())
                    .getMatchedCount() == 1) {
                done(f, clock.instant());
                return;
            }
        }
        log.warn("SLA timer of ticket {} lost {} races; its lease expires and it fires again", id, RETRIES);
    }

    private Fired fire(Document d, Instant now) {
        TicketSla sla = TicketSlaDocuments.read(d);
        List<ClockFiring> firings = sla.fireTimers(now, context);
        List<PendingEvent> events = sla.drainEvents();
        Document update = TicketSlaRepository.update(sla, SlaService.outbox(sla, events),
                List.of(TicketSlaDocuments.TIMER_LEASE, TicketSlaDocuments.TIMER_OWNER));
        return new Fired(sla, firings, events, update);
    }

    private void done(Fired f, Instant written) {
        for (ClockFiring firing : f.firings()) {
            Duration late = Duration.between(firing.dueAt(), written);
            lateness.record(late.isNegative() ? Duration.ZERO : late);
            latenessMillis.recordValue(Math.max(0, Math.min(late.toMillis(), 3_600_000L)));
            fired.incrementAndGet();
        }
        schedule(f.sla().ticketId(), f.sla().nextDueAt());
        List<SlaFact> facts = f.sla().drainFacts();
        for (SlaWriteListener listener : listeners) {
            listener.written(f.sla(), f.events(), facts);
        }
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        running = true;
        loadedThrough = Long.MIN_VALUE;
        nextSweep = Instant.EPOCH;
        refresher = Thread.ofPlatform().daemon().name("sla-timers-refresh").start(this::refreshLoop);
        worker = Thread.ofPlatform().daemon().name("sla-timers").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        wake();
        refreshSoon();
        for (Thread t : new Thread[] {worker, refresher}) {
            if (t != null) {
                try {
                    t.join(5_000);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        worker = null;
        refresher = null;
        // like a process that ends: the schedule is memory only, the store keeps the timers
        queue.clear();
        scheduled.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 3000;
    }

    private record Fired(TicketSla sla, List<ClockFiring> firings, List<PendingEvent> events, Document update) {
    }

    private record Entry(Instant due, String id) implements Comparable<Entry> {

        @Override
        public int compareTo(Entry other) {
            int byDue = due.compareTo(other.due);
            return byDue != 0 ? byDue : id.compareTo(other.id);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.due.equals(due) && e.id.equals(id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(due, id);
        }
    }
}
