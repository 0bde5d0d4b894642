package org.spoc.problem.domain.detection;

import java.util.HashMap;
import java.util.Map;

/**
 * Document frequencies of terms over the incidents seen so far in one detection partition, learnt
 * online, so weights follow the desk's own vocabulary: boilerplate that every ticket carries weighs
 * little, a printer's name or an error code weighs a lot. Not thread-safe: one partition is
 * processed by one thread at a time.
 */
public final class TermStatistics {

    /**
     * Pseudo-documents that contain no term, so that a young desk (or a fresh deployment) does not
     * weigh down the words its first few incidents share: with three printer tickets seen, "printer"
     * must not look like boilerplate. Negligible once thousands of incidents have been seen.
     */
    static final int PRIOR_DOCUMENTS = 50;

    private long documents;
    private final Map<String, Integer> documentFrequency;

    public TermStatistics() {
        this(0, new HashMap<>());
    }

    public TermStatistics(long documents, Map<String, Integer> documentFrequency) {
        this.documents = documents;
        this.documentFrequency = new HashMap<>(documentFrequency);
    }

    public void add(Map<String, Integer> terms) {
        documents++;
        terms.keySet().forEach(term -> documentFrequency.merge(term, 1, Integer::sum));
    }

    /** BM25's inverse document frequency, always positive. */
    public double idf(String term) {
        int df = documentFrequency.getOrDefault(term, 0);
        return Math.log(1.0 + (documents + PRIOR_DOCUMENTS - df + 0.5) / (df + 0.5));
    }

    public long documents() {
        return documents;
    }

    public Map<String, Integer> documentFrequency() {
        return Map.copyOf(documentFrequency);
    }
}
