package org.spoc.problem.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;

/**
 * A problem: the unknown (then known) cause of one or more incidents. Created by hand or by
 * detection. Every state change bumps {@code version} and returns the changes it causes, which the
 * store writes as outbox events in the same document write.
 *
 * <p>A problem can collect thousands of incidents, so it does not hold them: it keeps how many are linked
 * and how many of each impact (its priority follows those), and the link changes it has made since it was
 * read ({@link #linkChanges()}). Whether one incident is linked it asks those changes first, then the
 * store ({@link LinkedIncidents}), so linking twice, or unlinking twice, changes nothing.
 */
public final class Problem {

    private final String id;
    private final String number;
    private String title;
    private @Nullable String description;
    private ProblemStatus status;
    private Priority priority;
    private @Nullable String service;
    private @Nullable String category;
    private @Nullable String location;
    private @Nullable String rootCause;
    private @Nullable String workaround;
    private final boolean detected;
    private final @Nullable String detectionReason;
    private int incidentCount;
    private final Map<Level, Integer> impacts = new EnumMap<>(Level.class);
    private final List<LinkChange> loadedLinks;
    private final List<LinkChange> linkChanges = new ArrayList<>();
    private final LinkedIncidents stored;
    private final List<String> majorIncidents;
    private long version;
    private final Instant createdAt;
    private final @Nullable String createdBy;
    private Instant updatedAt;
    private @Nullable Instant resolvedAt;
    private @Nullable Instant closedAt;

    /**
     * A problem as stored.
     *
     * @param impacts how many linked incidents have each impact (an incident without one counts as LOW)
     * @param lastLinks the link changes of the problem's latest write
     * @param stored its links as stored apart from it
     */
    public Problem(String id, String number, String title, @Nullable String description, ProblemStatus status,
            Priority priority, @Nullable String service, @Nullable String category, @Nullable String location,
            @Nullable String rootCause, @Nullable String workaround, boolean detected,
            @Nullable String detectionReason, int incidentCount, Map<Level, Integer> impacts,
            List<LinkChange> lastLinks, LinkedIncidents stored, List<String> majorIncidents, long version,
            Instant createdAt, @Nullable String createdBy, Instant updatedAt, @Nullable Instant resolvedAt,
            @Nullable Instant closedAt) {
        this.id = id;
        this.number = number;
        this.title = title;
        this.description = description;
        this.status = status;
        this.priority = priority;
        this.service = service;
        this.category = category;
        this.location = location;
        this.rootCause = rootCause;
        this.workaround = workaround;
        this.detected = detected;
        this.detectionReason = detectionReason;
        this.incidentCount = incidentCount;
        impacts.forEach((level, count) -> {
            if (count > 0) {
                this.impacts.put(level, count);
            }
        });
        this.loadedLinks = List.copyOf(lastLinks);
        this.stored = stored;
        this.majorIncidents = new ArrayList<>(majorIncidents);
        this.version = version;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.updatedAt = updatedAt;
        this.resolvedAt = resolvedAt;
        this.closedAt = closedAt;
    }

    /** A problem an agent records by hand. */
    public static Problem create(String id, String number, String title, @Nullable String description,
            @Nullable String service, @Nullable String category, @Nullable String location, String actor,
            Clock clock) {
        Instant now = clock.instant();
        return new Problem(id, number, title, description, ProblemStatus.NEW, priorityOf(0, Map.of()), service,
                category, location, null, null, false, null, 0, Map.of(), List.of(), LinkedIncidents.NONE, List.of(),
                1, now, actor, now, null, null);
    }

    /**
     * A problem opened by detection; {@code createdAt} is the event time of the incident that
     * completed the group, so a replayed history keeps its own timeline.
     */
    public static Problem detected(String id, String number, String title, @Nullable String service,
            @Nullable String category, @Nullable String location, List<ProblemIncident> incidents, String reason,
            Instant detectedAt, List<ProblemChange> changes) {
        Problem problem = new Problem(id, number, title, null, ProblemStatus.NEW, priorityOf(0, Map.of()), service,
                category, location, null, null, true, reason, 0, Map.of(), List.of(), LinkedIncidents.NONE, List.of(),
                1, detectedAt, null, detectedAt, null, null);
        for (ProblemIncident incident : incidents) {
            problem.count(incident, 1);
            problem.linkChanges.add(new LinkChange(incident, true, problem.version));
        }
        changes.add(new ProblemChange.Detected(reason, detectedAt));
        return problem;
    }

    /** Links an incident; linking one that is already linked changes nothing. */
    public List<ProblemChange> link(ProblemIncident incident, @Nullable String actor, Instant at) {
        if (linked(incident.ticketId()).isPresent()) {
            return List.of();
        }
        if (status == ProblemStatus.CLOSED) {
            throw new ProblemConflict("a closed problem takes no more incidents", List.of());
        }
        touch(at);
        count(incident, 1);
        linkChanges.add(new LinkChange(incident, true, version));
        return List.of(new ProblemChange.IncidentLinked(incident, actor, at));
    }

    /** Unlinks an incident an agent judges unrelated; false when it was not linked. */
    public boolean unlink(String ticketId, Instant at) {
        Optional<ProblemIncident> linked = linked(ticketId);
        if (linked.isEmpty()) {
            return false;
        }
        touch(at);
        count(linked.get(), -1);
        linkChanges.add(new LinkChange(linked.get(), false, version));
        return true;
    }

    /** A linked incident's newer state (its impact or priority changed): the priority follows. */
    public boolean refresh(ProblemIncident incident, Instant at) {
        Optional<ProblemIncident> linked = linked(incident.ticketId());
        if (linked.isEmpty()) {
            return false;
        }
        ProblemIncident old = linked.get();
        ProblemIncident updated = new ProblemIncident(old.ticketId(), incident.number(), incident.requester(),
                incident.title(), incident.priority(), incident.impact(), old.openedAt(), old.linkedAt(),
                old.similarity(), old.reason(), old.linkedBy());
        if (updated.equals(old)) {
            return false;
        }
        count(old, -1);
        count(updated, 1);
        touch(at);
        linkChanges.add(new LinkChange(updated, true, version));
        return true;
    }

    /** Records the root cause and workaround: the problem becomes (or stays) a known error. */
    public List<ProblemChange> knownError(String rootCause, String workaround, String actor, Clock clock) {
        if (status != ProblemStatus.KNOWN_ERROR && !status.canMoveTo(ProblemStatus.KNOWN_ERROR)
                && status != ProblemStatus.NEW) {
            throw new ProblemConflict("a " + status + " problem cannot become a known error",
                    status.next().stream().map(Enum::name).toList());
        }
        this.rootCause = rootCause;
        this.workaround = workaround;
        this.status = ProblemStatus.KNOWN_ERROR;
        Instant now = clock.instant();
        touch(now);
        return List.of(new ProblemChange.KnownError(actor, now));
    }

    public List<ProblemChange> transition(ProblemStatus to, @Nullable String resolution, String actor, Clock clock) {
        if (!status.canMoveTo(to)) {
            throw new ProblemConflict("cannot move a " + status + " problem to " + to,
                    status.next().stream().map(Enum::name).toList());
        }
        if (to == ProblemStatus.KNOWN_ERROR && (workaround == null || rootCause == null)) {
            throw new ProblemConflict("a known error needs a root cause and a workaround: POST .../known-error",
                    List.of("known-error"));
        }
        Instant now = clock.instant();
        status = to;
        touch(now);
        switch (to) {
            case RESOLVED -> {
                resolvedAt = now;
                return List.of(new ProblemChange.Resolved(actor, resolution, now));
            }
            case CLOSED -> closedAt = now;
            case INVESTIGATING -> resolvedAt = null;
            default -> {
            }
        }
        return List.of();
    }

    public List<ProblemChange> majorIncident(ProblemChange.MajorIncidentRaised raised) {
        if (majorIncidents.contains(raised.id())) {
            return List.of();
        }
        majorIncidents.add(raised.id());
        touch(raised.at());
        return List.of(raised);
    }

    public void edit(@Nullable String title, @Nullable String description, @Nullable String service,
            @Nullable String category, @Nullable String location, Instant at) {
        this.title = Objects.requireNonNullElse(title, this.title);
        this.description = description != null ? description : this.description;
        this.service = service != null ? service : this.service;
        this.category = category != null ? category : this.category;
        this.location = location != null ? location : this.location;
        touch(at);
    }

    /**
     * Priority from the linked incidents: impact is the highest impact among them (MEDIUM when none),
     * urgency grows with how many there are (10 or more HIGH, 3 or more MEDIUM, else LOW); then the
     * ITIL matrix of DESIGN.md §4.
     *
     * @param impacts how many linked incidents have each impact
     */
    public static Priority priorityOf(int incidentCount, Map<Level, Integer> impacts) {
        Level impact = incidentCount <= 0 ? Level.MEDIUM
                : Arrays.stream(Level.values()).filter(l -> impacts.getOrDefault(l, 0) > 0).findFirst() // HIGH first
                        .orElse(Level.LOW);
        Level urgency = incidentCount >= 10 ? Level.HIGH : incidentCount >= 3 ? Level.MEDIUM : Level.LOW;
        return matrix(impact, urgency);
    }

    /** The impact an incident counts with: LOW when it has none. */
    public static Level impactOf(ProblemIncident incident) {
        return Objects.requireNonNullElse(incident.impact(), Level.LOW);
    }

    static Priority matrix(Level impact, Level urgency) {
        int score = impact.ordinal() + urgency.ordinal(); // HIGH=0, MEDIUM=1, LOW=2
        return switch (score) {
            case 0 -> Priority.P1;
            case 1 -> Priority.P2;
            case 2 -> Priority.P3;
            case 3 -> Priority.P4;
            default -> Priority.P5;
        };
    }

    /**
     * The incident as linked to this problem, if it is: the latest of this problem's own link changes
     * about it decides, else the store's links.
     */
    public Optional<ProblemIncident> linked(String ticketId) {
        for (List<LinkChange> changes : List.of(linkChanges, loadedLinks)) {
            for (int i = changes.size() - 1; i >= 0; i--) {
                LinkChange change = changes.get(i);
                if (change.ticketId().equals(ticketId)) {
                    return change.linked() ? Optional.of(change.incident()) : Optional.empty();
                }
            }
        }
        return stored.find(ticketId);
    }

    private void count(ProblemIncident incident, int delta) {
        incidentCount += delta;
        impacts.merge(impactOf(incident), delta, (a, b) -> a + b == 0 ? null : a + b);
        priority = priorityOf(incidentCount, impacts);
    }

    private void touch(Instant at) {
        version++;
        if (at.isAfter(updatedAt)) {
            updatedAt = at;
        }
    }

    public String id() { return id; }
    public String number() { return number; }
    public String title() { return title; }
    public @Nullable String description() { return description; }
    public ProblemStatus status() { return status; }
    public Priority priority() { return priority; }
    public @Nullable String service() { return service; }
    public @Nullable String category() { return category; }
    public @Nullable String location() { return location; }
    public @Nullable String rootCause() { return rootCause; }
    public @Nullable String workaround() { return workaround; }
    public boolean detected() { return detected; }
    public @Nullable String detectionReason() { return detectionReason; }
    public int incidentCount() { return incidentCount; }
    public Map<Level, Integer> impacts() { return Map.copyOf(impacts); }
    /** The link changes made since this problem was read (for a new one: its first incidents), oldest first. */
    public List<LinkChange> linkChanges() { return List.copyOf(linkChanges); }
    public List<String> majorIncidents() { return List.copyOf(majorIncidents); }
    public long version() { return version; }
    public Instant createdAt() { return createdAt; }
    public @Nullable String createdBy() { return createdBy; }
    public Instant updatedAt() { return updatedAt; }
    public @Nullable Instant resolvedAt() { return resolvedAt; }
    public @Nullable Instant closedAt() { return closedAt; }
}
