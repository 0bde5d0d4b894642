package org.spoc.problem.domain.detection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/** Detection state in memory, indexed like the MongoDB store: for unit tests and the harness. Single-threaded. */
public final class InMemoryDetectionStore implements DetectionStore {

    private static final String NONE = "\u0000";

    private final Map<String, TrackedIncident> incidents = new HashMap<>();
    private final Map<String, TreeMap<Instant, Set<String>>> byCategory = new HashMap<>();
    private final Map<String, TreeMap<Instant, Set<String>>> byService = new HashMap<>();
    private final Map<String, Set<String>> byProblem = new HashMap<>();
    private final TreeMap<Instant, Integer> load = new TreeMap<>();
    private TermStatistics terms = new TermStatistics();
    private final Set<String> openProblems = new HashSet<>();
    private final Map<String, Instant> majorIncidents = new HashMap<>();
    private long read;

    @Override
    public Optional<TrackedIncident> find(String ticketId) {
        TrackedIncident found = incidents.get(ticketId);
        if (found != null) {
            read++;
        }
        return Optional.ofNullable(found);
    }

    @Override
    public List<TrackedIncident> candidates(@Nullable String categoryKey, @Nullable String serviceKey, Instant from,
            Instant to, End end, int limit) {
        Map<String, TrackedIncident> found = new HashMap<>();
        if (categoryKey == null && serviceKey == null) {
            nearest(byCategory.get(NONE), from, to, end, limit, i -> i.serviceKey() == null, found);
        }
        else {
            if (categoryKey != null) {
                nearest(byCategory.get(categoryKey), from, to, end, limit, i -> true, found);
            }
            if (serviceKey != null) {
                nearest(byService.get(serviceKey), from, to, end, limit, i -> true, found);
            }
        }
        return counted(found.values().stream().sorted(end == End.LATEST ? OLDEST_FIRST.reversed() : OLDEST_FIRST)
                .limit(limit).toList());
    }

    /**
     * The first {@code limit} matching incidents of one index from the chosen end of the range, and every
     * other incident of the same time as the last of them (the caller orders those by ticket id).
     */
    private void nearest(@Nullable TreeMap<Instant, Set<String>> index, Instant from, Instant to, End end, int limit,
            Predicate<TrackedIncident> filter, Map<String, TrackedIncident> into) {
        if (index == null) {
            return;
        }
        NavigableMap<Instant, Set<String>> range = index.subMap(from, true, to, true);
        int taken = 0;
        for (Set<String> ids : (end == End.LATEST ? range.descendingMap() : range).values()) {
            if (taken >= limit) {
                return;
            }
            for (String id : ids) {
                TrackedIncident incident = incidents.get(id);
                if (filter.test(incident)) {
                    into.put(id, incident);
                    taken++;
                }
            }
        }
    }

    /** Every incident {@link #candidates} could answer, with no limit: for counting, never handed out. */
    private List<TrackedIncident> inScope(@Nullable String categoryKey, @Nullable String serviceKey, Instant from,
            Instant to) {
        Set<String> ids = new LinkedHashSet<>();
        if (categoryKey == null && serviceKey == null) {
            range(byCategory.get(NONE), from, to, ids);
            ids.removeIf(id -> incidents.get(id).serviceKey() != null);
        }
        else {
            if (categoryKey != null) {
                range(byCategory.get(categoryKey), from, to, ids);
            }
            if (serviceKey != null) {
                range(byService.get(serviceKey), from, to, ids);
            }
        }
        return ids.stream().map(incidents::get).toList();
    }

    @Override
    public long countInScope(@Nullable String categoryKey, @Nullable String serviceKey, boolean withoutService,
            Instant from, Instant to, String exceptTicketId) {
        return inScope(categoryKey, serviceKey, from, to).stream()
                .filter(i -> i.openedAt().isBefore(to) && !i.cancelled() && !i.ticketId().equals(exceptTicketId))
                .filter(i -> !withoutService || i.serviceKey() == null)
                .count();
    }

    private static void range(@Nullable TreeMap<Instant, Set<String>> index, Instant from, Instant to,
            Set<String> into) {
        if (index != null) {
            index.subMap(from, true, to, true).values().forEach(into::addAll);
        }
    }

    @Override
    public long count(Instant from, Instant to) {
        return load.subMap(from, true, to, false).values().stream().mapToLong(Integer::longValue).sum();
    }

    @Override
    public List<TrackedIncident> recentMembers(String problemId, Instant from, int limit) {
        List<TrackedIncident> found = new ArrayList<>();
        for (String id : byProblem.getOrDefault(problemId, Set.of())) {
            TrackedIncident i = incidents.get(id);
            if (i != null && problemId.equals(i.problemId()) && !i.openedAt().isBefore(from)) {
                found.add(i);
            }
        }
        found.sort(OLDEST_FIRST.reversed());
        return counted(found.subList(0, Math.min(limit, found.size())));
    }

    @Override
    public Set<String> openProblems() {
        return Set.copyOf(openProblems);
    }

    @Override
    public TermStatistics terms() {
        return new TermStatistics(terms.documents(), terms.documentFrequency());
    }

    @Override
    public Optional<Instant> lastMajorIncident(String key) {
        return Optional.ofNullable(majorIncidents.get(key));
    }

    @Override
    public void commit(Outcome outcome) {
        outcome.updates().forEach(this::save);
        if (outcome.terms() != null) {
            terms = outcome.terms();
        }
        for (Decision decision : outcome.decisions()) {
            if (decision instanceof Decision.OpenProblem open) {
                openProblems.add(open.problemId());
            }
            else if (decision instanceof Decision.RaiseMajorIncident major) {
                majorIncidents.merge(major.key(), major.windowEnd(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
    }

    public void save(TrackedIncident incident) {
        TrackedIncident previous = incidents.put(incident.ticketId(), incident);
        if (previous != null) {
            unindex(previous);
        }
        else {
            load.merge(incident.openedAt(), 1, Integer::sum);
        }
        index(byCategory, Objects.requireNonNullElse(incident.categoryKey(), NONE), incident);
        if (incident.serviceKey() != null) {
            index(byService, incident.serviceKey(), incident);
        }
        if (incident.problemId() != null) {
            byProblem.computeIfAbsent(incident.problemId(), p -> new LinkedHashSet<>()).add(incident.ticketId());
        }
    }

    private static void index(Map<String, TreeMap<Instant, Set<String>>> index, String key, TrackedIncident i) {
        index.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(i.openedAt(), t -> new LinkedHashSet<>())
                .add(i.ticketId());
    }

    private void unindex(TrackedIncident i) {
        remove(byCategory.get(Objects.requireNonNullElse(i.categoryKey(), NONE)), i);
        if (i.serviceKey() != null) {
            remove(byService.get(i.serviceKey()), i);
        }
        if (i.problemId() != null) {
            byProblem.getOrDefault(i.problemId(), new HashSet<>()).remove(i.ticketId());
        }
    }

    private static void remove(@Nullable TreeMap<Instant, Set<String>> index, TrackedIncident i) {
        if (index != null && index.containsKey(i.openedAt())) {
            index.get(i.openedAt()).remove(i.ticketId());
        }
    }

    /** A problem created by hand, or reopened: it attracts matches. */
    public void problemOpened(String problemId) {
        openProblems.add(problemId);
    }

    /** A problem resolved or closed: it no longer attracts matches. */
    public void problemClosed(String problemId) {
        openProblems.remove(problemId);
    }

    public int size() {
        return incidents.size();
    }

    /**
     * How many incidents this store has handed out to its callers so far: what detection read, which tests
     * bound (a test of cost that does not depend on the machine's speed).
     */
    public long incidentsRead() {
        return read;
    }

    private List<TrackedIncident> counted(List<TrackedIncident> answer) {
        read += answer.size();
        return List.copyOf(answer);
    }
}
