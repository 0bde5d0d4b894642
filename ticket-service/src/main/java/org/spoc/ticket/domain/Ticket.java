package org.spoc.ticket.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.spoc.events.EventType;
import org.spoc.events.ticket.CommentData;
import org.spoc.events.ticket.FieldChange;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.events.ticket.Visibility;
import org.spoc.events.ticket.WorkLogData;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;

/**
 * The ticket aggregate: an incident or a service request. Every state change goes through a method
 * here that returns the events it causes; each event raises {@code version} by one, appends the
 * audit history and is kept pending until {@link TicketRepository} stores state, history and events
 * (in the document's outbox) in one write.
 */
public final class Ticket {

    @Id
    private String id = "";
    private String number = "";
    private TicketType type = TicketType.INCIDENT;
    private String title = "";
    private String description = "";
    private TicketStatus status = TicketStatus.NEW;
    /** Mirrors {@code status.isOpen()}, so queues are served from one index without an {@code $in}. */
    private boolean open = true;
    private Priority priority = Priority.P3;
    private Level impact = Level.MEDIUM;
    private Level urgency = Level.MEDIUM;
    private @Nullable PriorityOverride priorityOverride;
    private @Nullable String category;
    private @Nullable String service;
    private @Nullable String location;
    private @Nullable String catalogItem;
    private Map<String, String> form = new HashMap<>();
    private String requester = "";
    private String createdBy = "";
    private String channel = "portal";
    private @Nullable String assignmentGroup;
    private int tier = 1;
    private @Nullable String assignee;
    private @Nullable ProblemLink problem;
    private @Nullable String resolutionCode;
    private @Nullable String resolutionNotes;
    private List<SuggestedArticle> suggestedArticles = new ArrayList<>();
    /** When the ticket should be resolved by, from its priority's target: the queue's SLA-risk order. */
    private @Nullable Instant dueAt;
    private long version;
    private Instant openedAt = Instant.EPOCH;
    private Instant updatedAt = Instant.EPOCH;
    private @Nullable Instant firstRespondedAt;
    private @Nullable Instant resolvedAt;
    private @Nullable Instant closedAt;
    private int reassignments;
    private int reopens;
    private int totalMinutes;
    /** Unique: {@code id:<id>}, {@code idem:<user>:<Idempotency-Key>} or {@code import:<sourceId>}. */
    private String dedupKey = "";
    private @Nullable String requestHash;
    private @Nullable String sourceId;
    private List<Comment> comments = new ArrayList<>();
    private List<WorkLogEntry> workLog = new ArrayList<>();
    private List<Attachment> attachments = new ArrayList<>();
    private List<HistoryEntry> history = new ArrayList<>();
    /** Ids of other services' events already applied: the listeners' idempotency, kept in the same write. */
    private List<String> appliedEvents = new ArrayList<>();

    @Transient
    private @Nullable Baseline baseline;
    @Transient
    private List<RaisedEvent> pending = new ArrayList<>();

    /** For the mapping layer only. */
    Ticket() {
    }

    /** Opens a ticket: version 1, status NEW, routed to {@code group} on {@code tier}. */
    public static Ticket open(String id, String number, NewTicket spec, Priority priority, String group, int tier,
            @Nullable Instant dueAt, Actor actor, Instant at) {
        Ticket t = new Ticket();
        t.id = id;
        t.number = number;
        t.type = spec.type();
        t.title = spec.title();
        t.description = spec.description();
        t.impact = spec.impact();
        t.urgency = spec.urgency();
        t.priority = priority;
        t.category = spec.category();
        t.service = spec.service();
        t.location = spec.location();
        t.catalogItem = spec.catalogItem();
        t.form = new HashMap<>(spec.form());
        t.requester = spec.requester();
        t.createdBy = actor.name();
        t.channel = spec.channel();
        t.assignmentGroup = group;
        t.tier = tier;
        t.dueAt = dueAt;
        t.openedAt = at;
        t.dedupKey = "id:" + id;
        t.raise(EventType.TICKET_OPENED, List.of(
                new FieldChange("status", null, TicketStatus.NEW.name()),
                new FieldChange("priority", null, priority.name()),
                new FieldChange("assignmentGroup", null, group)), actor, null, false, null, null, at);
        return t;
    }

    // ---------------------------------------------------------------- changes

    /** Moves the ticket to {@code to}, checking the lifecycle; RESOLVED needs a resolution. */
    public List<RaisedEvent> transition(TicketStatus to, @Nullable Resolution resolution, @Nullable String reason,
            Actor actor, Instant at, Duration reopenWindow) {
        if (!Lifecycle.allows(status, to)) {
            throw new TransitionNotAllowed(status, to, Lifecycle.allowedFrom(status),
                    "a ticket in " + status + " cannot move to " + to);
        }
        if (actor.requesterOnly() && !Lifecycle.requesterMay(status, to)) {
            throw new NotPermitted("requesters may only cancel their open tickets, or close or reopen a resolved one");
        }
        List<FieldChange> changes = new ArrayList<>();
        EventType type = EventType.TICKET_STATUS_CHANGED;
        switch (to) {
            case ASSIGNED -> {
                if (assignee == null) {
                    throw new TransitionNotAllowed(status, to, Lifecycle.allowedFrom(status),
                            "the ticket has no assignee; assign it with POST /api/tickets/{id}/assignment");
                }
            }
            case IN_PROGRESS -> {
                if (status == TicketStatus.RESOLVED) {
                    if (!withinReopenWindow(at, reopenWindow)) {
                        throw new TransitionNotAllowed(status, to, List.of(TicketStatus.CLOSED),
                                "the reopen window of " + reopenWindow + " after resolution has passed");
                    }
                    type = EventType.TICKET_REOPENED;
                    reopenChanges(changes);
                }
                else if (assignee == null && actor.agent()) {
                    changes.add(new FieldChange("assignee", null, actor.name()));
                    assignee = actor.name();
                }
            }
            case RESOLVED -> {
                if (resolution == null) {
                    throw new InvalidTicketInput("resolution", "a resolution code and notes are required to resolve");
                }
                type = EventType.TICKET_RESOLVED;
                resolve(resolution, at, changes);
            }
            case CLOSED -> {
                type = EventType.TICKET_CLOSED;
                changes.add(new FieldChange("closedAt", null, at.toString()));
                closedAt = at;
            }
            case CANCELLED -> {
                changes.add(new FieldChange("closedAt", null, at.toString()));
                closedAt = at;
            }
            default -> {
            }
        }
        if (actor.agent() && !actor.name().equals(requester) && firstRespondedAt == null
                && to != TicketStatus.CANCELLED) {
            firstRespondedAt = at;
        }
        changes.add(0, new FieldChange("status", status.name(), to.name()));
        setStatus(to);
        return List.of(raise(type, changes, actor, reason, false, null, null, at));
    }

    /** Closes a ticket resolved for longer than the auto-close period (the sweep's call). */
    public List<RaisedEvent> autoClose(Actor system, Instant at, Duration after) {
        if (status != TicketStatus.RESOLVED) {
            return List.of();
        }
        closedAt = at;
        List<FieldChange> changes = List.of(new FieldChange("status", status.name(), TicketStatus.CLOSED.name()),
                new FieldChange("closedAt", null, at.toString()));
        setStatus(TicketStatus.CLOSED);
        return List.of(raise(EventType.TICKET_CLOSED, changes, system,
                "closed automatically " + after.toDays() + " days after resolution", false, null, null, at));
    }

    /**
     * Adds a comment. A requester's public reply to their RESOLVED ticket within the reopen window
     * reopens it (a second event).
     */
    public List<RaisedEvent> comment(String body, Visibility visibility, Actor actor, Instant at,
            Duration reopenWindow) {
        if (actor.requesterOnly() && visibility == Visibility.INTERNAL) {
            throw new NotPermitted("requesters may only write PUBLIC comments");
        }
        if (status == TicketStatus.CLOSED || status == TicketStatus.CANCELLED) {
            throw new Conflict("the ticket is " + status + "; open a new ticket instead");
        }
        Comment comment = new Comment(UUID.randomUUID().toString(), actor.name(), body, visibility, at);
        comments.add(comment);
        List<FieldChange> changes = new ArrayList<>();
        changes.add(new FieldChange(visibility == Visibility.INTERNAL ? "internalComment" : "comment", null,
                abbreviate(body)));
        if (visibility == Visibility.PUBLIC && actor.agent() && !actor.name().equals(requester)
                && firstRespondedAt == null) {
            firstRespondedAt = at;
            changes.add(new FieldChange("firstRespondedAt", null, at.toString()));
        }
        List<RaisedEvent> events = new ArrayList<>();
        events.add(raise(EventType.TICKET_COMMENTED, changes, actor, null, visibility == Visibility.INTERNAL,
                new CommentData(comment.id(), comment.author(), body, visibility, at), null, at));
        if (status == TicketStatus.RESOLVED && visibility == Visibility.PUBLIC && actor.name().equals(requester)
                && withinReopenWindow(at, reopenWindow)) {
            List<FieldChange> reopen = new ArrayList<>();
            reopen.add(new FieldChange("status", status.name(), TicketStatus.IN_PROGRESS.name()));
            reopenChanges(reopen);
            setStatus(TicketStatus.IN_PROGRESS);
            events.add(raise(EventType.TICKET_REOPENED, reopen, actor, "the requester replied to the resolution",
                    false, null, null, at));
        }
        return events;
    }

    /** Assigns the ticket to a group and, optionally, a member of it. */
    public List<RaisedEvent> assign(String group, int groupTier, @Nullable String newAssignee, Actor actor,
            @Nullable String reason, Instant at) {
        requireOpen("assigned");
        List<FieldChange> changes = new ArrayList<>();
        moveTo(group, groupTier, newAssignee, changes);
        if (changes.isEmpty()) {
            return List.of();
        }
        return List.of(raise(EventType.TICKET_ASSIGNED, changes, actor, reason, false, null, null, at));
    }

    /**
     * Applies an escalation raised by escalation-service: the ticket moves to the target team and tier
     * (leaving its assignee behind when the team changes), with the reason in its history.
     */
    public List<RaisedEvent> escalate(String eventId, String team, int toTier, String kind, String reason,
            Actor system, Instant at) {
        if (!firstApplication(eventId) || !status.isOpen()) {
            return List.of();
        }
        List<FieldChange> changes = new ArrayList<>();
        changes.add(new FieldChange("escalation", null, kind + " to " + team + " (tier " + toTier + ")"));
        if (!team.equals(assignmentGroup)) {
            moveTo(team, toTier, null, changes);
        }
        else if (toTier != tier) {
            changes.add(new FieldChange("tier", String.valueOf(tier), String.valueOf(toTier)));
            tier = toTier;
        }
        return List.of(raise(EventType.TICKET_ASSIGNED, changes, system, reason, false, null, null, at));
    }

    /** Logs time spent (agents only; checked by the caller). */
    public List<RaisedEvent> logWork(int minutes, String note, Actor actor, Instant at) {
        if (status == TicketStatus.CANCELLED) {
            throw new Conflict("the ticket is CANCELLED");
        }
        WorkLogEntry entry = new WorkLogEntry(UUID.randomUUID().toString(), actor.name(), minutes, note, at);
        workLog.add(entry);
        int before = totalMinutes;
        totalMinutes += minutes;
        return List.of(raise(EventType.TICKET_WORK_LOGGED,
                List.of(new FieldChange("totalMinutes", String.valueOf(before), String.valueOf(totalMinutes))),
                actor, null, true, null,
                new WorkLogData(entry.id(), actor.name(), minutes, note, totalMinutes, at), at));
    }

    /** Records an attachment's metadata (limits are checked by the caller). */
    public List<RaisedEvent> attach(Attachment attachment, Actor actor, Instant at) {
        if (status == TicketStatus.CLOSED || status == TicketStatus.CANCELLED) {
            throw new Conflict("the ticket is " + status);
        }
        attachments.add(attachment);
        return List.of(raise(EventType.TICKET_CHANGED,
                List.of(new FieldChange("attachments", null, attachment.fileName())), actor, null, false, null,
                null, at));
    }

    /** An agent overrides the matrix priority; the reason is kept on the ticket and in its history. */
    public List<RaisedEvent> overridePriority(Priority newPriority, String reason, @Nullable Instant newDueAt,
            Actor actor, Instant at) {
        requireOpen("re-prioritised");
        Priority matrix = priorityOverride != null ? priorityOverride.matrixPriority() : priority;
        List<FieldChange> changes = List.of(new FieldChange("priority", priority.name(), newPriority.name()));
        priorityOverride = new PriorityOverride(newPriority, matrix, reason, actor.name(), at);
        priority = newPriority;
        dueAt = newDueAt;
        return List.of(raise(EventType.TICKET_CHANGED, changes, actor, reason, false, null, null, at));
    }

    /** An agent edits descriptive fields; impact or urgency re-derive the priority unless it is overridden. */
    public List<RaisedEvent> update(TicketChanges edit, PriorityMatrix matrix,
            java.util.function.Function<Priority, @Nullable Instant> dueFor, @Nullable String reason, Actor actor,
            Instant at) {
        requireOpen("edited");
        List<FieldChange> changes = new ArrayList<>();
        if (edit.title() != null && !edit.title().equals(title)) {
            changes.add(new FieldChange("title", title, edit.title()));
            title = edit.title();
        }
        if (edit.description() != null && !edit.description().equals(description)) {
            changes.add(new FieldChange("description", abbreviate(description), abbreviate(edit.description())));
            description = edit.description();
        }
        if (edit.impact() != null && edit.impact() != impact) {
            changes.add(new FieldChange("impact", impact.name(), edit.impact().name()));
            impact = edit.impact();
        }
        if (edit.urgency() != null && edit.urgency() != urgency) {
            changes.add(new FieldChange("urgency", urgency.name(), edit.urgency().name()));
            urgency = edit.urgency();
        }
        if (edit.category() != null && !edit.category().equals(category)) {
            changes.add(new FieldChange("category", category, edit.category()));
            category = edit.category();
        }
        if (edit.service() != null && !edit.service().equals(service)) {
            changes.add(new FieldChange("service", service, edit.service()));
            service = edit.service();
        }
        if (edit.location() != null && !edit.location().equals(location)) {
            changes.add(new FieldChange("location", location, edit.location()));
            location = edit.location();
        }
        Priority derived = matrix.priorityOf(impact, urgency);
        if (priorityOverride == null && derived != priority) {
            changes.add(new FieldChange("priority", priority.name(), derived.name()));
            priority = derived;
            dueAt = dueFor.apply(derived);
        }
        if (changes.isEmpty()) {
            return List.of();
        }
        return List.of(raise(EventType.TICKET_CHANGED, changes, actor, reason, false, null, null, at));
    }

    /** problem-service linked this incident to a problem. */
    public List<RaisedEvent> linkProblem(String eventId, ProblemLink link, Actor system, @Nullable String reason,
            Instant at) {
        if (!firstApplication(eventId)) {
            return List.of();
        }
        if (problem != null && problem.equals(link)) {
            return List.of();
        }
        List<FieldChange> changes = List.of(new FieldChange("problem", problem == null ? null : problem.number(),
                link.number()));
        problem = link;
        return List.of(raise(EventType.TICKET_CHANGED, changes, system, reason, false, null, null, at));
    }

    /**
     * problem-service resolved the problem this incident is linked to: a public note for the requester and,
     * when {@code resolve} is set and the ticket is still open, its resolution.
     */
    public List<RaisedEvent> problemResolved(String eventId, String problemNumber, String note, boolean resolve,
            Actor system, Instant at) {
        if (!firstApplication(eventId) || status == TicketStatus.CLOSED || status == TicketStatus.CANCELLED) {
            return List.of();
        }
        List<RaisedEvent> events = new ArrayList<>();
        Comment comment = new Comment(UUID.randomUUID().toString(), system.name(), note, Visibility.PUBLIC, at);
        comments.add(comment);
        if (problem != null && problem.number().equals(problemNumber)) {
            problem = new ProblemLink(problem.problemId(), problem.number(), problem.title(), "RESOLVED",
                    problem.workaround());
        }
        events.add(raise(EventType.TICKET_COMMENTED, List.of(new FieldChange("comment", null, abbreviate(note))),
                system, null, false, new CommentData(comment.id(), comment.author(), note, Visibility.PUBLIC, at),
                null, at));
        if (resolve && status.isOpen()) {
            List<FieldChange> changes = new ArrayList<>();
            changes.add(new FieldChange("status", status.name(), TicketStatus.RESOLVED.name()));
            resolve(new Resolution("PROBLEM_RESOLVED", note), at, changes);
            setStatus(TicketStatus.RESOLVED);
            events.add(raise(EventType.TICKET_RESOLVED, changes, system, "problem " + problemNumber + " resolved",
                    false, null, null, at));
        }
        return events;
    }

    /** knowledge-service suggested articles; an unchanged list changes nothing (and raises nothing). */
    public List<RaisedEvent> suggest(String eventId, List<SuggestedArticle> articles, Actor system, Instant at) {
        if (!firstApplication(eventId)) {
            return List.of();
        }
        List<String> before = articleIds(suggestedArticles);
        List<String> after = articleIds(articles);
        if (before.equals(after)) {
            return List.of();
        }
        suggestedArticles = new ArrayList<>(articles);
        return List.of(raise(EventType.TICKET_CHANGED, List.of(new FieldChange("suggestedArticles",
                before.isEmpty() ? null : String.join(",", before), String.join(",", after))), system, null, false,
                null, null, at));
    }

    /**
     * escalation-service reported the resolution clock's due time: the queue's SLA-risk order follows it.
     * Not a change of the ticket itself (no event, no new version), but kept in the same guarded write.
     */
    public List<RaisedEvent> slaDue(String eventId, Instant due) {
        if (firstApplication(eventId) && status.isOpen()) {
            dueAt = due;
        }
        return List.of();
    }

    // ---------------------------------------------------------------- import

    /** Replays an imported ticket's later life at its original times: resolution, closure or another status. */
    public void importHistory(TicketStatus finalStatus, @Nullable Instant resolved, @Nullable Instant closed,
            @Nullable String code, Actor actor) {
        Instant at = openedAt;
        switch (finalStatus) {
            case NEW -> {
            }
            case RESOLVED, CLOSED -> {
                Instant resolvedTime = Objects.requireNonNullElse(resolved, Objects.requireNonNullElse(closed, at));
                List<FieldChange> changes = new ArrayList<>();
                changes.add(new FieldChange("status", status.name(), TicketStatus.RESOLVED.name()));
                resolve(new Resolution(code == null ? "IMPORTED" : code, "imported"), resolvedTime, changes);
                firstRespondedAt = resolvedTime;
                setStatus(TicketStatus.RESOLVED);
                raise(EventType.TICKET_RESOLVED, changes, actor, "import", false, null, null, resolvedTime);
                if (finalStatus == TicketStatus.CLOSED) {
                    Instant closedTime = Objects.requireNonNullElse(closed, resolvedTime);
                    closedAt = closedTime;
                    List<FieldChange> close = List.of(new FieldChange("status", "RESOLVED", "CLOSED"),
                            new FieldChange("closedAt", null, closedTime.toString()));
                    setStatus(TicketStatus.CLOSED);
                    raise(EventType.TICKET_CLOSED, close, actor, "import", false, null, null, closedTime);
                }
            }
            default -> {
                Instant when = finalStatus == TicketStatus.CANCELLED && closed != null ? closed : at;
                if (finalStatus == TicketStatus.CANCELLED) {
                    closedAt = when;
                }
                List<FieldChange> changes = List.of(new FieldChange("status", status.name(), finalStatus.name()));
                setStatus(finalStatus);
                raise(EventType.TICKET_STATUS_CHANGED, changes, actor, "import", false, null, null, when);
            }
        }
    }

    void importedAs(String source, @Nullable String assigneeName) {
        this.sourceId = source;
        this.dedupKey = "import:" + source;
        this.assignee = assigneeName;
    }

    void idempotencyKey(String user, String key, String hash) {
        this.dedupKey = "idem:" + user + ":" + key;
        this.requestHash = hash;
    }

    // ---------------------------------------------------------------- reads

    public TicketSnapshot snapshot() {
        return new TicketSnapshot(id, number, type, title, description, status, priority, impact, urgency, category,
                service, location, catalogItem, requester, assignmentGroup, tier, assignee, channel,
                problem == null ? null : problem.problemId(), resolutionCode,
                suggestedArticles.isEmpty() ? null : articleIds(suggestedArticles), version, openedAt, updatedAt,
                firstRespondedAt, resolvedAt, closedAt);
    }

    /** Whether {@code actor} may see this ticket at all: the desk sees every ticket, requesters their own. */
    public boolean visibleTo(Actor actor) {
        return actor.agent() || requester.equals(actor.name());
    }

    public List<Comment> commentsFor(Actor actor) {
        return actor.agent() ? List.copyOf(comments)
                : comments.stream().filter(c -> c.visibility() == Visibility.PUBLIC).toList();
    }

    public List<HistoryEntry> historyFor(Actor actor) {
        return actor.agent() ? List.copyOf(history) : history.stream().filter(h -> !h.internal()).toList();
    }

    public boolean hasApplied(String eventId) {
        return appliedEvents.contains(eventId);
    }

    public String id() {
        return id;
    }

    public String number() {
        return number;
    }

    public TicketType type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public TicketStatus status() {
        return status;
    }

    public Priority priority() {
        return priority;
    }

    public Level impact() {
        return impact;
    }

    public Level urgency() {
        return urgency;
    }

    public @Nullable PriorityOverride priorityOverride() {
        return priorityOverride;
    }

    public @Nullable String category() {
        return category;
    }

    public @Nullable String service() {
        return service;
    }

    public @Nullable String location() {
        return location;
    }

    public @Nullable String catalogItem() {
        return catalogItem;
    }

    public Map<String, String> form() {
        return Map.copyOf(form);
    }

    public String requester() {
        return requester;
    }

    public String createdBy() {
        return createdBy;
    }

    public String channel() {
        return channel;
    }

    public @Nullable String assignmentGroup() {
        return assignmentGroup;
    }

    public int tier() {
        return tier;
    }

    public @Nullable String assignee() {
        return assignee;
    }

    public @Nullable ProblemLink problem() {
        return problem;
    }

    public @Nullable String resolutionCode() {
        return resolutionCode;
    }

    public @Nullable String resolutionNotes() {
        return resolutionNotes;
    }

    public List<SuggestedArticle> suggestedArticles() {
        return List.copyOf(suggestedArticles);
    }

    public @Nullable Instant dueAt() {
        return dueAt;
    }

    public long version() {
        return version;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public @Nullable Instant firstRespondedAt() {
        return firstRespondedAt;
    }

    public @Nullable Instant resolvedAt() {
        return resolvedAt;
    }

    public @Nullable Instant closedAt() {
        return closedAt;
    }

    public int reassignments() {
        return reassignments;
    }

    public int reopens() {
        return reopens;
    }

    public int totalMinutes() {
        return totalMinutes;
    }

    public String dedupKey() {
        return dedupKey;
    }

    public @Nullable String requestHash() {
        return requestHash;
    }

    public @Nullable String sourceId() {
        return sourceId;
    }

    public List<WorkLogEntry> workLog() {
        return List.copyOf(workLog);
    }

    public List<Attachment> attachments() {
        return List.copyOf(attachments);
    }

    /** Events raised since the ticket was loaded or stored, oldest first. */
    public List<RaisedEvent> pendingEvents() {
        return List.copyOf(pending);
    }

    // ---------------------------------------------------------------- persistence support

    /** What was stored last: the version and the lengths of the append-only lists. */
    record Baseline(long version, int comments, int workLog, int attachments, int history, int appliedEvents) {
    }

    void markStored() {
        baseline = new Baseline(version, comments.size(), workLog.size(), attachments.size(), history.size(),
                appliedEvents.size());
        pending = new ArrayList<>();
    }

    @Nullable Baseline baseline() {
        return baseline;
    }

    List<Comment> commentsSinceBaseline() {
        return List.copyOf(comments.subList(baseline == null ? 0 : baseline.comments(), comments.size()));
    }

    List<WorkLogEntry> workLogSinceBaseline() {
        return List.copyOf(workLog.subList(baseline == null ? 0 : baseline.workLog(), workLog.size()));
    }

    List<Attachment> attachmentsSinceBaseline() {
        return List.copyOf(attachments.subList(baseline == null ? 0 : baseline.attachments(), attachments.size()));
    }

    List<HistoryEntry> historySinceBaseline() {
        return List.copyOf(history.subList(baseline == null ? 0 : baseline.history(), history.size()));
    }

    List<String> appliedEventsSinceBaseline() {
        return List.copyOf(appliedEvents.subList(baseline == null ? 0 : baseline.appliedEvents(),
                appliedEvents.size()));
    }

    // ---------------------------------------------------------------- internals

    private RaisedEvent raise(EventType type, List<FieldChange> changes, Actor actor, @Nullable String reason,
            boolean internal, @Nullable CommentData comment, @Nullable WorkLogData work, Instant at) {
        version++;
        updatedAt = at;
        for (FieldChange change : changes) {
            history.add(new HistoryEntry(at, actor.name(), type.type(), change.field(), change.from(), change.to(),
                    reason, internal || change.field().equals("internalComment")));
        }
        RaisedEvent event = new RaisedEvent(type,
                new TicketEvent(snapshot(), changes, actor.name(), reason, comment, work), at);
        pending.add(event);
        return event;
    }

    private void moveTo(String group, int groupTier, @Nullable String newAssignee, List<FieldChange> changes) {
        if (!group.equals(assignmentGroup)) {
            changes.add(new FieldChange("assignmentGroup", assignmentGroup, group));
            assignmentGroup = group;
            reassignments++;
        }
        if (groupTier != tier) {
            changes.add(new FieldChange("tier", String.valueOf(tier), String.valueOf(groupTier)));
            tier = groupTier;
        }
        if (!Objects.equals(newAssignee, assignee)) {
            changes.add(new FieldChange("assignee", assignee, newAssignee));
            assignee = newAssignee;
        }
        if (changes.isEmpty()) {
            return;
        }
        if (assignee != null && status == TicketStatus.NEW) {
            changes.add(new FieldChange("status", status.name(), TicketStatus.ASSIGNED.name()));
            setStatus(TicketStatus.ASSIGNED);
        }
        else if (assignee == null && status != TicketStatus.NEW) {
            changes.add(new FieldChange("status", status.name(), TicketStatus.NEW.name()));
            setStatus(TicketStatus.NEW);
        }
    }

    private void resolve(Resolution resolution, Instant at, List<FieldChange> changes) {
        changes.add(new FieldChange("resolutionCode", resolutionCode, resolution.code()));
        changes.add(new FieldChange("resolutionNotes", null, abbreviate(resolution.notes())));
        resolutionCode = resolution.code();
        resolutionNotes = resolution.notes();
        resolvedAt = at;
        if (firstRespondedAt == null) {
            firstRespondedAt = at;
        }
    }

    private void reopenChanges(List<FieldChange> changes) {
        changes.add(new FieldChange("resolutionCode", resolutionCode, null));
        resolutionCode = null;
        resolutionNotes = null;
        resolvedAt = null;
        reopens++;
    }

    private boolean withinReopenWindow(Instant at, Duration window) {
        return resolvedAt != null && !at.isAfter(resolvedAt.plus(window));
    }

    private void setStatus(TicketStatus to) {
        status = to;
        open = to.isOpen();
    }

    private void requireOpen(String what) {
        if (!status.isOpen()) {
            throw new Conflict("a " + status + " ticket cannot be " + what);
        }
    }

    private boolean firstApplication(String eventId) {
        if (appliedEvents.contains(eventId)) {
            return false;
        }
        appliedEvents.add(eventId);
        return true;
    }

    private static List<String> articleIds(List<SuggestedArticle> articles) {
        return articles.stream().map(SuggestedArticle::articleId).toList();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }
}
