package org.spoc.problem.eval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.spoc.problem.domain.detection.DetectionSettings;

/**
 * A grid search over the main detection settings on the TUNING part of the corpus (tuning phrasings,
 * tuning seeds). Never run on the held-out part: that is what {@link DetectionEvaluation} reports on.
 * <pre>
 * ./mvnw -q -pl problem-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.spoc.problem.eval.DetectionTuning
 * </pre>
 */
public final class DetectionTuning {

    private DetectionTuning() {
    }

    /** A grid axis: {@code -Dgrid.<name>=a,b,c} overrides the defaults. */
    private static double[] grid(String name, double... defaults) {
        String override = System.getProperty("grid." + name);
        if (override == null) {
            return defaults;
        }
        return java.util.Arrays.stream(override.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        TicketCorpus corpus = TicketCorpus.load(TicketCorpus.locate(), TicketCorpus.Part.TUNING);
        List<List<GeneratedIncident>> streams = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            streams.add(new IncidentStreamGenerator(corpus, 1000 + seed, 0).generate(IncidentStreamGenerator.Shape.standard()));
        }
        DetectionSettings d = DetectionSettings.defaults();
        List<String> results = new ArrayList<>();
        for (double threshold : grid("threshold", 0.28, 0.32, 0.36, 0.40)) {
            for (double baseline : grid("baseline", 0.15, 0.2, 0.25)) {
                for (double surprise : grid("surprise", 2e-3, 5e-4, 1e-4)) {
                    for (double windowMinutesD : grid("window", 60, 120)) {
                        int windowMinutes = (int) windowMinutesD;
                        DetectionSettings s = new DetectionSettings(Duration.ofMinutes(windowMinutes), d.minIncidents(),
                                d.minRequesters(), threshold, baseline, d.serviceBonus(), d.locationWeight(),
                                d.linkHorizon(), d.baselineWindow(), surprise, d.majorWindow(), d.majorMinIncidents(),
                                d.majorRateFactor(), d.majorBaselineFloorPerDay(), d.majorP1Requesters(),
                                d.majorCooldown());
                        List<DetectionEvaluation.Report> reports = new ArrayList<>();
                        for (int i = 0; i < streams.size(); i++) {
                            reports.add(DetectionEvaluation.run(streams.get(i), s, 1000 + i));
                        }
                        DetectionEvaluation.Report r = DetectionEvaluation.combine(reports);
                        double f = 2 * r.precision() * r.recall() / (r.precision() + r.recall());
                        results.add(String.format(Locale.ROOT,
                                "F=%.3f P=%.3f R=%.3f false/100=%.2f linkP=%.3f linkR=%.3f delayMed=%ds | threshold=%.2f baseline=%.2f surprise=%.0e window=%dm",
                                f, r.precision(), r.recall(), r.falsePer100(), r.linkedPrecision(), r.linkedRecall(),
                                DetectionEvaluation.median(r.eventDelaysSeconds()), threshold, baseline, surprise,
                                windowMinutes));
                    }
                }
            }
        }
        results.stream().sorted((a, b) -> b.compareTo(a)).limit(25).forEach(System.out::println);
    }
}
