package org.spoc.problem.domain.detection;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How two incidents relate: their text similarity, the score after service and location terms, and
 * the shared terms that explain it.
 */
public record Relation(double text, double score, boolean sameService, @Nullable Double location,
        List<String> sharedTerms) {

    public static final Relation NONE = new Relation(0, 0, false, null, List.of());

    public Relation {
        sharedTerms = List.copyOf(sharedTerms);
    }

    public boolean related(DetectionSettings settings) {
        return score >= settings.similarityThreshold();
    }

    /**
     * Whether two incidents are in the same scope: the same service/CI, or the same category (two
     * incidents naming different services never are; neither naming a category or service is the
     * "uncategorised" scope).
     */
    public static boolean sameScope(TrackedIncident a, TrackedIncident b) {
        if (a.serviceKey() != null && b.serviceKey() != null) {
            return a.serviceKey().equals(b.serviceKey());
        }
        if (a.categoryKey() != null || b.categoryKey() != null) {
            return Objects.equals(a.categoryKey(), b.categoryKey());
        }
        return a.serviceKey() == null && b.serviceKey() == null;
    }

    /**
     * The relation of two incidents: none outside one scope; else text cosine, plus
     * {@code serviceBonus} for the same service, plus {@code locationWeight * (closeness - 0.5)} when
     * both locations are known: the same floor helps, another site hurts.
     */
    public static Relation between(TrackedIncident a, TermVector va, TrackedIncident b, TermVector vb,
            DetectionSettings settings) {
        if (!sameScope(a, b)) {
            return NONE;
        }
        double text = va.cosine(vb);
        boolean sameService = a.serviceKey() != null && a.serviceKey().equals(b.serviceKey());
        double score = text + (sameService ? settings.serviceBonus() : 0);
        Double location = Locations.similarity(a.location(), b.location());
        if (location != null) {
            score += settings.locationWeight() * (location - 0.5);
        }
        return new Relation(text, score, sameService, location, List.of());
    }

    public Relation explained(TermVector va, TermVector vb) {
        return new Relation(text, score, sameService, location, va.sharedTerms(vb, 5));
    }
}
