package org.spoc.notification.domain;

import java.util.Arrays;
import java.util.regex.Pattern;

import org.spoc.events.EventType;

/**
 * A webhook's event type filter: an exact {@code ce_type} ({@code spoc.escalation.raised.v1}), a
 * prefix ending in {@code .*} ({@code spoc.ticket.*}, {@code spoc.sla.*}) or {@code *} for all.
 * Patterns that match no event type of the contract are rejected, so typos surface at registration.
 */
public record EventTypePattern(String pattern) {

    private static final Pattern SHAPE = Pattern.compile("\\*|[a-z0-9-]+(\\.[a-z0-9-]+)*(\\.\\*)?");

    public EventTypePattern {
        if (!SHAPE.matcher(pattern).matches()) {
            throw new IllegalArgumentException("'" + pattern
                    + "' is not an event type pattern: use an exact type, a prefix ending in '.*', or '*'");
        }
        String p = pattern;
        if (Arrays.stream(EventType.values()).noneMatch(t -> matches(p, t.type()))) {
            throw new IllegalArgumentException("'" + pattern + "' matches no event type of the contract");
        }
    }

    public boolean matches(String type) {
        return matches(pattern, type);
    }

    private static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }
}
