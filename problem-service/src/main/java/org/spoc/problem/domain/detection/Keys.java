package org.spoc.problem.domain.detection;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** Normalised category and service/CI keys: trimmed, lower-case, single spaces; null when blank. */
public final class Keys {

    private Keys() {
    }

    public static @Nullable String normalise(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return v.isEmpty() ? null : v;
    }
}
