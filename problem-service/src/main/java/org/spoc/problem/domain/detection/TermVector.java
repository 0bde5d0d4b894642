package org.spoc.problem.domain.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A unit-length TF-IDF vector: sub-linear term frequency (1 + ln tf) times BM25 idf. */
public final class TermVector {

    private final Map<String, Double> weights;

    private TermVector(Map<String, Double> weights) {
        this.weights = weights;
    }

    public static TermVector of(Map<String, Integer> terms, TermStatistics statistics) {
        Map<String, Double> weights = new HashMap<>(terms.size() * 2);
        double norm = 0;
        for (Map.Entry<String, Integer> e : terms.entrySet()) {
            double w = (1.0 + Math.log(e.getValue())) * statistics.idf(e.getKey());
            weights.put(e.getKey(), w);
            norm += w * w;
        }
        double length = Math.sqrt(norm);
        if (length > 0) {
            weights.replaceAll((term, w) -> w / length);
        }
        return new TermVector(weights);
    }

    public double cosine(TermVector other) {
        Map<String, Double> small = weights.size() <= other.weights.size() ? weights : other.weights;
        Map<String, Double> large = small == weights ? other.weights : weights;
        double dot = 0;
        for (Map.Entry<String, Double> e : small.entrySet()) {
            Double w = large.get(e.getKey());
            if (w != null) {
                dot += e.getValue() * w;
            }
        }
        return dot;
    }

    /** The shared terms that contribute most to the similarity, best first: the "why" of a grouping. */
    public List<String> sharedTerms(TermVector other, int limit) {
        List<Map.Entry<String, Double>> shared = new ArrayList<>();
        weights.forEach((term, w) -> {
            Double o = other.weights.get(term);
            if (o != null) {
                shared.add(Map.entry(term, w * o));
            }
        });
        shared.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        return shared.stream().limit(limit).map(Map.Entry::getKey).toList();
    }

    public boolean isEmpty() {
        return weights.isEmpty();
    }
}
