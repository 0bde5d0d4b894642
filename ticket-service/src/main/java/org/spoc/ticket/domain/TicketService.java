package org.spoc.ticket.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.events.ticket.Visibility;
import org.springframework.stereotype.Service;

/**
 * The ticket use cases. Each loads the aggregate, checks who may do what, lets the aggregate change and
 * raise its events, and stores state, history and events in one guarded write (retrying on a concurrent
 * change unless the caller pinned a version with {@code If-Match}).
 */
@Service
public class TicketService {

    private static final Logger log = LoggerFactory.getLogger(TicketService.class);
    private static final int WRITE_ATTEMPTS = 5;

    private final TicketRepository tickets;
    private final TicketNumbers numbers;
    private final Catalog catalog;
    private final DeskSettings settings;
    private final DeskPolicy policy;
    private final Clock clock;
    private final List<StoredEventsObserver> observers;

    public TicketService(TicketRepository tickets, TicketNumbers numbers, Catalog catalog, DeskSettings settings,
            DeskPolicy policy, Clock clock, List<StoredEventsObserver> observers) {
        this.tickets = tickets;
        this.numbers = numbers;
        this.catalog = catalog;
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
        this.observers = List.copyOf(observers);
    }

    public DeskPolicy policy() {
        return policy;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---------------------------------------------------------------- create

    /**
     * Opens a ticket: catalog validation, routing, priority, number, optional auto-assignment, one insert
     * with the events in its outbox. With an Idempotency-Key, a repeat answers the first ticket.
     */
    public CreateResult create(NewTicket spec, Actor actor, @Nullable String idempotencyKey, String requestHash) {
        String dedupKey = idempotencyKey == null ? null : "idem:" + actor.name() + ":" + idempotencyKey;
        if (dedupKey != null) {
            Optional<Ticket> earlier = tickets.findByDedupKey(dedupKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), requestHash);
            }
        }
        Instant now = now();
        Ticket ticket = prepare(spec, actor, now, UUID.randomUUID().toString(), numbers.next(spec.type()));
        if (idempotencyKey != null) {
            ticket.idempotencyKey(actor.name(), idempotencyKey, requestHash);
        }
        List<RaisedEvent> events = ticket.pendingEvents();
        try {
            tickets.insert(ticket);
        }
        catch (DuplicateTicket ex) {
            if (dedupKey == null) {
                throw ex;
            }
            return replay(tickets.findByDedupKey(dedupKey).orElseThrow(() -> ex), requestHash);
        }
        notifyStored(events);
        return new CreateResult(ticket, false);
    }

    /** Validates against the catalog, routes, prioritises and builds a new ticket (not stored yet). */
    Ticket prepare(NewTicket spec, Actor actor, Instant now, String id, String number) {
        CatalogItem item = null;
        if (spec.catalogItem() != null) {
            item = catalog.find(spec.catalogItem()).filter(CatalogItem::active)
                    .orElseThrow(() -> new InvalidTicketInput("catalogItem", "unknown catalog item '"
                            + spec.catalogItem() + "'; see GET /api/catalog"));
            if (spec.type() != TicketType.SERVICE_REQUEST) {
                throw new InvalidTicketInput("catalogItem", "catalog items are requested with type SERVICE_REQUEST");
            }
            item.validate(spec.form());
        }
        else if (!spec.form().isEmpty()) {
            throw new InvalidTicketInput("form", "a form needs a catalogItem");
        }
        Level impact = spec.impact() != null ? spec.impact() : item != null ? item.defaultImpact() : null;
        Level urgency = spec.urgency() != null ? spec.urgency() : item != null ? item.defaultUrgency() : null;
        if (impact == null) {
            throw new InvalidTicketInput("impact", "is required (HIGH, MEDIUM or LOW)");
        }
        if (urgency == null) {
            throw new InvalidTicketInput("urgency", "is required (HIGH, MEDIUM or LOW)");
        }
        String category = spec.category() != null ? spec.category() : item != null ? item.category() : null;
        NewTicket complete = new NewTicket(spec.type(), spec.title(), spec.description(), impact, urgency, category,
                spec.service(), spec.location(), spec.catalogItem(), spec.form(), spec.requester(), spec.channel());
        DeskSettings.Snapshot desk = settings.snapshot();
        String group = route(complete, item, desk.routingRules());
        int tier = policy.tierOf(group);
        Priority priority = desk.priorityMatrix().priorityOf(impact, urgency);
        Ticket ticket = Ticket.open(id, number, complete, priority, group, tier, policy.dueAt(priority, now), actor,
                now);
        String assignee = autoAssignee(group, desk.autoAssignment());
        if (assignee != null) {
            ticket.assign(group, tier, assignee, Actor.system("auto-assignment"), "automatic assignment", now);
        }
        return ticket;
    }

    private String route(NewTicket ticket, @Nullable CatalogItem item, List<RoutingRule> rules) {
        for (RoutingRule rule : rules) {
            if (rule.matches(ticket) && policy.knowsGroup(rule.group())) {
                return rule.group();
            }
        }
        if (item != null && policy.knowsGroup(item.fulfilmentGroup())) {
            return item.fulfilmentGroup();
        }
        return policy.defaultGroup();
    }

    private @Nullable String autoAssignee(String group, Map<String, DeskPolicy.AutoAssignment> assignment) {
        DeskPolicy.AutoAssignment auto = assignment.get(group);
        if (auto == null || auto.members().isEmpty()) {
            return null;
        }
        return switch (auto.strategy()) {
            case NONE -> null;
            case ROUND_ROBIN -> {
                long n = numbers.reserve("round-robin:" + group, 1);
                yield auto.members().get((int) ((n - 1) % auto.members().size()));
            }
            case FEWEST_OPEN -> auto.members().stream()
                    .min(Comparator.comparingLong(tickets::openCountOf).thenComparing(Function.identity()))
                    .orElse(null);
        };
    }

    private CreateResult replay(Ticket earlier, String requestHash) {
        if (earlier.requestHash() != null && !earlier.requestHash().equals(requestHash)) {
            throw new Conflict("this Idempotency-Key was used for a different request (ticket " + earlier.number()
                    + "); use a new key for a new ticket");
        }
        return new CreateResult(earlier, true);
    }

    // ---------------------------------------------------------------- import

    /**
     * Imports historical tickets in chunks: rows whose source id was imported before are skipped, rows the
     * domain refuses are rejected, the rest get new numbers, keep their original times and raise their
     * events at those times. Auto-assignment does not apply.
     */
    public ImportReport importTickets(List<ImportedTicket> rows, Actor actor, ImportReport report) {
        Actor importer = new Actor("import:" + actor.name(), true, actor.admin(), actor.groups());
        PriorityMatrix matrix = settings.priorityMatrix();
        List<RoutingRule> rules = settings.routingRules();
        Map<String, Optional<CatalogItem>> items = new java.util.HashMap<>();
        for (int from = 0; from < rows.size(); from += 500) {
            List<ImportedTicket> chunk = rows.subList(from, Math.min(rows.size(), from + 500));
            java.util.Set<String> existing = tickets.existingDedupKeys(
                    chunk.stream().map(r -> "import:" + r.sourceId()).toList());
            java.util.Map<String, ImportedTicket> byKey = new java.util.LinkedHashMap<>();
            for (ImportedTicket row : chunk) {
                String key = "import:" + row.sourceId();
                if (existing.contains(key) || byKey.containsKey(key)) {
                    report.skipped().add(new ImportReport.Skipped(row.row(), row.sourceId(),
                            "already imported (same sourceId)"));
                }
                else {
                    byKey.put(key, row);
                }
            }
            java.util.Map<TicketType, long[]> next = new java.util.EnumMap<>(TicketType.class);
            byKey.values().stream().collect(Collectors.groupingBy(r -> r.spec().type(), Collectors.counting()))
                    .forEach((type, count) -> next.put(type,
                            new long[] { numbers.reserve(type.numberPrefix(), count.intValue()) }));
            List<Ticket> batch = new ArrayList<>();
            List<ImportedTicket> batchRows = new ArrayList<>();
            for (ImportedTicket row : byKey.values()) {
                long[] counter = next.get(row.spec().type());
                String number = TicketNumber.format(row.spec().type(), counter[0]++);
                try {
                    batch.add(imported(row, number, matrix, rules, items, importer));
                    batchRows.add(row);
                }
                catch (InvalidTicketInput ex) {
                    report.rejected().add(new ImportReport.Rejected(row.row(), row.sourceId(), ex.field(),
                            ex.getMessage()));
                }
            }
            if (batch.isEmpty()) {
                continue;
            }
            java.util.Map<String, List<RaisedEvent>> events = new java.util.HashMap<>();
            batch.forEach(t -> events.put(t.dedupKey(), t.pendingEvents()));
            java.util.Set<String> duplicates = tickets.insertAll(batch);
            List<RaisedEvent> stored = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Ticket t = batch.get(i);
                ImportedTicket row = batchRows.get(i);
                if (duplicates.contains(t.dedupKey())) {
                    report.skipped().add(new ImportReport.Skipped(row.row(), row.sourceId(),
                            "already imported (same sourceId)"));
                }
                else {
                    report.imported().add(new ImportReport.Imported(row.row(), row.sourceId(), t.id(), t.number()));
                    stored.addAll(events.get(t.dedupKey()));
                }
            }
            notifyStored(stored);
        }
        report.imported().sort(Comparator.comparingInt(ImportReport.Imported::row));
        report.skipped().sort(Comparator.comparingInt(ImportReport.Skipped::row));
        report.rejected().sort(Comparator.comparingInt(ImportReport.Rejected::row));
        return report;
    }

    private Ticket imported(ImportedTicket row, String number, PriorityMatrix matrix, List<RoutingRule> rules,
            Map<String, Optional<CatalogItem>> items, Actor importer) {
        NewTicket spec = row.spec();
        CatalogItem item = null;
        if (spec.catalogItem() != null) {
            item = items.computeIfAbsent(spec.catalogItem(), catalog::find).orElseThrow(() -> new InvalidTicketInput(
                    "catalogItem", "unknown catalog item '" + spec.catalogItem() + "'"));
        }
        Level impact = spec.impact() != null ? spec.impact() : item != null ? item.defaultImpact() : Level.MEDIUM;
        Level urgency = spec.urgency() != null ? spec.urgency() : item != null ? item.defaultUrgency() : Level.MEDIUM;
        NewTicket complete = new NewTicket(spec.type(), spec.title(), spec.description(), impact, urgency,
                spec.category(), spec.service(), spec.location(), spec.catalogItem(), spec.form(), spec.requester(),
                spec.channel());
        String group = row.group() != null ? row.group() : route(complete, item, rules);
        if (!policy.knowsGroup(group)) {
            throw new InvalidTicketInput("assignmentGroup", "unknown group '" + group + "'");
        }
        if (row.resolutionCode() != null && !policy.resolutionCodes().contains(row.resolutionCode())) {
            throw new InvalidTicketInput("resolutionCode", "must be one of " + policy.resolutionCodes());
        }
        Priority priority = matrix.priorityOf(impact, urgency);
        Ticket ticket = Ticket.open(UUID.randomUUID().toString(), number, complete, priority, group,
                policy.tierOf(group), policy.dueAt(priority, row.openedAt()), importer, row.openedAt());
        ticket.importedAs(row.sourceId(), row.assignee());
        ticket.importHistory(row.status(), row.resolvedAt(), row.closedAt(), row.resolutionCode(), importer);
        return ticket;
    }

    // ---------------------------------------------------------------- reads

    /** The ticket by id or number; requesters get {@link TicketNotFound} for anyone else's. */
    public Ticket get(String idOrNumber, Actor actor) {
        Optional<Ticket> found = TicketNumber.isNumber(idOrNumber) ? tickets.findByNumber(idOrNumber)
                : tickets.findById(idOrNumber);
        return found.filter(t -> t.visibleTo(actor)).orElseThrow(() -> new TicketNotFound(idOrNumber));
    }

    public TicketPage search(TicketQuery query, Actor actor) {
        if (actor.requesterOnly()) {
            if (query.requester() != null && !query.requester().equals(actor.name())) {
                return new TicketPage(List.of(), query.page(), query.size(), 0);
            }
            query = query.withRequester(actor.name());
        }
        return tickets.search(query);
    }

    /** The desk's figures over the tickets opened in [from, to). */
    public DeskStatistics statistics(Instant from, Instant to, java.time.ZoneId zone) {
        return DeskStatistics.of(tickets.openedBetween(from, to), from, to, zone);
    }

    /** An agent queue: the open tickets of the groups, or of one assignee, by priority and SLA risk. */
    public TicketPage queue(List<String> groups, @Nullable String assignee, int page, int size) {
        return tickets.queue(groups, assignee, page, size);
    }

    // ---------------------------------------------------------------- changes

    public Ticket comment(String id, String body, Visibility visibility, Actor actor, @Nullable Long ifMatch) {
        return change(id, actor, ifMatch, t -> t.comment(body, visibility, actor, now(), policy.reopenWindow()));
    }

    public Ticket transition(String id, TicketStatus to, @Nullable Resolution resolution, @Nullable String reason,
            Actor actor, @Nullable Long ifMatch) {
        if (resolution != null) {
            String code = resolution.code().toUpperCase(Locale.ROOT);
            if (!policy.resolutionCodes().contains(code)) {
                throw new InvalidTicketInput("resolution.code", "must be one of " + policy.resolutionCodes());
            }
            resolution = new Resolution(code, resolution.notes());
        }
        Resolution r = resolution;
        return change(id, actor, ifMatch, t -> t.transition(to, r, reason, actor, now(), policy.reopenWindow()));
    }

    public Ticket assign(String id, String group, @Nullable String assignee, @Nullable String reason, Actor actor,
            @Nullable Long ifMatch) {
        return change(id, actor, ifMatch, t -> {
            requireAgent(actor, "assign tickets");
            if (!policy.knowsGroup(group)) {
                throw new InvalidTicketInput("group", "unknown group '" + group + "'; groups: "
                        + policy.groups().keySet().stream().sorted().toList());
            }
            return t.assign(group, policy.tierOf(group), assignee, actor, reason, now());
        });
    }

    public Ticket logWork(String id, int minutes, String note, Actor actor, @Nullable Long ifMatch) {
        return change(id, actor, ifMatch, t -> {
            requireAgent(actor, "log work");
            return t.logWork(minutes, note, actor, now());
        });
    }

    public Ticket attach(String id, String fileName, String contentType, long size, @Nullable String url, Actor actor,
            @Nullable Long ifMatch) {
        DeskPolicy.AttachmentLimits limits = policy.attachments();
        if (size > limits.maxBytes()) {
            throw new InvalidTicketInput("size", "must be at most " + limits.maxBytes() + " bytes");
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (!limits.allowedTypes().contains(type)) {
            throw new InvalidTicketInput("contentType", "must be one of " + limits.allowedTypes());
        }
        return change(id, actor, ifMatch, t -> {
            if (t.attachments().size() >= limits.maxPerTicket()) {
                throw new Conflict("a ticket holds at most " + limits.maxPerTicket() + " attachments");
            }
            Instant now = now();
            return t.attach(new Attachment(UUID.randomUUID().toString(), fileName, type, size, url, actor.name(), now),
                    actor, now);
        });
    }

    public Ticket overridePriority(String id, Priority priority, String reason, Actor actor, @Nullable Long ifMatch) {
        return change(id, actor, ifMatch, t -> {
            requireAgent(actor, "override priorities");
            Instant now = now();
            return t.overridePriority(priority, reason, policy.dueAt(priority, t.openedAt()), actor, now);
        });
    }

    public Ticket update(String id, TicketChanges changes, @Nullable String reason, Actor actor,
            @Nullable Long ifMatch) {
        PriorityMatrix matrix = settings.priorityMatrix();
        return change(id, actor, ifMatch, t -> {
            requireAgent(actor, "edit tickets");
            return t.update(changes, matrix, p -> policy.dueAt(p, t.openedAt()), reason, actor, now());
        });
    }

    /**
     * Applies another service's event to a ticket (listeners): no visibility check, retried on concurrent
     * change, idempotent through the ticket's applied event ids.
     * @return false when there is no such ticket
     */
    public boolean applyEvent(String ticketId, Function<Ticket, List<RaisedEvent>> change) {
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            Optional<Ticket> found = tickets.findById(ticketId);
            if (found.isEmpty()) {
                return false;
            }
            Ticket ticket = found.get();
            List<RaisedEvent> events = change.apply(ticket);
            if (tickets.update(ticket)) {
                notifyStored(events);
                return true;
            }
        }
        throw new org.springframework.dao.OptimisticLockingFailureException(
                "ticket " + ticketId + " kept changing; will be retried");
    }

    /** Closes tickets resolved longer ago than the auto-close period; answers how many it closed. */
    public int closeResolvedTickets() {
        Instant now = now();
        Instant before = now.minus(policy.autoCloseAfter());
        int closed = 0;
        Actor system = Actor.system("auto-close");
        for (Ticket candidate : tickets.resolvedBefore(before, 500)) {
            try {
                if (applyEvent(candidate.id(), t -> t.resolvedAt() != null && t.resolvedAt().isBefore(before)
                        ? t.autoClose(system, now, policy.autoCloseAfter()) : List.of())) {
                    closed++;
                }
            }
            catch (RuntimeException ex) {
                log.warn("auto-close of ticket {} failed, next sweep retries: {}", candidate.number(), ex.toString());
            }
        }
        return closed;
    }

    private Ticket change(String id, Actor actor, @Nullable Long ifMatch, Function<Ticket, List<RaisedEvent>> change) {
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            Ticket ticket = get(id, actor);
            if (ifMatch != null && ifMatch != ticket.version()) {
                throw new StaleTicket(ifMatch, ticket.version());
            }
            List<RaisedEvent> events = change.apply(ticket);
            if (events.isEmpty()) {
                return ticket;
            }
            if (tickets.update(ticket)) {
                notifyStored(events);
                return ticket;
            }
            if (ifMatch != null) {
                Ticket current = get(id, actor);
                throw new StaleTicket(ifMatch, current.version());
            }
        }
        throw new org.springframework.dao.OptimisticLockingFailureException("ticket " + id + " kept changing");
    }

    private void requireAgent(Actor actor, String what) {
        if (actor.requesterOnly()) {
            throw new NotPermitted("only the service desk may " + what);
        }
    }

    void notifyStored(List<RaisedEvent> events) {
        for (StoredEventsObserver observer : observers) {
            try {
                observer.stored(events);
            }
            catch (RuntimeException ex) {
                log.warn("observer {} failed: {}", observer.getClass().getSimpleName(), ex.toString());
            }
        }
    }

    static String describe(Map<String, ?> map) {
        return map.keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    List<String> knownGroups() {
        return new ArrayList<>(policy.groups().keySet());
    }
}
