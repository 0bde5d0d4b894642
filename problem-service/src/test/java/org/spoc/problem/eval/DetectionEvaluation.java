package org.spoc.problem.eval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.spoc.problem.domain.detection.Decision;
import org.spoc.problem.domain.detection.DetectionSettings;
import org.spoc.problem.domain.detection.Detector;
import org.spoc.problem.domain.detection.InMemoryDetectionStore;
import org.spoc.problem.domain.detection.Outcome;

/**
 * Replays generated incident streams through the detector and scores it against the injected
 * ground truth: precision (detected problems that are one injected burst, first problem per burst
 * only), recall (injected bursts detected), false problems per 100 incidents, detection delay after
 * the burst's k-th incident (in event time, and wall-clock processing time of the incident that
 * opened the problem), and the same for major incidents.
 *
 * <pre>
 * ./mvnw -q -pl problem-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.spoc.problem.eval.DetectionEvaluation [-Dexec.args="tuning|held-out seeds"]
 * </pre>
 * Arrival order is event time plus up to 30 s of jitter (partitions interleave); problems are
 * resolved by the desk a day after detection (they stop attracting matches).
 */
public final class DetectionEvaluation {

    static final Duration JITTER = Duration.ofSeconds(30);
    static final Duration RESOLVED_AFTER = Duration.ofDays(1);

    /** The figures of one or more replays. */
    public record Report(int incidents, int bursts, int detectedBursts, int problems, int truePositives,
            int duplicateProblems, int driftProblems, int backgroundProblems, double precision, double recall,
            double falsePer100, double linkedPrecision, double linkedRecall, List<Long> eventDelaysSeconds,
            List<Long> wallLatenciesMicros, long wallP99MicrosAll, int majorBursts, int majorDetected,
            int majorRaised, int majorFalse) {

        public long maxEventDelaySeconds() {
            return eventDelaysSeconds.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        public long maxWallMicros() {
            return wallLatenciesMicros.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        public String render() {
            return String.format(Locale.ROOT, """
                    incidents %d, injected bursts %d, problems opened %d
                      precision              %.3f  (%d true, %d duplicate, %d drift, %d background)
                      recall                 %.3f  (%d of %d bursts)
                      false problems / 100   %.2f
                      linked incidents       precision %.3f, recall %.3f (burst incidents in the burst's problem)
                      delay after k-th       event time: median %d s, max %d s; wall: median %d us, max %d us (p99 of all incidents %d us)
                      major incidents        %d of %d major bursts raised, %d raised, %d false""",
                    incidents, bursts, problems, precision, truePositives, duplicateProblems, driftProblems,
                    backgroundProblems, recall, detectedBursts, bursts, falsePer100, linkedPrecision, linkedRecall,
                    median(eventDelaysSeconds), maxEventDelaySeconds(), median(wallLatenciesMicros), maxWallMicros(),
                    wallP99MicrosAll, majorDetected, majorBursts, majorRaised, majorFalse);
        }
    }

    private DetectionEvaluation() {
    }

    public static void main(String[] args) throws Exception {
        String part = args.length > 0 ? args[0] : "held-out";
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        DetectionSettings settings = DetectionSettings.defaults();
        boolean tuning = part.equals("tuning");
        TicketCorpus corpus = TicketCorpus.load(TicketCorpus.locate(),
                tuning ? TicketCorpus.Part.TUNING : TicketCorpus.Part.HELD_OUT);
        System.out.println("corpus part " + part + ": " + corpus.rows().size() + " tickets; settings " + settings);
        List<Report> reports = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            long s = (tuning ? 1000 : 2000) + seed;
            List<GeneratedIncident> stream = new IncidentStreamGenerator(corpus, s, tuning ? 0 : 1)
                    .generate(IncidentStreamGenerator.Shape.standard());
            Report report = run(stream, settings, s);
            reports.add(report);
            System.out.println("seed " + s + ": " + report.render());
        }
        System.out.println("ALL " + part + ": " + combine(reports).render());
    }

    public static Report run(List<GeneratedIncident> stream, DetectionSettings settings, long seed) {
        Random random = new Random(seed);
        List<GeneratedIncident> arrival = new ArrayList<>(stream);
        Map<String, Long> arrivesAt = new HashMap<>();
        arrival.forEach(g -> arrivesAt.put(g.signal().ticketId(),
                g.signal().openedAt().toEpochMilli() + (long) (random.nextDouble() * JITTER.toMillis())));
        arrival.sort(Comparator.comparing(g -> arrivesAt.get(g.signal().ticketId())));

        InMemoryDetectionStore store = new InMemoryDetectionStore();
        Instant end = stream.get(stream.size() - 1).signal().openedAt().plus(Duration.ofDays(1));
        Detector detector = new Detector(() -> settings, store, Clock.fixed(end, ZoneOffset.UTC));

        Map<String, GeneratedIncident> byTicket = new HashMap<>();
        stream.forEach(g -> byTicket.put(g.signal().ticketId(), g));
        Map<String, List<String>> problems = new LinkedHashMap<>();
        Map<String, Instant> detectedAt = new HashMap<>();
        Map<String, Long> openingLatency = new HashMap<>();
        TreeMap<Instant, List<String>> closing = new TreeMap<>();
        List<Decision.RaiseMajorIncident> majors = new ArrayList<>();
        long[] latencies = new long[arrival.size()];
        int i = 0;
        for (GeneratedIncident g : arrival) {
            Instant now = g.signal().openedAt();
            while (!closing.isEmpty() && !closing.firstKey().isAfter(now)) {
                closing.pollFirstEntry().getValue().forEach(store::problemClosed);
            }
            long started = System.nanoTime();
            Outcome outcome = detector.accept(g.signal());
            long micros = (System.nanoTime() - started) / 1000;
            latencies[i++] = micros;
            for (Decision d : outcome.decisions()) {
                if (d instanceof Decision.OpenProblem open) {
                    problems.put(open.problemId(), new ArrayList<>(
                            open.incidents().stream().map(m -> m.incident().ticketId()).toList()));
                    detectedAt.put(open.problemId(), open.detectedAt());
                    openingLatency.put(open.problemId(), micros);
                    if (Boolean.getBoolean("eval.verbose")) {
                        System.out.println("  opened " + open.problemId().substring(0, 8) + " by " + g.burst() + "/"
                                + g.drift() + ": " + open.reason());
                    }
                    closing.computeIfAbsent(open.detectedAt().plus(RESOLVED_AFTER), x -> new ArrayList<>())
                            .add(open.problemId());
                }
                else if (d instanceof Decision.LinkIncident link) {
                    problems.computeIfAbsent(link.problemId(), x -> new ArrayList<>())
                            .add(link.incident().incident().ticketId());
                }
                else if (d instanceof Decision.RaiseMajorIncident major) {
                    majors.add(major);
                }
            }
        }
        return score(stream, byTicket, problems, detectedAt, openingLatency, majors, latencies, settings);
    }

    static Report score(List<GeneratedIncident> stream, Map<String, GeneratedIncident> byTicket,
            Map<String, List<String>> problems, Map<String, Instant> detectedAt, Map<String, Long> openingLatency,
            List<Decision.RaiseMajorIncident> majors, long[] latencies, DetectionSettings settings) {
        Map<String, List<GeneratedIncident>> bursts = new TreeMap<>();
        Set<String> majorBursts = new HashSet<>();
        for (GeneratedIncident g : stream) {
            if (g.burst() != null) {
                bursts.computeIfAbsent(g.burst(), b -> new ArrayList<>()).add(g);
                if (g.majorBurst()) {
                    majorBursts.add(g.burst());
                }
            }
        }
        Set<String> detected = new HashSet<>();
        int truePositives = 0;
        int duplicates = 0;
        int drift = 0;
        int background = 0;
        List<Long> eventDelays = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        int linkedRight = 0;
        int linkedAll = 0;
        Map<String, Integer> burstLinked = new HashMap<>();
        for (Map.Entry<String, List<String>> problem : problems.entrySet()) {
            String label = plurality(problem.getValue(), byTicket);
            for (String ticket : problem.getValue()) {
                linkedAll++;
                if (label != null && label.equals(byTicket.get(ticket).burst())) {
                    linkedRight++;
                    burstLinked.merge(label, 1, Integer::sum);
                }
            }
            if (Boolean.getBoolean("eval.verbose") && (label == null || !label.matches("^(printers|vpn|mail|app).*")
                    || detected.contains(label))) {
                System.out.println("  non-true problem " + label + ":");
                problem.getValue().forEach(t -> {
                    GeneratedIncident g = byTicket.get(t);
                    System.out.println("    " + g.burst() + "/" + g.drift() + " " + g.signal().openedAt() + " "
                            + g.signal().requester() + " [" + g.signal().category() + "|" + g.signal().service() + "|"
                            + g.signal().location() + "] " + g.signal().title());
                });
            }
            if (label == null || label.startsWith("drift:") || label.equals("background")) {
                if (label != null && label.startsWith("drift:")) {
                    drift++;
                }
                else {
                    background++;
                }
                continue;
            }
            if (!detected.add(label)) {
                duplicates++;
                continue;
            }
            truePositives++;
            List<Instant> times = bursts.get(label).stream().map(g -> g.signal().openedAt()).sorted().toList();
            Instant kth = times.get(Math.min(times.size(), settings.minIncidents()) - 1);
            eventDelays.add(Math.max(0, Duration.between(kth, detectedAt.get(problem.getKey())).toSeconds()));
            Long latency = openingLatency.get(problem.getKey());
            if (latency != null) {
                wall.add(latency);
            }
        }
        int burstIncidents = bursts.values().stream().mapToInt(List::size).sum();
        int majorDetected = 0;
        int majorFalse = 0;
        Set<String> majorsSeen = new HashSet<>();
        for (Decision.RaiseMajorIncident major : majors) {
            String label = plurality(major.incidents().stream().map(x -> x.ticketId()).toList(), byTicket);
            if (label != null && majorBursts.contains(label)) {
                if (majorsSeen.add(label)) {
                    majorDetected++;
                }
            }
            else if (label == null || !bursts.containsKey(label)) {
                majorFalse++;
            }
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        int total = problems.size();
        return new Report(stream.size(), bursts.size(), detected.size(), total, truePositives, duplicates, drift,
                background, total == 0 ? 1 : (double) truePositives / total,
                bursts.isEmpty() ? 1 : (double) detected.size() / bursts.size(),
                100.0 * (total - truePositives) / stream.size(), linkedAll == 0 ? 1 : (double) linkedRight / linkedAll,
                burstIncidents == 0 ? 1 : (double) burstLinked.values().stream().mapToInt(x -> x).sum() / burstIncidents,
                eventDelays, wall, sorted.length == 0 ? 0 : sorted[(int) Math.floor(sorted.length * 0.99)],
                majorBursts.size(), majorDetected, majors.size(), majorFalse);
    }

    /** The label most of a problem's incidents carry: a burst id, "drift:&lt;id&gt;" or "background". */
    private static @Nullable String plurality(List<String> tickets, Map<String, GeneratedIncident> byTicket) {
        Map<String, Integer> votes = new HashMap<>();
        for (String t : tickets) {
            GeneratedIncident g = byTicket.get(t);
            if (g == null) {
                continue;
            }
            String label = g.burst() != null ? g.burst() : g.drift() != null ? "drift:" + g.drift() : "background";
            votes.merge(label, 1, Integer::sum);
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    public static Report combine(List<Report> reports) {
        int incidents = 0, bursts = 0, detected = 0, problems = 0, tp = 0, dup = 0, drift = 0, bg = 0;
        int mb = 0, md = 0, mr = 0, mf = 0;
        double lp = 0, lr = 0;
        long p99 = 0;
        List<Long> delays = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        for (Report r : reports) {
            incidents += r.incidents();
            bursts += r.bursts();
            detected += r.detectedBursts();
            problems += r.problems();
            tp += r.truePositives();
            dup += r.duplicateProblems();
            drift += r.driftProblems();
            bg += r.backgroundProblems();
            delays.addAll(r.eventDelaysSeconds());
            wall.addAll(r.wallLatenciesMicros());
            p99 = Math.max(p99, r.wallP99MicrosAll());
            lp += r.linkedPrecision() / reports.size();
            lr += r.linkedRecall() / reports.size();
            mb += r.majorBursts();
            md += r.majorDetected();
            mr += r.majorRaised();
            mf += r.majorFalse();
        }
        return new Report(incidents, bursts, detected, problems, tp, dup, drift, bg,
                problems == 0 ? 1 : (double) tp / problems, bursts == 0 ? 1 : (double) detected / bursts,
                100.0 * (problems - tp) / incidents, lp, lr, delays, wall, p99, mb, md, mr, mf);
    }

    static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
