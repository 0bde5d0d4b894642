package org.spoc.kit.web;

import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Guards against user input turning into MongoDB query operators or field paths: a plain text value
 * must not be an operator token such as {@code $ne} or {@code $where}, and a map key (a field name the
 * user chooses) must contain neither {@code $} nor {@code .}. Text that merely contains a dollar sign
 * ("refund of $5") is fine: values are only ever compared for equality or quoted into patterns.
 */
public final class SafeInput {

    private static final Pattern OPERATOR = Pattern.compile("^\\s*\\$[A-Za-z_]\\w*\\s*$");

    private SafeInput() {
    }

    /** Returns {@code value} when it is plain text, else throws a 400 naming {@code field}. */
    public static @Nullable String text(String field, @Nullable String value) {
        if (value != null && OPERATOR.matcher(value).matches()) {
            throw ApiException.badRequest(field, "must be plain text, not an operator like '" + value.strip() + "'");
        }
        return value;
    }

    /** Returns {@code key} when it is usable as a stored field name, else throws a 400 naming {@code field}. */
    public static String key(String field, String key) {
        if (key.isEmpty() || key.indexOf('$') >= 0 || key.indexOf('.') >= 0 || key.indexOf('\0') >= 0) {
            throw ApiException.badRequest(field, "key '" + key + "' must be non-empty and contain no '$' or '.'");
        }
        return key;
    }

    /** Checks every key of a user-supplied map, and every string value, recursively. */
    public static <M extends Map<String, ?>> M map(String field, M values) {
        values.forEach((k, v) -> {
            key(field, k);
            String path = field + "." + k;
            if (v instanceof String s) {
                text(path, s);
            }
            else if (v instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) nested;
                map(path, typed);
            }
        });
        return values;
    }
}
