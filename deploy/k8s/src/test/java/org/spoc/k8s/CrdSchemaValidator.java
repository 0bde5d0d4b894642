package org.spoc.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a custom resource against the OpenAPI v3 schema of its CRD (schemas/), the way the API server's
 * structural schema does — types, required, enum, bounds, patterns, int-or-string — except that an unknown
 * field is an error instead of being pruned, unless the schema preserves unknown fields.
 */
final class CrdSchemaValidator {

    static final Map<String, String> SCHEMAS = Map.of(
            "kafka.strimzi.io/v1beta2/Kafka", "kafka.strimzi.io_v1beta2_kafka.yaml",
            "kafka.strimzi.io/v1beta2/KafkaNodePool", "kafka.strimzi.io_v1beta2_kafkanodepool.yaml",
            "kafka.strimzi.io/v1beta2/KafkaTopic", "kafka.strimzi.io_v1beta2_kafkatopic.yaml",
            "keda.sh/v1alpha1/ScaledObject", "keda.sh_v1alpha1_scaledobject.yaml",
            "monitoring.coreos.com/v1/PodMonitor", "monitoring.coreos.com_v1_podmonitor.yaml");

    private static final Set<String> OBJECT_META = Set.of("name", "namespace", "labels", "annotations");

    private CrdSchemaValidator() {
    }

    static boolean knows(JsonNode doc) {
        return SCHEMAS.containsKey(key(doc));
    }

    static String key(JsonNode doc) {
        return doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
    }

    /** The violations of one document; empty when it conforms. */
    static List<String> validate(JsonNode doc) {
        String file = SCHEMAS.get(key(doc));
        if (file == null) {
            return List.of("no schema for " + key(doc));
        }
        JsonNode schema;
        try {
            schema = Manifests.YAML.readTree(Path.of("schemas", file).toFile());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<String> errors = new ArrayList<>();
        for (Iterator<String> it = doc.fieldNames(); it.hasNext();) {
            String field = it.next();
            switch (field) {
                case "apiVersion", "kind" -> { }
                case "metadata" -> doc.get(field).fieldNames().forEachRemaining(m -> {
                    if (!OBJECT_META.contains(m)) {
                        errors.add("metadata." + m + ": not allowed in a committed manifest");
                    }
                });
                default -> {
                    JsonNode property = schema.path("properties").get(field);
                    if (property == null) {
                        errors.add(field + ": unknown field");
                    }
                    else {
                        check(doc.get(field), property, field, errors);
                    }
                }
            }
        }
        schema.path("required").forEach(r -> {
            if (!doc.has(r.asText())) {
                errors.add(r.asText() + ": required");
            }
        });
        return errors;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!value.isInt() && !value.isTextual()) {
                errors.add(path + ": expected an integer or a string, got " + value.getNodeType());
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    errors.add(path + ": expected an object, got " + value.getNodeType());
                    return;
                }
                if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                    return;
                }
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.get("additionalProperties");
                value.fields().forEachRemaining(e -> {
                    JsonNode property = properties.get(e.getKey());
                    if (property != null) {
                        check(e.getValue(), property, path + "." + e.getKey(), errors);
                    }
                    else if (additional != null && additional.isObject()) {
                        check(e.getValue(), additional, path + "." + e.getKey(), errors);
                    }
                    else {
                        errors.add(path + "." + e.getKey() + ": unknown field");
                    }
                });
                schema.path("required").forEach(r -> {
                    if (!value.has(r.asText())) {
                        errors.add(path + "." + r.asText() + ": required");
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": expected an array, got " + value.getNodeType());
                    return;
                }
                if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                    errors.add(path + ": fewer than " + schema.get("minItems").asInt() + " items");
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.path("items"), path + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": expected a string, got " + value.getNodeType());
                    return;
                }
                if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                    errors.add(path + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": expected an integer, got " + value.getNodeType());
                    return;
                }
                if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
                    errors.add(path + ": " + value.asLong() + " below the minimum " + schema.get("minimum").asLong());
                }
                if (schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
                    errors.add(path + ": " + value.asLong() + " above the maximum " + schema.get("maximum").asLong());
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": expected a boolean, got " + value.getNodeType());
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(path + ": expected a number, got " + value.getNodeType());
                }
            }
            default -> errors.add(path + ": schema without a type");
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                errors.add(path + ": " + value + " not one of " + schema.get("enum"));
            }
        }
    }
}
