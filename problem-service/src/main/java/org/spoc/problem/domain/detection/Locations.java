package org.spoc.problem.domain.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Closeness of two free-text locations read as a hierarchy, widest first ("Berlin HQ / Building B /
 * Floor 3"): the share of leading parts they have in common. Same floor 1.0, same building another
 * floor 0.67, another building 0.33, another site 0; unknown when either is missing.
 */
public final class Locations {

    private Locations() {
    }

    public static @Nullable Double similarity(@Nullable String a, @Nullable String b) {
        List<String> pa = parts(a);
        List<String> pb = parts(b);
        if (pa.isEmpty() || pb.isEmpty()) {
            return null;
        }
        int common = 0;
        while (common < pa.size() && common < pb.size() && pa.get(common).equals(pb.get(common))) {
            common++;
        }
        return (double) common / Math.max(pa.size(), pb.size());
    }

    static List<String> parts(@Nullable String location) {
        List<String> parts = new ArrayList<>();
        if (location == null) {
            return parts;
        }
        for (String part : location.toLowerCase(Locale.ROOT).split("[/,;>|\\\\]+")) {
            String p = part.replaceAll("[^a-z0-9]+", " ").trim();
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return parts;
    }
}
