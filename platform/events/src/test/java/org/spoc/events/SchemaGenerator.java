package org.spoc.events;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derives the JSON Schema of each event type from its payload record, as EventJson writes it:
 * every non-{@code @Nullable} component is required, {@code @Nullable} ones are optional (EventJson
 * omits nulls), Java enums list their constants, instants are RFC 3339 date-times and durations
 * ISO-8601 strings. Unknown members stay allowed, so consumers tolerate new fields.
 *
 * <p>The records are the source of truth; the committed files under
 * {@code src/main/resources/schemas} must equal what this class derives (EventSchemaTests checks it).
 * After changing a payload record, regenerate them (and docs/asyncapi.yaml) with
 * {@code ./mvnw -q -B -pl platform/events test -Dtest=RegenerateContractFiles}.
 */
final class SchemaGenerator {

    static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
    static final String ID_BASE = "https://spoc.example.org/schemas/events/";

    /**
     * ISO-8601 duration as {@link Duration#toString()} writes it (and {@link Duration#parse} reads it):
     * {@code PT8H}, {@code PT1H35M}, {@code PT0S}, negative parts for overdue clocks as in
     * {@code PT-25M-0.5S}, and whole days as in {@code P2D} or {@code P1DT2H}.
     */
    static final String DURATION_PATTERN =
            "^[-+]?P(?=[-+]?\\d|T[-+]?\\d)(?:[-+]?\\d+D)?(?:T(?=[-+]?\\d)(?:[-+]?\\d+H)?(?:[-+]?\\d+M)?"
                    + "(?:[-+]?\\d+(?:[.,]\\d{1,9})?S)?)?$";

    /** What each event means, for the schema's description and the AsyncAPI document. */
    static final Map<EventType, String> DESCRIPTIONS = new EnumMap<>(Map.ofEntries(
            Map.entry(EventType.TICKET_OPENED, "A ticket (incident or service request) was opened; the snapshot is "
                    + "the new ticket at version 1, with its priority, routing and suggested articles."),
            Map.entry(EventType.TICKET_CHANGED, "Fields of a ticket other than assignment and status changed "
                    + "(for example category, impact, urgency and so priority); changes lists them."),
            Map.entry(EventType.TICKET_ASSIGNED, "A ticket was assigned to an assignment group and optionally an "
                    + "assignee (also on reassignment and on escalation to another tier)."),
            Map.entry(EventType.TICKET_STATUS_CHANGED, "A ticket moved between open statuses (for example ASSIGNED to "
                    + "IN_PROGRESS, or to PENDING on the requester, which pauses SLA clocks); cancellation too."),
            Map.entry(EventType.TICKET_COMMENTED, "A comment was added to a ticket. INTERNAL comments must never "
                    + "reach requesters. Carries the comment."),
            Map.entry(EventType.TICKET_WORK_LOGGED, "An agent logged time on a ticket. Carries the work-log entry "
                    + "and the ticket's running total."),
            Map.entry(EventType.TICKET_RESOLVED, "A ticket was resolved; reason holds the resolution note and the "
                    + "snapshot its resolution code and resolvedAt."),
            Map.entry(EventType.TICKET_CLOSED, "A resolved ticket was closed (by the requester or automatically)."),
            Map.entry(EventType.TICKET_REOPENED, "A resolved ticket was reopened, usually by its requester; reason "
                    + "says why."),
            Map.entry(EventType.SLA_STARTED, "An SLA clock (first response, resolution or a tier's target) "
                    + "started for a ticket."),
            Map.entry(EventType.SLA_PAUSED, "An SLA clock paused, for example while the ticket is PENDING on the "
                    + "requester; dueAt is absent while paused."),
            Map.entry(EventType.SLA_RESUMED, "A paused SLA clock resumed; dueAt is recalculated in business time."),
            Map.entry(EventType.SLA_WARNING, "An SLA clock reached its policy's warning threshold (warnAt)."),
            Map.entry(EventType.SLA_BREACHED, "An SLA clock passed its target; remaining is negative. late marks a "
                    + "breach detected after its due instant, for example after a restart spanning it."),
            Map.entry(EventType.SLA_MET, "An SLA clock stopped within its target."),
            Map.entry(EventType.ESCALATION_RAISED, "A ticket was escalated: FUNCTIONAL to the next tier's team or "
                    + "HIERARCHICAL to a manager, automatically or at an agent's request; everything a tier-2/3 team "
                    + "needs to act without a lookup. The Kafka record also carries spoc_team and spoc_tier headers."),
            Map.entry(EventType.PROBLEM_DETECTED, "problem-service grouped related incidents into a problem "
                    + "candidate (or a problem was recorded by hand); reason says what the incidents share."),
            Map.entry(EventType.PROBLEM_INCIDENT_LINKED, "An incident was linked to a problem, automatically (with "
                    + "its similarity) or by a problem manager; carries the workaround when the problem has one."),
            Map.entry(EventType.PROBLEM_KNOWN_ERROR, "A problem became a known error: its root cause and workaround "
                    + "are recorded."),
            Map.entry(EventType.PROBLEM_MAJOR_INCIDENT, "A burst of incidents well above the recent baseline for one "
                    + "service or CI, or a P1 affecting many requesters, was flagged as a major incident."),
            Map.entry(EventType.PROBLEM_RESOLVED, "A problem was resolved (its root cause removed)."),
            Map.entry(EventType.KNOWLEDGE_PUBLISHED, "A knowledge article (or a new version of it) was published."),
            Map.entry(EventType.KNOWLEDGE_RETIRED, "A knowledge article was retired and must no longer be suggested."),
            Map.entry(EventType.KNOWLEDGE_SUGGESTED, "knowledge-service found articles that may solve a new ticket, "
                    + "best first."),
            Map.entry(EventType.KNOWLEDGE_DRAFT_PROPOSED, "A draft article was proposed from resolved tickets that "
                    + "share a resolution."),
            Map.entry(EventType.NOTIFICATION_DELIVERED, "A notification (in-app, e-mail or webhook) about an event "
                    + "was delivered."),
            Map.entry(EventType.NOTIFICATION_FAILED, "A notification could not be delivered after its retries.")));

    /** Members that a type requires beyond its record's non-null components. */
    static final Map<EventType, List<String>> ALSO_REQUIRED = Map.of(
            EventType.TICKET_COMMENTED, List.of("comment"),
            EventType.TICKET_WORK_LOGGED, List.of("workLog"));

    private SchemaGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/schemas");
        Files.createDirectories(dir);
        for (EventType type : EventType.values()) {
            Path file = dir.resolve(type.type() + ".json");
            Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(schema(type))
                    + "\n");
            System.out.println("wrote " + file);
        }
    }

    static ObjectNode schema(EventType type) {
        ObjectNode root = EventJson.mapper().createObjectNode();
        root.put("$schema", DRAFT);
        root.put("$id", ID_BASE + type.type() + ".json");
        root.put("title", type.type());
        root.put("description", DESCRIPTIONS.get(type) + " Payload of ce_type " + type.type() + " on topic "
                + type.topic() + " (record " + type.payload().getName() + "). Consumers must ignore members "
                + "they do not know.");
        Map<String, ObjectNode> defs = new TreeMap<>();
        ObjectNode body = recordSchema(type.payload(), defs, ALSO_REQUIRED.getOrDefault(type, List.of()));
        root.setAll(body);
        if (!defs.isEmpty()) {
            ObjectNode defsNode = root.putObject("$defs");
            defs.forEach(defsNode::set);
        }
        return root;
    }

    private static ObjectNode recordSchema(Class<?> record, Map<String, ObjectNode> defs, List<String> alsoRequired) {
        if (!record.isRecord()) {
            throw new IllegalArgumentException(record + " is not a record");
        }
        ObjectNode schema = EventJson.mapper().createObjectNode();
        schema.put("type", "object");
        Set<String> required = new LinkedHashSet<>();
        ObjectNode properties = EventJson.mapper().createObjectNode();
        for (RecordComponent component : record.getRecordComponents()) {
            boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
            if (!nullable || alsoRequired.contains(component.getName())) {
                required.add(component.getName());
            }
            properties.set(component.getName(), typeSchema(component.getGenericType(), defs));
        }
        for (String name : alsoRequired) {
            if (!properties.has(name)) {
                throw new IllegalArgumentException(record + " has no component " + name);
            }
        }
        ArrayNode requiredNode = schema.putArray("required");
        required.forEach(requiredNode::add);
        schema.set("properties", properties);
        return schema;
    }

    private static JsonNode typeSchema(Type type, Map<String, ObjectNode> defs) {
        ObjectNode schema = EventJson.mapper().createObjectNode();
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            schema.put("type", "array");
            schema.set("items", typeSchema(parameterized.getActualTypeArguments()[0], defs));
            return schema;
        }
        if (!(type instanceof Class<?> cls)) {
            throw new IllegalArgumentException("no JSON Schema mapping for " + type);
        }
        if (cls == String.class) {
            schema.put("type", "string");
        }
        else if (cls == int.class || cls == Integer.class || cls == long.class || cls == Long.class) {
            schema.put("type", "integer");
        }
        else if (cls == double.class || cls == Double.class) {
            schema.put("type", "number");
        }
        else if (cls == boolean.class || cls == Boolean.class) {
            schema.put("type", "boolean");
        }
        else if (cls == Instant.class) {
            schema.put("type", "string");
            schema.put("format", "date-time");
        }
        else if (cls == Duration.class) {
            if (!defs.containsKey("Duration")) {
                ObjectNode duration = EventJson.mapper().createObjectNode();
                duration.put("description", "ISO-8601 duration as java.time.Duration writes it, e.g. PT8H, PT1H35M, "
                        + "PT0S; negative parts (PT-25M-0.5S) when a clock is overdue.");
                duration.put("type", "string");
                duration.put("pattern", DURATION_PATTERN);
                defs.put("Duration", duration);
            }
            schema.put("$ref", "#/$defs/Duration");
        }
        else if (cls.isEnum()) {
            if (!defs.containsKey(cls.getSimpleName())) {
                ObjectNode enumSchema = EventJson.mapper().createObjectNode();
                enumSchema.put("type", "string");
                ArrayNode values = enumSchema.putArray("enum");
                for (Object constant : cls.getEnumConstants()) {
                    values.add(((Enum<?>) constant).name());
                }
                defs.put(cls.getSimpleName(), enumSchema);
            }
            schema.put("$ref", "#/$defs/" + cls.getSimpleName());
        }
        else if (cls.isRecord()) {
            if (!defs.containsKey(cls.getSimpleName())) {
                defs.put(cls.getSimpleName(), EventJson.mapper().createObjectNode());
                defs.put(cls.getSimpleName(), recordSchema(cls, defs, List.of()));
            }
            schema.put("$ref", "#/$defs/" + cls.getSimpleName());
        }
        else {
            throw new IllegalArgumentException("no JSON Schema mapping for " + cls);
        }
        return schema;
    }

    /** The names of the required top-level members of {@code type}'s schema, for tests. */
    static List<String> requiredMembers(EventType type) {
        List<String> names = new ArrayList<>();
        schema(type).get("required").forEach(n -> names.add(n.asString()));
        return names;
    }
}
