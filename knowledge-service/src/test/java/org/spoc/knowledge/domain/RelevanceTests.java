package org.spoc.knowledge.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relevance set (src/test/resources/relevance/queries.tsv): questions phrased as requesters
 * type them, each with the seed article that answers it. The right article must be in the top 3
 * for at least 90 % of them, as a requester sees results.
 */
class RelevanceTests {

    private static SearchIndex index;

    @BeforeAll
    static void indexSeeds() {
        index = SeedFixtures.seededIndex();
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void findsTheRightArticleInTheTopThreeForNinetyPercentOfQuestions() throws IOException {
        List<String[]> cases = cases();
        List<String> misses = new ArrayList<>();
        int top1 = 0;
        for (String[] c : cases) {
            List<String> ids = index.search(SearchRequest.of(c[0], SearchFilter.requesterView(), 3)).hits().stream()
                    .map(SearchHit::id).toList();
            if (!ids.isEmpty() && ids.getFirst().equals(c[1])) {
                top1++;
            }
            if (!ids.contains(c[1])) {
                misses.add(c[0] + " -> " + ids + " (wanted " + c[1] + ")");
            }
        }
        double top3 = 1.0 - (double) misses.size() / cases.size();
        System.out.printf("relevance: %d queries, top-1 %.0f %%, top-3 %.0f %%%n", cases.size(),
                100.0 * top1 / cases.size(), 100 * top3);
        misses.forEach(miss -> System.out.println("  miss: " + miss));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        assertThat(top3).as("share of questions with the right article in the top 3; misses: %s", misses)
                .isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void scoresEveryRealQuestionAboveTheKnowledgeGapThreshold() throws IOException {
        double threshold = KnowledgeSettings.defaults().gapMinScore();
        List<String> weak = new ArrayList<>();
        double lowest = Double.MAX_VALUE;
        for (String[] c : cases()) {
            List<SearchHit> hits = index.search(SearchRequest.of(c[0], SearchFilter.requesterView(), 1)).hits();
            double top = hits.isEmpty() ? 0 : hits.getFirst().score();
            lowest = Math.min(lowest, top);
            if (top < threshold) {
                weak.add(c[0] + " (" + top + ")");
            }
        }
        System.out.printf("relevance: lowest best score %.2f, gap threshold %.2f%n", lowest, threshold);
        assertThat(weak).as("questions that would count as knowledge gaps").isEmpty();
        assertThat(index.search(SearchRequest.of("glockenspiel tuning schedule", SearchFilter.requesterView(), 1)).hits())
                .isEmpty();
    }

    @Test
    void everyExpectedArticleExistsAmongTheSeeds() throws IOException {
        List<String> ids = SeedFixtures.seeds().stream().map(SeedArticle::id).toList();
        assertThat(cases()).allSatisfy(c -> assertThat(ids).contains(c[1]));
    }

    static List<String[]> cases() throws IOException {
        try (InputStream in = Objects.requireNonNull(
                RelevanceTests.class.getClassLoader().getResourceAsStream("relevance/queries.tsv"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t"))
                    .toList();
        }
    }
}
