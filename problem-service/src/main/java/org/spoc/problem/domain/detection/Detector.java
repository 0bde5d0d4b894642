package org.spoc.problem.domain.detection;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Priority;

/**
 * Streaming detection. For each incident event, in event time ({@code openedAt}, never the wall
 * clock at arrival, so an imported history replays as it happened):
 * <ol>
 * <li>a newer version of a known incident updates its state; an older or equal one is ignored;</li>
 * <li>an incident related to the recent members of an open problem of its partition is linked to it;</li>
 * <li>otherwise, when at least k related, unlinked incidents (itself included) from at least two
 * requesters fall within one window, and that count is surprising against the baseline of the same
 * symptom, a problem is opened with them;</li>
 * <li>independently, a burst of one service's incidents well above its recent rate, or P1 incidents
 * of one service from many requesters, raises a major incident.</li>
 * </ol>
 * Relatedness is "star" shaped: the new incident must be related to each member, so a topic that
 * drifts slowly (A like B, B like C, A unlike C) does not chain into a group.
 * What it reads for one incident is bounded by {@link DetectionLimits}, whatever a scope or a problem
 * holds: below the limits it reads, and decides, exactly as an unbounded detector would.
 * Not thread-safe: one partition ({@link Signature}) is processed by one thread at a time.
 */
public final class Detector {

    /** Event times more than this ahead of the processing clock are treated as "now". */
    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private final Supplier<DetectionSettings> settings;
    private final DetectionLimits limits;
    private final DetectionStore store;
    private final Clock clock;

    public Detector(Supplier<DetectionSettings> settings, DetectionLimits limits, DetectionStore store, Clock clock) {
        this.settings = settings;
        this.limits = limits;
        this.store = store;
        this.clock = clock;
    }

    /** A detector with the default {@link DetectionLimits}. */
    public Detector(Supplier<DetectionSettings> settings, DetectionStore store, Clock clock) {
        this(settings, DetectionLimits.defaults(), store, clock);
    }

    /** Decides what one incident event means. Apply the decisions, then {@link #commit} the outcome. */
    public Outcome process(IncidentSignal signal) {
        DetectionSettings s = settings.get();
        IncidentSignal timed = clamped(signal);
        Optional<TrackedIncident> known = store.find(timed.ticketId());
        if (known.isPresent() && known.get().version() >= timed.version()) {
            return Outcome.NOTHING;
        }
        TrackedIncident incident = known.map(k -> k.updatedBy(timed)).orElseGet(() -> TrackedIncident.of(timed));
        if (known.isPresent() && incident.differsOnlyInVersionFrom(known.get())) {
            // a change detection does not look at (suggested articles, assignment, escalation): nothing to
            // compare and nothing to store. Keeping the older version is safe: a ticket's events arrive in
            // version order, each with the whole ticket, so a later one still applies and this one again
            // (a redelivery) finds the same state
            return Outcome.NOTHING;
        }
        TermStatistics terms = store.terms();
        boolean firstSighting = known.isEmpty();
        if (firstSighting) {
            terms.add(incident.terms());
        }
        List<Decision> decisions = new ArrayList<>();
        List<TrackedIncident> updates = new ArrayList<>();
        if (incident.problemId() != null) {
            decisions.add(new Decision.RefreshIncident(incident.problemId(), incident));
        }
        else if (!incident.cancelled() && !incident.manual()) {
            incident = group(incident, terms, s, decisions, updates);
        }
        updates.add(0, incident);
        if (!incident.cancelled() && firstSighting) {
            majorIncident(incident, s).ifPresent(decisions::add);
        }
        return new Outcome(decisions, updates, firstSighting ? terms : null);
    }

    /** Writes the outcome's state. Call after its decisions have been applied. */
    public void commit(Outcome outcome) {
        if (!outcome.isEmpty()) {
            store.commit(outcome);
        }
    }

    /** Process and commit in one step, for callers that apply decisions in memory. */
    public Outcome accept(IncidentSignal signal) {
        Outcome outcome = process(signal);
        commit(outcome);
        return outcome;
    }

    private IncidentSignal clamped(IncidentSignal signal) {
        Instant latest = clock.instant().plus(MAX_FUTURE_SKEW);
        if (!signal.openedAt().isAfter(latest)) {
            return signal;
        }
        return new IncidentSignal(signal.ticketId(), signal.number(), signal.requester(), signal.title(),
                signal.description(), signal.category(), signal.service(), signal.location(), signal.priority(),
                signal.impact(), signal.cancelled(), signal.version(), clock.instant());
    }

    private TrackedIncident group(TrackedIncident incident, TermStatistics terms, DetectionSettings s,
            List<Decision> decisions, List<TrackedIncident> updates) {
        Instant t = incident.openedAt();
        TermVector vector = TermVector.of(incident.terms(), terms);
        if (vector.isEmpty()) {
            return incident;
        }

        // 1. an open problem with related recent members attracts the incident: its most recent members only,
        // however many it has collected (compared oldest first, as they were linked)
        Set<String> open = store.openProblems();
        if (!open.isEmpty()) {
            List<TrackedIncident> recent = new ArrayList<>();
            for (String problemId : open) {
                recent.addAll(store.recentMembers(problemId, t.minus(s.linkHorizon()), limits.problemMembers())
                        .reversed());
            }
            List<Scored> members = score(incident, vector, recent, terms, s);
            Optional<LinkChoice> link = bestOpenProblem(members, t, s);
            if (link.isPresent()) {
                LinkChoice choice = link.get();
                TrackedIncident linked = incident.linkedTo(choice.problemId(), false);
                Relation why = choice.best().relation().explained(vector, choice.best().vector());
                decisions.add(new Decision.LinkIncident(choice.problemId(),
                        new Decision.Member(linked, round(choice.score())),
                        "similar to " + choice.best().incident().number() + " (" + format(choice.score()) + ")"
                                + describe(why)));
                return linked;
            }
        }

        // 2. k related unlinked incidents from enough requesters in one window open a problem; the group is
        // looked for among the scope's nearest incidents on each side of this one (all of them in a quiet scope)
        List<Scored> related = score(incident, vector, neighbours(incident, s), terms, s).stream()
                .filter(c -> c.relation().related(s))
                .filter(c -> c.incident().problemId() == null || !open.contains(c.incident().problemId()))
                .filter(c -> !c.incident().manual())
                .sorted(Comparator.comparing((Scored c) -> c.incident().openedAt()))
                .toList();
        if (related.size() + 1 < s.minIncidents()) {
            return incident;
        }
        List<Scored> group = densestWindow(related, c -> c.incident().openedAt(), t, s.window());
        int count = group.size() + 1;
        Set<String> requesters = new HashSet<>();
        requesters.add(incident.requester());
        group.forEach(g -> requesters.add(g.incident().requester()));
        if (count < s.minIncidents() || requesters.size() < s.minRequesters()) {
            return incident;
        }
        Instant windowStart = group.isEmpty() || group.get(0).incident().openedAt().isAfter(t) ? t
                : group.get(0).incident().openedAt();
        Instant windowEnd = group.isEmpty() ? t : max(t, group.get(group.size() - 1).incident().openedAt());

        // 3. ... if that many is surprising against the recent baseline of the same symptom, scaled by the
        // desk's load (office hours, Mondays): expected = baseline share of this symptom x load in the window
        Instant baselineStart = windowStart.minus(s.baselineWindow());
        double baselineCount = baselineCount(incident, vector, terms, s, baselineStart, windowStart);
        long baselineLoad = store.count(baselineStart, windowStart);
        long windowLoad = Math.max(0, store.count(windowStart, windowStart.plus(s.window())) + 1 - count);
        double expected = baselineLoad == 0 ? baselineCount * ratio(s.window(), s.baselineWindow())
                : baselineCount * Math.max(windowLoad, 1) / baselineLoad;
        double tail = poissonTail(count, expected);
        if (tail > s.surprise()) {
            return incident;
        }
        String problemId = problemIdFor(incident.ticketId());
        List<Decision.Member> members = new ArrayList<>();
        for (Scored g : group) {
            TrackedIncident m = g.incident().linkedTo(problemId, false);
            members.add(new Decision.Member(m, round(g.relation().score())));
            updates.add(m);
        }
        TrackedIncident self = incident.linkedTo(problemId, false);
        double mean = group.stream().mapToDouble(g -> g.relation().text()).average().orElse(1);
        members.add(new Decision.Member(self, round(mean)));
        members.sort(Comparator.comparing((Decision.Member m) -> m.incident().openedAt()));
        List<TrackedIncident> all = members.stream().map(Decision.Member::incident).toList();
        Map<String, Integer> shared = sharedTerms(vector, group);
        String location = commonLocation(all);
        String service = common(all.stream().map(TrackedIncident::service).toList());
        String category = common(all.stream().map(TrackedIncident::category).toList());
        String scope = service != null ? "service " + service : category != null ? "category " + category
                : "incidents without category";
        String reason = count + " related incidents from " + requesters.size() + " requesters within "
                + human(Duration.between(windowStart, windowEnd)) + " (k=" + s.minIncidents() + ", window "
                + human(s.window()) + "), " + scope + (location != null ? ", at " + location : "")
                + "; shared terms: " + String.join(", ", shared.keySet()) + "; mean text similarity "
                + format(mean) + "; baseline " + format(expected) + " per window (p=" + String.format(Locale.ROOT,
                        "%.1e", tail) + ")";
        decisions.add(new Decision.OpenProblem(problemId, title(all, shared), category, service, location, members,
                reason, t));
        return self;
    }

    /**
     * The scope's incidents within the window around the incident: the nearest {@code neighbours} before it
     * and the nearest after it, oldest first. In a scope with fewer, that is every incident in the window.
     */
    private List<TrackedIncident> neighbours(TrackedIncident incident, DetectionSettings s) {
        Instant t = incident.openedAt();
        List<TrackedIncident> before = store.candidates(incident.categoryKey(), incident.serviceKey(),
                t.minus(s.window()), t, DetectionStore.End.LATEST, limits.neighbours());
        List<TrackedIncident> after = store.candidates(incident.categoryKey(), incident.serviceKey(), t,
                t.plus(s.window()), DetectionStore.End.EARLIEST, limits.neighbours());
        List<TrackedIncident> nearby = new ArrayList<>(before.reversed());
        Set<String> seen = new HashSet<>();
        before.forEach(b -> seen.add(b.ticketId()));
        for (TrackedIncident a : after) {
            if (seen.add(a.ticketId())) { // those of the very same time are in both answers
                nearby.add(a);
            }
        }
        return nearby;
    }

    /**
     * How many earlier incidents with the same symptom the scope had in {@code [from, to)}. The latest
     * {@code baselineSample} of them are read and compared; when the baseline holds more, the symptom's share
     * among those read is scaled to the number the store counts (an estimate from the most recent part of
     * the baseline, which leans towards a symptom's recent rate: a trickle that grows keeps explaining itself).
     */
    private double baselineCount(TrackedIncident incident, TermVector vector, TermStatistics terms,
            DetectionSettings s, Instant from, Instant to) {
        List<TrackedIncident> sample = store.candidates(incident.categoryKey(), incident.serviceKey(), from, to,
                DetectionStore.End.LATEST, limits.baselineSample());
        List<Scored> compared = score(incident, vector, sample, terms, s).stream()
                .filter(c -> c.incident().openedAt().isBefore(to))
                .toList();
        long similar = compared.stream().filter(c -> c.relation().score() >= s.baselineThreshold()).count();
        if (sample.size() < limits.baselineSample() || compared.isEmpty()) {
            return similar; // all of it was read: exact
        }
        long all = store.countInScope(incident.categoryKey(), incident.serviceKey(), false, from, to,
                incident.ticketId());
        return (double) similar * Math.max(all, compared.size()) / compared.size();
    }

    private List<Scored> score(TrackedIncident incident, TermVector vector, List<TrackedIncident> others,
            TermStatistics terms, DetectionSettings s) {
        List<Scored> scored = new ArrayList<>(others.size());
        for (TrackedIncident c : others) {
            if (c.ticketId().equals(incident.ticketId()) || c.cancelled()) {
                continue;
            }
            TermVector v = TermVector.of(c.terms(), terms);
            scored.add(new Scored(c, v, Relation.between(incident, vector, c, v, s)));
        }
        return scored;
    }

    /**
     * The open problem the incident belongs to, if any: its best match among members within the
     * window reaches the looser baseline bar when they share the service or the exact location (the
     * same outage, reported in other words), or the mean of its two best matches reaches the
     * similarity threshold (one look-alike is not enough for a problem with history).
     */
    private Optional<LinkChoice> bestOpenProblem(List<Scored> scored, Instant t, DetectionSettings s) {
        Map<String, List<Scored>> byProblem = new HashMap<>();
        for (Scored c : scored) {
            String p = c.incident().problemId();
            if (p != null) {
                byProblem.computeIfAbsent(p, x -> new ArrayList<>()).add(c);
            }
        }
        LinkChoice best = null;
        for (Map.Entry<String, List<Scored>> e : byProblem.entrySet()) {
            List<Scored> members = new ArrayList<>(e.getValue());
            members.sort(Comparator.comparingDouble((Scored c) -> c.relation().score()).reversed());
            double score = members.size() == 1 ? members.get(0).relation().score()
                    : (members.get(0).relation().score() + members.get(1).relation().score()) / 2;
            boolean qualifies = score >= s.similarityThreshold();
            Scored top = members.get(0);
            for (Scored m : members) {
                Relation r = m.relation();
                boolean sameOutage = r.sameService() || (r.location() != null && r.location() >= 1.0);
                if (sameOutage && within(m.incident().openedAt(), t, s.window()) && r.score() >= s.baselineThreshold()) {
                    qualifies = true;
                    score = Math.max(score, r.score());
                    top = m.relation().score() > top.relation().score() ? m : top;
                }
            }
            if (qualifies && (best == null || score > best.score())) {
                best = new LinkChoice(e.getKey(), score, top);
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The most populated window of the given length that contains {@code t}, over members sorted by
     * {@code time}. A window starts at a member's time (at {@code t} when that is later; starts before
     * {@code t - window} are skipped) and holds the members from its start to its end, both included;
     * of equally populated windows the earliest start wins. A window's members are consecutive in the
     * sorted list and both bounds only move forward as the start does, so one sweep finds them all.
     */
    static <T> List<T> densestWindow(List<T> sorted, Function<? super T, Instant> time, Instant t, Duration window) {
        Instant[] times = new Instant[sorted.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = time.apply(sorted.get(i));
        }
        Instant earliest = t.minus(window);
        int bestFrom = 0;
        int bestTo = 0;
        int from = 0;
        int to = 0;
        for (Instant at : times) {
            Instant start = at.isAfter(t) ? t : at;
            if (start.isBefore(earliest)) {
                continue;
            }
            Instant end = start.plus(window);
            while (from < times.length && times[from].isBefore(start)) {
                from++;
            }
            to = Math.max(to, from);
            while (to < times.length && !times[to].isAfter(end)) {
                to++;
            }
            if (to - from > bestTo - bestFrom) {
                bestFrom = from;
                bestTo = to;
            }
        }
        return sorted.subList(bestFrom, bestTo);
    }

    private Optional<Decision> majorIncident(TrackedIncident incident, DetectionSettings s) {
        String service = incident.serviceKey();
        String key = service != null ? "service:" + service
                : "category:" + Objects.requireNonNullElse(incident.categoryKey(), "-");
        Instant t = incident.openedAt();
        Optional<Instant> last = store.lastMajorIncident(key);
        if (last.isPresent() && t.isBefore(last.get().plus(s.majorCooldown())) && !t.isBefore(last.get())) {
            return Optional.empty();
        }
        // the latest of the burst are read, the rest of it only counted, and the baseline before it only counted
        // (reading a week, or half an hour of a busy scope, for every new incident was most of detection's work)
        Instant burstStart = t.minus(s.majorWindow());
        String categoryKey = service != null ? null : incident.categoryKey();
        List<TrackedIncident> latest = store.candidates(categoryKey, service, burstStart, t, DetectionStore.End.LATEST,
                limits.burstSample());
        List<TrackedIncident> recent = new ArrayList<>(latest);
        recent.removeIf(h -> h.ticketId().equals(incident.ticketId()) || h.cancelled()
                || (service == null && h.serviceKey() != null));
        long count = recent.size() + 1;
        if (latest.size() >= limits.burstSample()) {
            // more than were read: count them in the store ([burstStart, t)), plus those of this very instant
            count = store.countInScope(categoryKey, service, service == null, burstStart, t, incident.ticketId())
                    + recent.stream().filter(h -> !h.openedAt().isBefore(t)).count() + 1;
        }
        recent.add(incident);
        List<TrackedIncident> burst = recent.stream().sorted(Comparator.comparing(TrackedIncident::openedAt)).toList();
        long before = store.countInScope(categoryKey, service, service == null, t.minus(s.baselineWindow()), burstStart,
                incident.ticketId());
        double baselinePerWindow = Math.max(before * ratio(s.majorWindow(), s.baselineWindow().minus(s.majorWindow())),
                s.majorBaselineFloorPerDay() * ratio(s.majorWindow(), Duration.ofDays(1)));
        Set<String> requesters = burst.stream().map(TrackedIncident::requester).collect(Collectors.toSet());
        Set<String> p1Requesters = burst.stream().filter(b -> b.priority() == Priority.P1)
                .map(TrackedIncident::requester).collect(Collectors.toSet());
        String reason;
        if (count >= s.majorMinIncidents() && requesters.size() >= 2 && count >= s.majorRateFactor() * baselinePerWindow) {
            reason = count + " incidents of " + (service != null ? "service " + service : "category " + incident.category())
                    + " within " + human(s.majorWindow()) + ", " + format(count / baselinePerWindow)
                    + " times the baseline of " + format(baselinePerWindow) + " per " + human(s.majorWindow());
        }
        else if (p1Requesters.size() >= s.majorP1Requesters()) {
            reason = "P1 incidents of " + (service != null ? "service " + service : "category " + incident.category()) + " from "
                    + p1Requesters.size() + " requesters within " + human(s.majorWindow());
        }
        else {
            return Optional.empty();
        }
        String id = UUID.nameUUIDFromBytes(("major:" + key + ":" + incident.ticketId()).getBytes(StandardCharsets.UTF_8))
                .toString();
        return Optional.of(new Decision.RaiseMajorIncident(id, key, incident.problemId(), incident.service(),
                incident.category(), burst, round(count / hours(s.majorWindow())),
                round(baselinePerWindow / hours(s.majorWindow())), requesters.size(), reason,
                burst.get(0).openedAt(), t));
    }

    /** Problem ids of detected problems derive from the incident that completed the group: idempotent. */
    public static String problemIdFor(String triggeringTicketId) {
        return UUID.nameUUIDFromBytes(("problem:" + triggeringTicketId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** P(X >= n) for X ~ Poisson(lambda). */
    static double poissonTail(int n, double lambda) {
        if (lambda <= 0) {
            return n <= 0 ? 1 : 0;
        }
        double term = Math.exp(-lambda);
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += term;
            term *= lambda / (i + 1);
        }
        return Math.max(0, 1 - cumulative);
    }

    private static Map<String, Integer> sharedTerms(TermVector vector, List<Scored> group) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (Scored g : group) {
            for (String term : vector.sharedTerms(g.vector(), 5)) {
                votes.merge(term, 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private static String title(List<TrackedIncident> members, Map<String, Integer> shared) {
        // the member title that carries most of the shared terms is the most representative
        TrackedIncident best = members.get(0);
        int bestHits = -1;
        for (TrackedIncident m : members) {
            Map<String, Integer> t = Tokenizer.terms(m.title(), "");
            int hits = (int) shared.keySet().stream().filter(t::containsKey).count();
            if (hits > bestHits) {
                best = m;
                bestHits = hits;
            }
        }
        String title = best.title().strip();
        if (title.length() > 120) {
            title = title.substring(0, 117) + "...";
        }
        return "Recurring: " + title;
    }

    private static @Nullable String commonLocation(List<TrackedIncident> members) {
        List<String> prefix = null;
        for (TrackedIncident m : members) {
            List<String> parts = Locations.parts(m.location());
            if (parts.isEmpty()) {
                return null;
            }
            if (prefix == null) {
                prefix = parts;
            }
            else {
                int n = 0;
                while (n < prefix.size() && n < parts.size() && prefix.get(n).equals(parts.get(n))) {
                    n++;
                }
                prefix = prefix.subList(0, n);
            }
        }
        if (prefix == null || prefix.isEmpty()) {
            return null;
        }
        // keep the first member's own spelling of the shared prefix
        return members.get(0).location() != null && prefix.size() == Locations.parts(members.get(0).location()).size()
                ? members.get(0).location()
                : String.join(" / ", prefix);
    }

    private static @Nullable String common(List<@Nullable String> values) {
        String first = values.isEmpty() ? null : values.get(0);
        if (first == null) {
            return null;
        }
        for (String v : values) {
            if (v == null || !Keys.normalise(v).equals(Keys.normalise(first))) {
                return null;
            }
        }
        return first;
    }

    private static String describe(Relation r) {
        StringBuilder sb = new StringBuilder();
        if (!r.sharedTerms().isEmpty()) {
            sb.append(": shared terms ").append(String.join(", ", r.sharedTerms()));
        }
        if (r.sameService()) {
            sb.append("; same service");
        }
        if (r.location() != null && r.location() >= 1.0) {
            sb.append("; same location");
        }
        return sb.toString();
    }

    private static boolean within(Instant a, Instant t, Duration window) {
        return !a.isBefore(t.minus(window)) && !a.isAfter(t.plus(window));
    }

    private static double ratio(Duration part, Duration whole) {
        return (double) part.toMillis() / whole.toMillis();
    }

    private static double hours(Duration d) {
        return d.toMillis() / 3_600_000.0;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String human(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 120) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return (minutes / 60) + " h" + (minutes % 60 == 0 ? "" : " " + (minutes % 60) + " min");
        }
        return d.toDays() + " d";
    }

    private record Scored(TrackedIncident incident, TermVector vector, Relation relation) {
    }

    private record LinkChoice(String problemId, double score, Scored best) {
    }
}
