package org.spoc.knowledge.web;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.spoc.kit.web.ApiException;
import org.spoc.kit.web.SafeInput;

/** Checks of request values, each failure a 400 naming the field. */
final class Inputs {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    private Inputs() {
    }

    static String required(String field, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, "is required");
        }
        return text(field, value, max);
    }

    static @Nullable String optional(String field, @Nullable String value, int max) {
        return value == null || value.isBlank() ? null : text(field, value, max);
    }

    static String text(String field, String value, int max) {
        if (value.length() > max) {
            throw ApiException.badRequest(field, "must be at most " + max + " characters");
        }
        SafeInput.text(field, value);
        return value.strip();
    }

    static List<String> keywords(@Nullable List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > 30) {
            throw ApiException.badRequest("keywords", "at most 30 keywords");
        }
        return values.stream().map(k -> required("keywords", k, 60)).distinct().toList();
    }

    static String id(String field, @Nullable String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ApiException.badRequest(field, "must be an article id (letters, digits, '-' or '_', at most 100)");
        }
        return value;
    }

    static int page(int page, int size, int maxSize) {
        if (page < 0) {
            throw ApiException.badRequest("page", "must not be negative");
        }
        if (size < 1 || size > maxSize) {
            throw ApiException.badRequest("size", "must be between 1 and " + maxSize);
        }
        if ((long) (page + 1) * size > 10_000) {
            throw ApiException.badRequest("page", "pages reach at most the 10,000th hit; refine the search");
        }
        return page;
    }
}
