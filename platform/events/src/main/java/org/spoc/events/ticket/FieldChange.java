package org.spoc.events.ticket;

import org.jspecify.annotations.Nullable;

/** One field's old and new value, as text. */
public record FieldChange(String field, @Nullable String from, @Nullable String to) {
}
