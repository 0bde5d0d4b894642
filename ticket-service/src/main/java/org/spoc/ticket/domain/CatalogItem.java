package org.spoc.ticket.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.springframework.data.annotation.Id;

/**
 * A requestable item of the service catalog: who fulfils it, its default impact and urgency, and the
 * form a requester fills in. A service request naming the item is validated against its form.
 */
public record CatalogItem(@Id String id, String name, String description, String fulfilmentGroup,
        Level defaultImpact, Level defaultUrgency, @Nullable String category, List<FormField> fields,
        boolean active) {

    public CatalogItem {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** Checks a request's form values; throws naming the first field at fault ({@code form.<name>}). */
    public void validate(Map<String, String> form) {
        for (String key : form.keySet()) {
            if (fields.stream().noneMatch(f -> f.name().equals(key))) {
                throw new InvalidTicketInput("form." + key, "is not a field of catalog item '" + id + "'; fields: "
                        + fields.stream().map(FormField::name).collect(Collectors.joining(", ")));
            }
        }
        for (FormField field : fields) {
            String value = form.get(field.name());
            String path = "form." + field.name();
            if (value == null || value.isBlank()) {
                if (field.required()) {
                    throw new InvalidTicketInput(path, "is required for catalog item '" + id + "'");
                }
                continue;
            }
            switch (field.type()) {
                case TEXT -> {
                    int max = field.maxLength() == null ? 1000 : field.maxLength();
                    if (value.length() > max) {
                        throw new InvalidTicketInput(path, "must be at most " + max + " characters");
                    }
                }
                case NUMBER -> {
                    try {
                        Double.parseDouble(value);
                    }
                    catch (NumberFormatException ex) {
                        throw new InvalidTicketInput(path, "must be a number");
                    }
                }
                case BOOLEAN -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new InvalidTicketInput(path, "must be true or false");
                    }
                }
                case CHOICE -> {
                    if (!field.options().contains(value)) {
                        throw new InvalidTicketInput(path, "must be one of " + field.options());
                    }
                }
                case DATE -> {
                    try {
                        LocalDate.parse(value);
                    }
                    catch (DateTimeParseException ex) {
                        throw new InvalidTicketInput(path, "must be an ISO-8601 date such as 2026-12-01");
                    }
                }
            }
        }
    }
}
