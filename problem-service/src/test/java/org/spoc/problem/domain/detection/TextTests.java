package org.spoc.problem.domain.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TextTests {

    @Test
    void tokenizesWithStopWordsRemovedStemsAndTitleWeight() {
        Map<String, Integer> terms = Tokenizer.terms("Printers not printing", "Hello, the printer is jammed. Thanks! 2026");

        assertThat(terms).containsEntry("print", 5) // title printers+printing (2 each) + printer
                .containsKey("jam").doesNotContainKeys("hello", "the", "thanks", "2026", "is");
    }

    @Test
    void producesOnlyAlphanumericTermsSoTheyAreSafeAsDocumentKeys() {
        Map<String, Integer> terms = Tokenizer.terms("$where: {\"a.b\": 1}", "$gt printer.floor3 über");

        assertThat(terms.keySet()).allMatch(t -> t.matches("[a-z0-9]+"));
    }

    @Test
    void weighsRareSharedTermsAboveCommonOnes() {
        TermStatistics stats = new TermStatistics();
        for (int i = 0; i < 100; i++) {
            stats.add(Map.of("laptop", 1, "slow", 1));
        }
        stats.add(Map.of("prn3f01", 1));

        assertThat(stats.idf("prn3f01")).isGreaterThan(stats.idf("laptop") * 3);
    }

    @Test
    void scoresSimilarTextsHigherThanUnrelatedOnes() {
        TermStatistics stats = new TermStatistics();
        Map<String, Integer> a = Tokenizer.terms("vpn not connecting from home", "");
        Map<String, Integer> b = Tokenizer.terms("cannot connect to vpn from home office", "");
        Map<String, Integer> c = Tokenizer.terms("excel crashes on macro", "");
        stats.add(a);
        stats.add(b);
        stats.add(c);

        double related = TermVector.of(a, stats).cosine(TermVector.of(b, stats));
        double unrelated = TermVector.of(a, stats).cosine(TermVector.of(c, stats));

        assertThat(related).isGreaterThan(0.4);
        assertThat(unrelated).isZero();
    }

    @Test
    void measuresLocationClosenessAsSharedLeadingParts() {
        assertThat(Locations.similarity("Berlin HQ / Building B / Floor 3", "berlin hq/building b/floor 3")).isEqualTo(1.0);
        assertThat(Locations.similarity("Berlin HQ / Building B / Floor 3", "Berlin HQ / Building B / Floor 5"))
                .isEqualTo(2.0 / 3);
        assertThat(Locations.similarity("Berlin HQ / Building B / Floor 3", "Remote")).isZero();
        assertThat(Locations.similarity(null, "Remote")).isNull();
    }

    @Test
    void computesPoissonTail() {
        assertThat(Detector.poissonTail(3, 0.0)).isZero();
        assertThat(Detector.poissonTail(0, 1.0)).isEqualTo(1.0);
        assertThat(Detector.poissonTail(3, 1.0)).isCloseTo(0.0803, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void rejectsSettingsOutOfRangeNamingTheField() {
        DetectionSettings d = DetectionSettings.defaults();
        assertThatThrownBy(() -> new DetectionSettings(d.window(), 1, d.minRequesters(), d.similarityThreshold(),
                d.baselineThreshold(), d.serviceBonus(), d.locationWeight(), d.linkHorizon(), d.baselineWindow(),
                d.surprise(), d.majorWindow(), d.majorMinIncidents(), d.majorRateFactor(), d.majorBaselineFloorPerDay(),
                d.majorP1Requesters(), d.majorCooldown()))
                .isInstanceOfSatisfying(DetectionSettings.InvalidSettingsException.class,
                        e -> assertThat(e.field()).isEqualTo("minIncidents"));
    }
}
