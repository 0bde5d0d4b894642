package org.spoc.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The run's settings: {@code mode=quick} (the default: about 6-8 minutes after start-up) or
 * {@code mode=full} (about 20-30 minutes: longer steps, 100k open clocks, 1M raw Kafka records), then
 * any single setting as {@code key=value}, for example {@code steps=100,200,400 step-seconds=20}.
 */
final class Config {

    String mode = "quick";
    @Nullable String out;
    double[] steps = {5, 10, 15, 20, 25, 35, 50, 75, 100, 150, 200, 300, 400, 500, 600, 800, 1000};
    String storeDurability = "journal";
    String jvmProfile = "startup";
    int listenerConcurrency = 3;
    int stepSeconds = 10;
    /** Requests a create step sends at least (it runs longer at low rates): a p99 of 50 samples is their maximum. */
    int stepMinRequests = 300;
    /** About what the platform sustains on two cores: a faster warm-up times out and opens the gateway's circuit breaker. */
    double warmupRate = 10;
    int warmupSeconds = 10;
    int storeSeconds = 8;
    int storeThreads = 4;
    int kafkaRecords = 200_000;
    int e2eRecords = 2_000;
    double pipelineRate = 200;
    int pipelineSeconds = 20;
    int drainSeconds = 40;
    /** Open clocks wanted for the SLA phase: the run's own tickets, then seeded ones ({@link ClockSeed}) up to it. */
    long clocks = 0;
    /** Time limit of the clock seed. */
    int fillSeconds = 900;
    int slaTargetSeconds = 15;
    double slaRate = 20;
    int slaCreateSeconds = 10;
    double searchRate = 50;
    int searchSeconds = 10;
    boolean search = true;
    int articles = 20_000;
    int searchQueries = 2_000;
    int mongoQueries = 30;
    int searchTimeoutSeconds = 600;

    static Config parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, e.g. mode=full; got '" + arg + "'");
            }
            options.put(arg.substring(0, eq).replaceFirst("^--", ""), arg.substring(eq + 1));
        }
        Config config = new Config();
        if ("full".equals(options.get("mode"))) {
            config.mode = "full";
            config.stepSeconds = 30;
            config.warmupSeconds = 30;
            config.storeSeconds = 20;
            config.kafkaRecords = 1_000_000;
            config.e2eRecords = 10_000;
            config.pipelineSeconds = 60;
            config.clocks = 100_000;
            config.slaTargetSeconds = 30;
            config.slaCreateSeconds = 30;
            config.searchSeconds = 30;
            config.searchQueries = 5_000;
            config.mongoQueries = 60;
            config.articles = 100_000;
        }
        options.forEach((key, value) -> {
            switch (key) {
                case "mode" -> {
                    if (!value.equals("quick") && !value.equals("full")) {
                        throw new IllegalArgumentException("mode is quick or full");
                    }
                }
                case "out" -> config.out = value;
                case "steps" -> config.steps = Arrays.stream(value.split(",")).mapToDouble(Double::parseDouble).toArray();
                case "step-seconds" -> config.stepSeconds = Integer.parseInt(value);
                case "step-min-requests" -> config.stepMinRequests = Integer.parseInt(value);
                case "warmup-seconds" -> config.warmupSeconds = Integer.parseInt(value);
                case "store-seconds" -> config.storeSeconds = Integer.parseInt(value);
                case "kafka-records" -> config.kafkaRecords = Integer.parseInt(value);
                case "e2e-records" -> config.e2eRecords = Integer.parseInt(value);
                case "pipeline-rate" -> config.pipelineRate = Double.parseDouble(value);
                case "pipeline-seconds" -> config.pipelineSeconds = Integer.parseInt(value);
                case "clocks" -> config.clocks = Long.parseLong(value);
                case "sla-target-seconds" -> config.slaTargetSeconds = Integer.parseInt(value);
                case "sla-rate" -> config.slaRate = Double.parseDouble(value);
                case "sla-seconds" -> config.slaCreateSeconds = Integer.parseInt(value);
                case "store-durability" -> config.storeDurability = value;
                case "jvm-profile" -> config.jvmProfile = value;
                case "listener-concurrency" -> config.listenerConcurrency = Integer.parseInt(value);
                case "search" -> config.search = Boolean.parseBoolean(value);
                case "articles" -> config.articles = Integer.parseInt(value);
                case "search-queries" -> config.searchQueries = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown setting '" + key + "'; see bench/README.md");
            }
        });
        return config;
    }

    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mode", mode);
        d.put("steps", steps);
        d.put("stepSeconds", stepSeconds);
        d.put("stepMinRequests", stepMinRequests);
        d.put("warmup", warmupRate + "/s for " + warmupSeconds + " s");
        d.put("storeSeconds", storeSeconds);
        d.put("storeThreads", storeThreads);
        d.put("kafkaRecords", kafkaRecords);
        d.put("e2eRecords", e2eRecords);
        d.put("storeDurability", storeDurability);
        d.put("jvmProfile", jvmProfile);
        d.put("listenerConcurrency", listenerConcurrency);
        d.put("pipelineRate", pipelineRate);
        d.put("pipelineSeconds", pipelineSeconds);
        d.put("clocks", clocks);
        d.put("slaTargetSeconds", slaTargetSeconds);
        d.put("slaRate", slaRate);
        d.put("slaCreateSeconds", slaCreateSeconds);
        d.put("articles", articles);
        d.put("searchQueries", searchQueries);
        return d;
    }
}
