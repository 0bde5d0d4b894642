package org.spoc.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.spoc.local.Part;

/** Everything one run measured; {@link Report} turns it into Markdown, JSON and plots. */
final class Results {

    @Nullable Machine machine;
    Map<String, Object> config = Map.of();
    double wallSeconds;
    List<Double> loadAverages = List.of();
    final List<String> notes = new ArrayList<>();
    boolean gatewayRateLimitRaised;

    /** All parts ready, started with the class-data archives of an earlier start (as every start after the first). */
    double startupSeconds;
    /**
     * All parts ready in a fresh home: no class-data archives yet, as the first start after a build; 0 when the
     * run started only once (with --jfr, which runs without archives: {@link #startupSeconds} is that start).
     */
    double coldStartupSeconds;
    final Map<String, Double> partStartup = new LinkedHashMap<>();
    final Map<String, Long> rssAfterStartKib = new LinkedHashMap<>();
    Map<Part, Long> peakRssKib = Map.of();
    long peakTotalRssKib;

    int recordSize;
    int ticketTopicPartitions;
    double storeInsertsPerSecond;
    double kafkaRecordsPerSecond;
    double kafkaE2eAvgMs = Double.NaN;
    double kafkaE2eP50Ms = Double.NaN;
    double kafkaE2eP99Ms = Double.NaN;
    double kafkaE2eP999Ms = Double.NaN;

    final List<OpenLoop.Result> warmup = new ArrayList<>();
    final List<OpenLoop.Result> gatewaySteps = new ArrayList<>();
    final List<OpenLoop.Result> directSteps = new ArrayList<>();

    /** Per create step (by label): the records its consumers were behind when it ended, and how long they took to catch up. */
    final Map<String, Backlog> stepBacklogs = new LinkedHashMap<>();

    OpenLoop.@Nullable Result pipelineRun;
    int pipelineTickets;
    Map<String, Object> backlogBeforePipeline = Map.of();
    long pipelineWebhookRequests;
    /** CPU each part used from the pipeline phase's first create until its last event, per ticket created, in ms. */
    Map<String, Double> pipelineCpuMsPerTicket = new LinkedHashMap<>();
    /** The bench's own CPU (load generator, event watch, webhook receiver) over the same span, per ticket; -1 unknown. */
    double pipelineBenchCpuMsPerTicket = -1;
    /** Store commands per ticket in the pipeline phase: service -> "command collection" -> count (see {@link StoreCommands}). */
    Map<String, Map<String, Double>> pipelineStoreCommandsPerTicket = new LinkedHashMap<>();
    final Map<String, Histogram> pipelineStages = new LinkedHashMap<>();

    /** Open tickets in escalation-service's store, each with its running clocks, counted after the SLA phase. */
    long openClocks;
    long openClocksBeforeSeed;
    /** Tickets written straight into escalation-service's store ({@link ClockSeed}), and how long that took. */
    long seededClocks;
    double seedSeconds;
    OpenLoop.@Nullable Result slaRun;
    @Nullable Histogram slaFiring;
    @Nullable Histogram slaReceived;
    int slaTickets;
    long slaEarly;

    OpenLoop.@Nullable Result searchApiRun;
    int articlesSeeded;
    final List<Map<String, String>> searchRows = new ArrayList<>();
    String searchIndexed = "";

    /** The highest offered rate whose step was sustained (p99 within the objective), or 0. */
    static double maxSustained(List<OpenLoop.Result> steps, double p99Ms) {
        double best = 0;
        for (OpenLoop.Result step : steps) {
            if (step.sustained(p99Ms)) {
                best = Math.max(best, step.offered());
            }
        }
        return best;
    }

    static OpenLoop.@Nullable Result step(List<OpenLoop.Result> steps, double offered) {
        return steps.stream().filter(s -> s.offered() == offered).findFirst().orElse(null);
    }
}
