package org.spoc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spoc.events.EventJson;

/** {@code results.md} (the table), {@code results.json} (every figure) and the PNG plots of one run. */
final class Report {

    private static final double CREATE_P99_MS = 100;

    private Report() {
    }

    static void write(Results r, Path out) throws IOException {
        Files.writeString(out.resolve("results.md"), markdown(r));
        Files.writeString(out.resolve("results.json"), EventJson.write(json(r)));
        try {
            plots(r, out);
        }
        catch (RuntimeException | IOException | Error ex) {
            Files.writeString(out.resolve("plots-failed.txt"), String.valueOf(ex));
        }
    }

    // --- the table

    static String markdown(Results r) {
        StringBuilder md = new StringBuilder();
        Machine m = r.machine;
        md.append("# SPOC benchmark (").append(r.config.getOrDefault("mode", "?")).append(" mode)\n\n");
        if (m != null) {
            md.append("Machine: ").append(m.summary()).append(". ");
        }
        md.append(String.format(Locale.ROOT, "Load average during the run (1 min, sampled every 2 s): min %.1f, mean %.1f, max %.1f. ",
                stat(r.loadAverages, "min"), stat(r.loadAverages, "mean"), stat(r.loadAverages, "max")));
        md.append(String.format(Locale.ROOT, "Wall time %.0f s. Every figure is compared with a baseline measured in the same run "
                + "on the same machine; absolute figures depend on the machine's other load.%n%n", r.wallSeconds));

        double gwMax = Results.maxSustained(r.gatewaySteps, CREATE_P99_MS);
        double directMax = Results.maxSustained(r.directSteps, CREATE_P99_MS);
        md.append("| figure | SPOC | baseline in the same run | SPOC / baseline | target (2 cores) | met |\n");
        md.append("|---|---|---|---|---|---|\n");
        OpenLoop.Result gwAtMax = Results.step(r.gatewaySteps, gwMax);
        row(md, "ticket create through the gateway: max sustained rate (p99 <= 100 ms, >= 95 % answered, < 1 % errors)",
                fmt("%.0f tickets/s", gwMax) + (gwAtMax != null ? fmt(" (p99 %.0f ms)", gwAtMax.p99Ms()) : "")
                        + fmt("; best achieved %.0f/s", best(r.gatewaySteps)),
                fmt("raw Kafka producer %,.0f records/s (ProducerPerformance, %d B, acks=all)", r.kafkaRecordsPerSecond, r.recordSize)
                        + fmt("; raw store inserts %,.0f/s", r.storeInsertsPerSecond),
                fmt("%.2f %% of Kafka; %.1f %% of store", pct(gwMax, r.kafkaRecordsPerSecond), pct(gwMax, r.storeInsertsPerSecond)),
                ">= 500 tickets/s", met(gwMax >= 500));
        row(md, "gateway overhead: throughput", fmt("%.0f tickets/s through the gateway", gwMax),
                fmt("%.0f tickets/s straight to ticket-service (best achieved %.0f/s)", directMax, best(r.directSteps)),
                fmt("%.0f %%", pct(gwMax, directMax)), ">= 70 % of direct", met(directMax > 0 && gwMax >= 0.7 * directMax));
        double common = commonRate(r);
        OpenLoop.Result gwCommon = Results.step(r.gatewaySteps, common);
        OpenLoop.Result directCommon = Results.step(r.directSteps, common);
        if (gwCommon != null && directCommon != null && gwCommon.sustained(CREATE_P99_MS) && directCommon.sustained(CREATE_P99_MS)) {
            double added = gwCommon.p50Ms() - directCommon.p50Ms();
            row(md, fmt("gateway overhead: added p50 at %.0f/s", common), fmt("p50 %.1f ms (p99 %.1f ms)", gwCommon.p50Ms(),
                    gwCommon.p99Ms()), fmt("direct p50 %.1f ms (p99 %.1f ms)", directCommon.p50Ms(), directCommon.p99Ms()),
                    fmt("+%.1f ms", added), "<= 3 ms added p50", met(added <= 3));
        }
        else {
            row(md, "gateway overhead: added p50", "no offered rate was sustained both through the gateway and directly",
                    "—", "—", "<= 3 ms added p50", "n/a");
        }
        OpenLoop.Result pipe = r.pipelineRun;
        for (var stage : r.pipelineStages.entrySet()) {
            Histogram h = stage.getValue();
            double p99 = h.getValueAtPercentile(99) / 1e6;
            String spoc = h.getTotalCount() == 0 ? fmt("no events for the %,d tickets", r.pipelineTickets)
                    : fmt("p50 %.0f ms, p99 %.0f ms, max %.0f ms (%,d of %,d tickets)", h.getValueAtPercentile(50) / 1e6, p99,
                            h.getMaxValue() / 1e6, h.getTotalCount(), r.pipelineTickets);
            row(md, fmt("event pipeline at %.0f tickets/s", pipe != null ? pipe.offered() : 0) + ": created (201) -> "
                    + stage.getKey(), spoc, fmt("Kafka end-to-end of a bare record p50 %.0f ms, p99 %.0f ms", r.kafkaE2eP50Ms,
                            r.kafkaE2eP99Ms), h.getTotalCount() == 0 ? "—" : fmt("p99 %.0fx", p99 / Math.max(1, r.kafkaE2eP99Ms)),
                    "p99 <= 300 ms", h.getTotalCount() == 0 ? "n/a" : met(p99 <= 300 && h.getTotalCount() >= 0.99 * r.pipelineTickets));
        }
        if (pipe != null) {
            row(md, "event pipeline: the creates themselves", fmt("offered %.0f/s, achieved %.1f/s, p99 %.0f ms", pipe.offered(),
                    pipe.achieved(), pipe.p99Ms()), "—", "—", "—", "—");
        }
        Histogram firing = r.slaFiring;
        if (firing != null) {
            Histogram received = r.slaReceived;
            row(md, fmt("SLA timer lateness with %,d open clocks (%s; breach ce_time - dueAt)", r.openClocks,
                    r.seededClocks > 0 ? fmt("%,d seeded straight into escalation-service's store, the rest created through the API",
                            r.seededClocks) : "all created through the API"),
                    firing.getTotalCount() == 0 ? fmt("no breach seen for %,d tickets", r.slaTickets)
                            : fmt("p50 %,d ms, p99 %,d ms, max %,d ms (%,d breaches, %d early)", firing.getValueAtPercentile(50),
                                    firing.getValueAtPercentile(99), firing.getMaxValue(), firing.getTotalCount(), r.slaEarly)
                                    + (received != null ? fmt("; on Kafka p99 %,d ms", received.getValueAtPercentile(99)) : ""),
                    "— (absolute)", "—", "p99 <= 1 s after due", firing.getTotalCount() == 0 ? "n/a"
                            : met(firing.getValueAtPercentile(99) <= 1000) + (r.openClocks < 100_000
                                    ? fmt(" at %,d clocks (mode=full for 100k)", r.openClocks) : ""));
        }
        Map<String, String> lucene = searchRow(r, "Lucene search (q=, 1");
        Map<String, String> regex = searchRow(r, "MongoDB");
        if (lucene != null) {
            double p95 = number(lucene.get("p95 ms"));
            row(md, fmt("knowledge search at %s articles (knowledge-service's SearchBenchmark, Lucene as the API runs it)",
                    r.config.getOrDefault("articles", "?")), fmt("p50 %s ms, p95 %s ms, p99 %s ms", lucene.get("p50 ms"),
                            lucene.get("p95 ms"), lucene.get("p99 ms")),
                    regex == null ? "—" : fmt("store regex scan p50 %s ms, p95 %s ms", regex.get("p50 ms"), regex.get("p95 ms")),
                    regex == null ? "—" : fmt("%.0fx faster (p95)", number(regex.get("p95 ms")) / Math.max(0.001, p95)),
                    "p95 <= 20 ms at 100k", met(p95 <= 20) + (String.valueOf(r.config.get("articles")).equals("100000") ? ""
                            : " (at " + r.config.get("articles") + " articles; mode=full or articles=100000 for 100k)"));
        }
        OpenLoop.Result search = r.searchApiRun;
        if (search != null) {
            row(md, fmt("knowledge search through the gateway (%d articles, open loop %.0f/s)", r.articlesSeeded, search.offered()),
                    fmt("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms", search.p50Ms(), search.latency().getValueAtPercentile(95) / 1e6,
                            search.p99Ms()), "—", "—", "—", "—");
        }
        String slowest = r.partStartup.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> fmt("slowest part %s %.1f s", e.getKey(), e.getValue())).orElse("—");
        if (r.coldStartupSeconds > 0) {
            row(md, "start-up, the first after a build: all parts ready (LocalStack.startAll, no class-data archives yet)",
                    fmt("%.1f s", r.coldStartupSeconds), "—", "—", "<= 60 s",
                    met(r.coldStartupSeconds <= 60));
        }
        row(md, r.coldStartupSeconds > 0
                ? "start-up, any later start: all parts ready (LocalStack.startAll, with the archives the first start wrote)"
                : "start-up: all parts ready (LocalStack.startAll)", fmt("%.1f s", r.startupSeconds), slowest, "—", "<= 60 s",
                met(r.startupSeconds > 0 && r.startupSeconds <= 60));
        long afterStart = r.rssAfterStartKib.values().stream().mapToLong(Long::longValue).sum();
        row(md, "memory: total RSS of all parts", fmt("%,d MiB peak under load (%,d MiB after start)", r.peakTotalRssKib / 1024,
                afterStart / 1024), fmt("%,d MiB machine memory", r.machine != null ? r.machine.memoryMiB() : -1), "—", "<= 3 GB",
                met(r.peakTotalRssKib > 0 && r.peakTotalRssKib <= 3L * 1024 * 1024));

        md.append("\n## Ticket create steps (open loop, latency from the intended send time)\n\n");
        md.append("Each step starts with the consumers caught up. The last column is what the step left them: records "
                + "behind when it ended, and how long the slowest consumer group took to catch up (the platform keeps up "
                + "with the rate when that is short next to the step's length).\n\n");
        md.append("| target | offered /s | achieved /s | p50 ms | p99 ms | max ms | errors+shed | sustained | consumers after the step |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        List<OpenLoop.Result> all = new ArrayList<>(r.gatewaySteps);
        all.addAll(r.directSteps);
        for (OpenLoop.Result s : all) {
            Backlog backlog = r.stepBacklogs.get(s.label());
            String after = backlog == null ? "—" : backlog.caughtUp()
                    ? fmt("%,d behind, caught up in %.0f s", backlog.records(), backlog.seconds())
                    : fmt("%,d behind, not caught up in %.0f s", backlog.records(), backlog.seconds());
            md.append(fmt("| %s | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %s | %s |%n", s.target(), s.offered(), s.achieved(),
                    s.p50Ms(), s.p99Ms(), s.maxMs(), s.errors() + s.shed(), s.sustained(CREATE_P99_MS) ? "yes" : "no", after));
        }
        md.append("\n## Baselines\n\n");
        md.append(fmt("- Raw store inserts (MongoDB driver, %s threads, against the stack's store with its default durability): %,.0f/s%n",
                r.config.getOrDefault("storeThreads", "?"), r.storeInsertsPerSecond));
        md.append(fmt("- Kafka ProducerPerformance against the stack's broker (%s records of %d B, acks=all, %d partitions like "
                + "spoc.ticket.events.v1): %,.0f records/s%n", r.config.getOrDefault("kafkaRecords", "?"), r.recordSize,
                r.ticketTopicPartitions, r.kafkaRecordsPerSecond));
        md.append(fmt("- Kafka EndToEndLatency (%s records, acks=all): avg %.1f ms, p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms%n",
                r.config.getOrDefault("e2eRecords", "?"), r.kafkaE2eAvgMs, r.kafkaE2eP50Ms, r.kafkaE2eP99Ms, r.kafkaE2eP999Ms));
        if (!r.backlogBeforePipeline.isEmpty()) {
            md.append("- Consumer groups catching up with the steps' tickets before the pipeline phase (lag at start -> left, "
                    + "seconds, records/s): ");
            List<String> groups = new ArrayList<>();
            r.backlogBeforePipeline.forEach((group, v) -> {
                Map<?, ?> g = (Map<?, ?>) v;
                if (((Number) g.get("lagAtStart")).longValue() == 0 && ((Number) g.get("lagLeft")).longValue() == 0) {
                    return; // idle, or a tool's own group
                }
                groups.add(((Number) g.get("lagLeft")).longValue() > 0
                        ? fmt("%s %s -> %s after %.0f s (not caught up)", group, g.get("lagAtStart"), g.get("lagLeft"),
                                ((Number) g.get("seconds")).doubleValue())
                        : fmt("%s %s -> 0 in %.0f s (%.0f records/s)", group, g.get("lagAtStart"),
                                ((Number) g.get("seconds")).doubleValue(), ((Number) g.get("recordsPerSecond")).doubleValue()));
            });
            md.append(String.join("; ", groups)).append('\n');
        }
        if (!r.searchRows.isEmpty()) {
            md.append("\n## Knowledge search (knowledge-service SearchBenchmark").append(r.searchIndexed.isEmpty() ? "" : "; "
                    + r.searchIndexed).append(")\n\n| what | n | p50 ms | p95 ms | p99 ms | max ms | q/s | found |\n|---|---|---|---|---|---|---|---|\n");
            for (Map<String, String> row : r.searchRows) {
                md.append(fmt("| %s | %s | %s | %s | %s | %s | %s | %s |%n", row.get("what"), row.get("n"), row.get("p50 ms"),
                        row.get("p95 ms"), row.get("p99 ms"), row.get("max ms"), row.get("q/s"), row.get("found")));
            }
        }
        if (!r.pipelineCpuMsPerTicket.isEmpty()) {
            double total = r.pipelineCpuMsPerTicket.values().stream().mapToDouble(Double::doubleValue).sum();
            md.append(fmt("%n## CPU per ticket in the pipeline phase%n%nCPU time each part used from the phase's first create "
                    + "until the last stage's event, divided by the %,d tickets created: what one ticket costs the platform, "
                    + "its consequences included (events, notifications, detection). %,.0f ms in all: at 2 cores, about "
                    + "%,.0f tickets/s keep the machine busy.%n%n| part | CPU ms per ticket | share |%n|---|---|---|%n",
                    r.pipelineTickets, total, 2000 / total));
            r.pipelineCpuMsPerTicket.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> md.append(fmt("| %s | %.1f | %.0f %% |%n", e.getKey(), e.getValue(), 100 * e.getValue() / total)));
            if (r.pipelineBenchCpuMsPerTicket >= 0) {
                md.append(fmt("%nNot counted above: the bench itself (load generator, event watch, webhook receiver) used "
                        + "%.1f ms of CPU per ticket over the same span, on the same cores.%n", r.pipelineBenchCpuMsPerTicket));
            }
        }
        if (!r.pipelineStoreCommandsPerTicket.isEmpty()) {
            storeCommands(md, r.pipelineStoreCommandsPerTicket);
        }
        md.append("\n## Start-up and memory per part\n\n| part | ready in s | RSS after start MiB | peak RSS MiB |\n|---|---|---|---|\n");
        for (var part : r.partStartup.entrySet()) {
            long peak = r.peakRssKib.entrySet().stream().filter(e -> e.getKey().id().equals(part.getKey())).mapToLong(Map.Entry::getValue)
                    .findFirst().orElse(-1);
            md.append(fmt("| %s | %.1f | %,d | %,d |%n", part.getKey(), part.getValue(),
                    r.rssAfterStartKib.getOrDefault(part.getKey(), -1L) / 1024, peak / 1024));
        }
        md.append("\n## Notes\n\n");
        md.append(String.format("- The stack runs as `./spoc up` starts it (LocalStack: each part its own JVM; services in the `%s` "
                + "JVM profile; Kafka and the store with the full JIT and 256/384 MB heaps; store durability `%s`; %s listener "
                + "threads per Kafka listener container), on free ports in a temporary home.%n",
                r.config.getOrDefault("jvmProfile", "?"), r.config.getOrDefault("storeDurability", "?"),
                r.config.getOrDefault("listenerConcurrency", "?")));
        if (r.gatewayRateLimitRaised) {
            md.append("- The gateway's per-user and per-client rate limits (20/s and 100/s) were raised for this stack only "
                    + "(bench/run sets SPOC_GATEWAY_RATELIMIT_*): all load comes from 3 demo users on 127.0.0.1.\n");
        }
        md.append("- Latency is measured from each request's intended send time (open loop), so queueing in the generator counts; "
                + "a request that could not be sent because " + OpenLoop.MAX_IN_FLIGHT + " were in flight counts as an error "
                + "with the " + OpenLoop.TIMEOUT.toSeconds() + " s timeout as its latency.\n");
        md.append("- The load generator, Kafka's tools and the platform share the same cores.\n");
        md.append(fmt("- Store durability of this run: `%s`. Webhook requests received during the pipeline phase: %,d.%n",
                r.config.getOrDefault("storeDurability", "?"), r.pipelineWebhookRequests));
        for (String note : r.notes) {
            md.append("- ").append(note).append('\n');
        }
        md.append("\nPlots: `latency-over-time.png`, `throughput-vs-offered.png`, `p99-vs-offered.png`. All figures: `results.json`.\n");
        return md.toString();
    }

    private static double commonRate(Results r) {
        double best = 0;
        for (OpenLoop.Result g : r.gatewaySteps) {
            OpenLoop.Result d = Results.step(r.directSteps, g.offered());
            if (d != null && g.sustained(CREATE_P99_MS) && d.sustained(CREATE_P99_MS)) {
                best = Math.max(best, g.offered());
            }
        }
        if (best == 0 && !r.gatewaySteps.isEmpty()) {
            best = r.gatewaySteps.getFirst().offered();
        }
        return best;
    }

    private static double best(List<OpenLoop.Result> steps) {
        return steps.stream().mapToDouble(OpenLoop.Result::achieved).max().orElse(0);
    }

    private static @Nullable Map<String, String> searchRow(Results r, String prefix) {
        return r.searchRows.stream().filter(row -> row.getOrDefault("what", "").startsWith(prefix)).findFirst().orElse(null);
    }

    private static double number(@Nullable String text) {
        try {
            return text == null ? Double.NaN : Double.parseDouble(text.replace(",", ""));
        }
        catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }

    private static void row(StringBuilder md, String... cells) {
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static double pct(double part, double whole) {
        return whole <= 0 ? 0 : 100 * part / whole;
    }

    /** Store commands per ticket by service, and the commands that are most of them. */
    private static void storeCommands(StringBuilder md, Map<String, Map<String, Double>> perTicket) {
        Map<String, Double> byService = new LinkedHashMap<>();
        perTicket.forEach((service, counts) -> counts.forEach((key, count) -> byService.merge(service, count, Double::sum)));
        double total = byService.values().stream().mapToDouble(Double::doubleValue).sum();
        md.append(fmt("%n## Store commands per ticket in the pipeline phase%n%nCommands each service sent the store over the "
                + "same span (the MongoDB driver's command metric), per ticket created: a count the machine's other load "
                + "does not move, unlike CPU time. %.1f in all.%n%n| service | commands per ticket | the most sent (command, "
                + "collection: per ticket) |%n|---|---|---|%n", total));
        byService.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(service -> {
            String top = perTicket.get(service.getKey()).entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(4)
                    .map(e -> fmt("%s: %.1f", e.getKey(), e.getValue())).collect(java.util.stream.Collectors.joining("; "));
            md.append(fmt("| %s | %.1f | %s |%n", service.getKey(), service.getValue(), top));
        });
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static double stat(List<Double> values, String which) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        return switch (which) {
            case "min" -> values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            case "max" -> values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            default -> values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        };
    }

    // --- JSON

    static Map<String, Object> json(Results r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("machine", r.machine);
        j.put("config", r.config);
        j.put("wallSeconds", r.wallSeconds);
        j.put("loadAverage", Map.of("min", stat(r.loadAverages, "min"), "mean", stat(r.loadAverages, "mean"), "max",
                stat(r.loadAverages, "max"), "samples", r.loadAverages));
        j.put("gatewayRateLimitRaised", r.gatewayRateLimitRaised);
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("recordSizeBytes", r.recordSize);
        baselines.put("ticketTopicPartitions", r.ticketTopicPartitions);
        baselines.put("storeInsertsPerSecond", r.storeInsertsPerSecond);
        baselines.put("kafkaProducerRecordsPerSecond", r.kafkaRecordsPerSecond);
        baselines.put("kafkaEndToEndMs", Map.of("avg", r.kafkaE2eAvgMs, "p50", r.kafkaE2eP50Ms, "p99", r.kafkaE2eP99Ms,
                "p999", r.kafkaE2eP999Ms));
        j.put("baselines", baselines);
        Map<String, Object> creates = new LinkedHashMap<>();
        creates.put("p99ObjectiveMs", CREATE_P99_MS);
        creates.put("gatewayMaxSustainedPerSecond", Results.maxSustained(r.gatewaySteps, CREATE_P99_MS));
        creates.put("directMaxSustainedPerSecond", Results.maxSustained(r.directSteps, CREATE_P99_MS));
        creates.put("gateway", r.gatewaySteps.stream().map(Report::run).toList());
        creates.put("direct", r.directSteps.stream().map(Report::run).toList());
        creates.put("warmup", r.warmup.stream().map(Report::run).toList());
        creates.put("consumersAfterEachStep", r.stepBacklogs);
        j.put("creates", creates);
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("run", r.pipelineRun == null ? null : run(r.pipelineRun));
        pipeline.put("tickets", r.pipelineTickets);
        pipeline.put("consumerBacklogBefore", r.backlogBeforePipeline);
        pipeline.put("webhookRequestsReceived", r.pipelineWebhookRequests);
        pipeline.put("cpuMsPerTicket", r.pipelineCpuMsPerTicket);
        pipeline.put("benchCpuMsPerTicket", r.pipelineBenchCpuMsPerTicket);
        pipeline.put("storeCommandsPerTicket", r.pipelineStoreCommandsPerTicket);
        Map<String, Object> stages = new LinkedHashMap<>();
        r.pipelineStages.forEach((stage, h) -> stages.put(stage, histogram(h, 1e6)));
        pipeline.put("stagesMsFromCreated", stages);
        j.put("pipeline", pipeline);
        Map<String, Object> sla = new LinkedHashMap<>();
        sla.put("openClocks", r.openClocks);
        sla.put("openClocksBeforeSeed", r.openClocksBeforeSeed);
        sla.put("seededClocks", r.seededClocks);
        sla.put("seedSeconds", r.seedSeconds);
        sla.put("tickets", r.slaTickets);
        sla.put("earlyBreaches", r.slaEarly);
        sla.put("latenessMsFiring", r.slaFiring == null ? null : histogram(r.slaFiring, 1));
        sla.put("latenessMsOnKafka", r.slaReceived == null ? null : histogram(r.slaReceived, 1));
        j.put("slaTimers", sla);
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("searchBenchmark", r.searchRows);
        search.put("indexed", r.searchIndexed);
        search.put("throughGateway", r.searchApiRun == null ? null : run(r.searchApiRun));
        search.put("articlesSeeded", r.articlesSeeded);
        j.put("knowledgeSearch", search);
        Map<String, Object> startup = new LinkedHashMap<>();
        startup.put("allReadySeconds", r.startupSeconds);
        startup.put("firstStartAllReadySeconds", r.coldStartupSeconds);
        startup.put("partsReadySeconds", r.partStartup);
        startup.put("rssAfterStartKib", r.rssAfterStartKib);
        Map<String, Long> peaks = new LinkedHashMap<>();
        r.peakRssKib.forEach((part, kib) -> peaks.put(part.id(), kib));
        startup.put("peakRssKib", peaks);
        startup.put("peakTotalRssKib", r.peakTotalRssKib);
        j.put("startupAndMemory", startup);
        j.put("notes", r.notes);
        return j;
    }

    private static Map<String, Object> run(OpenLoop.Result s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", s.label());
        m.put("target", s.target());
        m.put("offeredPerSecond", s.offered());
        m.put("achievedPerSecond", s.achieved());
        m.put("seconds", s.seconds());
        m.put("sent", s.sent());
        m.put("ok", s.ok());
        m.put("errors", s.errors());
        m.put("shed", s.shed());
        m.put("firstError", s.firstError());
        m.put("latencyMs", histogram(s.latency(), 1e6));
        m.put("sustained", s.sustained(CREATE_P99_MS));
        m.put("timeline", s.timeline());
        return m;
    }

    private static Map<String, Object> histogram(Histogram h, double unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        for (double p : new double[] {50, 90, 95, 99, 99.9}) {
            m.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p).replace(".", "")),
                    h.getTotalCount() == 0 ? null : h.getValueAtPercentile(p) / unit);
        }
        m.put("max", h.getTotalCount() == 0 ? null : h.getMaxValue() / unit);
        return m;
    }

    // --- plots

    private static void plots(Results r, Path out) throws IOException {
        XYChart time = new XYChartBuilder().width(1100).height(550).title("Latency over time (per second, open loop)")
                .xAxisTitle("seconds since the benchmark started").yAxisTitle("ms (log)").build();
        time.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        time.getStyler().setYAxisLogarithmic(true);
        time.getStyler().setMarkerSize(4);
        time.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<OpenLoop.Result> gateway = new ArrayList<>(r.warmup.stream().filter(w -> w.target().equals("gateway")).toList());
        gateway.addAll(r.gatewaySteps);
        addTimeline(time, "gateway creates p99", gateway, OpenLoop.Second::p99Ms);
        addTimeline(time, "gateway creates p50", gateway, OpenLoop.Second::p50Ms);
        addTimeline(time, "direct creates p99", r.directSteps, OpenLoop.Second::p99Ms);
        addTimeline(time, "direct creates p50", r.directSteps, OpenLoop.Second::p50Ms);
        List<OpenLoop.Result> others = new ArrayList<>();
        for (OpenLoop.Result run : new OpenLoop.Result[] {r.pipelineRun, r.slaRun, r.searchApiRun}) {
            if (run != null) {
                others.add(run);
            }
        }
        addTimeline(time, "pipeline / SLA / search p99", others, OpenLoop.Second::p99Ms);
        BitmapEncoder.saveBitmap(time, out.resolve("latency-over-time").toString(), BitmapEncoder.BitmapFormat.PNG);

        XYChart throughput = new XYChartBuilder().width(800).height(550).title("Throughput vs offered load (ticket creates)")
                .xAxisTitle("offered tickets/s").yAxisTitle("achieved tickets/s (2xx)").build();
        throughput.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        double maxOffered = 0;
        for (List<OpenLoop.Result> steps : List.of(r.gatewaySteps, r.directSteps)) {
            for (OpenLoop.Result s : steps) {
                maxOffered = Math.max(maxOffered, s.offered());
            }
        }
        if (maxOffered > 0) {
            throughput.addSeries("offered = achieved", new double[] {0, maxOffered}, new double[] {0, maxOffered})
                    .setMarker(SeriesMarkers.NONE);
        }
        addSteps(throughput, "through the gateway", r.gatewaySteps, OpenLoop.Result::achieved);
        addSteps(throughput, "straight to ticket-service", r.directSteps, OpenLoop.Result::achieved);
        BitmapEncoder.saveBitmap(throughput, out.resolve("throughput-vs-offered").toString(), BitmapEncoder.BitmapFormat.PNG);

        XYChart p99 = new XYChartBuilder().width(800).height(550).title("Create p99 vs offered load")
                .xAxisTitle("offered tickets/s").yAxisTitle("p99 ms (log)").build();
        p99.getStyler().setYAxisLogarithmic(true);
        p99.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        addSteps(p99, "through the gateway", r.gatewaySteps, OpenLoop.Result::p99Ms);
        addSteps(p99, "straight to ticket-service", r.directSteps, OpenLoop.Result::p99Ms);
        if (maxOffered > 0) {
            p99.addSeries("objective 100 ms", new double[] {0, maxOffered}, new double[] {CREATE_P99_MS, CREATE_P99_MS})
                    .setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(p99, out.resolve("p99-vs-offered").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addTimeline(XYChart chart, String name, List<OpenLoop.Result> runs,
            Function<OpenLoop.Second, Double> value) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (OpenLoop.Result run : runs) {
            for (OpenLoop.Second s : run.timeline()) {
                xs.add(s.atSeconds());
                ys.add(Math.max(0.1, value.apply(s)));
            }
        }
        if (!xs.isEmpty()) {
            chart.addSeries(name, xs, ys);
        }
    }

    private static void addSteps(XYChart chart, String name, List<OpenLoop.Result> steps, Function<OpenLoop.Result, Double> value) {
        if (steps.isEmpty()) {
            return;
        }
        chart.addSeries(name, steps.stream().map(OpenLoop.Result::offered).toList(),
                steps.stream().map(s -> Math.max(0.1, value.apply(s))).toList());
    }
}
