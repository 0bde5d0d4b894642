package org.spoc.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks event payloads against the JSON Schemas of the contract ({@code schemas/<ce_type>.json} on
 * the classpath, draft 2020-12, with {@code format} asserted, so instants must be RFC 3339).
 * Services and the testkit use it to prove that what they produce is what consumers expect:
 *
 * <pre>{@code
 * assertThat(EventSchemas.validate(event)).isEmpty();
 * assertThat(EventSchemas.validate(EventType.TICKET_OPENED, json)).isEmpty();
 * }</pre>
 *
 * The schemas do not forbid unknown members (consumers ignore them), but they are strict about
 * types, enum values and required members.
 */
public final class EventSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .build();

    private static final Map<EventType, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /**
     * The violations of {@code json} against the schema of {@code type}, one readable message each
     * (for example {@code "$.ticket.priority: does not have a value in the enumeration [P1, ...]"});
     * empty when the payload is valid.
     */
    public static List<String> validate(EventType type, String json) {
        JsonSchema schema = schema(type);
        try {
            return schema.validate(json, InputFormat.JSON).stream()
                    .map(ValidationMessage::getMessage)
                    .sorted()
                    .toList();
        }
        catch (RuntimeException ex) {
            return List.of(type.type() + ": payload is not JSON: " + ex.getMessage());
        }
    }

    /**
     * The violations of a whole event: its {@code ce_type} must be a known type, its source and topic
     * those of the type (or the type's dead-letter topic), its data valid against the type's schema.
     */
    public static List<String> validate(CloudEvent event) {
        EventType type = EventType.of(event.type()).orElse(null);
        if (type == null) {
            return List.of("unknown ce_type " + event.type());
        }
        List<String> violations = new ArrayList<>();
        if (!type.source().equals(event.source())) {
            violations.add("ce_source of " + type.type() + " must be " + type.source() + " but was " + event.source());
        }
        if (!type.topic().equals(event.topic()) && !Topics.deadLetter(type.topic()).equals(event.topic())) {
            violations.add(type.type() + " belongs on " + type.topic() + " but was on " + event.topic());
        }
        if (type == EventType.ESCALATION_RAISED) {
            for (String header : List.of(CloudEvent.H_TEAM, CloudEvent.H_TIER)) {
                if (event.header(header) == null) {
                    violations.add(type.type() + " lacks the " + header + " header");
                }
            }
        }
        violations.addAll(validate(type, event.data()));
        return List.copyOf(violations);
    }

    /**
     * Throws unless {@code json} is a valid payload of {@code type}.
     * @throws InvalidEventException listing the violations
     */
    public static void requireValid(EventType type, String json) {
        List<String> violations = validate(type, json);
        if (!violations.isEmpty()) {
            throw new InvalidEventException("invalid " + type.type() + " payload: " + String.join("; ", violations));
        }
    }

    /** The JSON Schema text of {@code type}, as published (for documentation and webhook consumers). */
    public static String schemaText(EventType type) {
        try (InputStream in = open(type)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static JsonSchema schema(EventType type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            try (InputStream in = open(t)) {
                return FACTORY.getSchema(in, InputFormat.JSON, CONFIG);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    private static InputStream open(EventType type) {
        InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(type.schemaPath());
        if (in == null) {
            throw new IllegalStateException("no JSON Schema on the classpath at " + type.schemaPath());
        }
        return in;
    }
}
