package org.spoc.ticket.domain;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One field of a catalog item's request form. */
public record FormField(String name, String label, FieldType type, boolean required, List<String> options,
        @Nullable Integer maxLength) {

    public enum FieldType {
        TEXT, NUMBER, BOOLEAN, CHOICE, DATE
    }

    public FormField {
        options = options == null ? List.of() : List.copyOf(options);
    }

    public static FormField text(String name, String label, boolean required) {
        return new FormField(name, label, FieldType.TEXT, required, List.of(), 1000);
    }

    public static FormField choice(String name, String label, boolean required, String... options) {
        return new FormField(name, label, FieldType.CHOICE, required, List.of(options), null);
    }

    public static FormField of(String name, String label, FieldType type, boolean required) {
        return new FormField(name, label, type, required, List.of(), null);
    }
}
