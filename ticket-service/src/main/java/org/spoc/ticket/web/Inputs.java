package org.spoc.ticket.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.kit.web.ApiException;
import org.spoc.kit.web.SafeInput;

/** Checks on request values: required, length caps, no Mongo operators or dotted keys. */
final class Inputs {

    private Inputs() {
    }

    static String required(String field, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, "is required");
        }
        return text(field, value, max);
    }

    static String text(String field, String value, int max) {
        if (value.length() > max) {
            throw ApiException.badRequest(field, "must be at most " + max + " characters (was " + value.length() + ")");
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.badRequest(field, "must not contain NUL characters");
        }
        return SafeInput.text(field, value);
    }

    static @Nullable String optional(String field, @Nullable String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            return null;
        }
        return text(field, value.strip(), max);
    }

    /** A name such as a group, category or user: short, plain, no operators. */
    static @Nullable String name(String field, @Nullable String value) {
        String v = optional(field, value, 100);
        if (v != null && (v.startsWith("$") || v.contains("\n"))) {
            throw ApiException.badRequest(field, "must be a plain name");
        }
        return v;
    }

    static Map<String, String> form(@Nullable Map<String, String> form) {
        if (form == null) {
            return Map.of();
        }
        if (form.size() > 50) {
            throw ApiException.badRequest("form", "must have at most 50 fields");
        }
        SafeInput.map("form", form);
        form.forEach((k, v) -> {
            if (v == null) {
                throw ApiException.badRequest("form." + k, "must not be null");
            }
            text("form." + k, v, 5000);
        });
        return form;
    }
}
