package org.spoc.events;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.escalation.SlaEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSchemaTests {

    private static final Path SCHEMA_DIR = Path.of("src/main/resources/schemas");

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleOfEveryTypeValidatesAgainstItsSchema(EventType type) {
        Object payload = EventSamples.payload(type);

        assertThat(payload).isInstanceOf(type.payload());
        assertThat(EventSchemas.validate(type, EventJson.write(payload))).isEmpty();
        assertThat(EventSchemas.validate(EventSamples.cloudEvent(type))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void rejectsPayloadMissingAnyNonNullableMember(EventType type) {
        for (RecordComponent component : type.payload().getRecordComponents()) {
            ObjectNode json = sample(type);
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                continue;
            }
            json.remove(component.getName());

            assertThat(EventSchemas.validate(type, json.toString()))
                    .as("%s without %s", type.type(), component.getName())
                    .anySatisfy(message -> assertThat(message).contains("required").contains(component.getName()));
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void acceptsPayloadWithoutNullableMembers(EventType type) {
        ObjectNode json = sample(type);
        for (RecordComponent component : type.payload().getRecordComponents()) {
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)
                    && !SchemaGenerator.ALSO_REQUIRED.getOrDefault(type, List.of()).contains(component.getName())) {
                json.remove(component.getName());
            }
        }

        assertThat(EventSchemas.validate(type, json.toString())).isEmpty();
    }

    @Test
    void rejectsMissingMembersOfNestedRecords() {
        ObjectNode json = sample(EventType.TICKET_OPENED);
        ((ObjectNode) json.get("ticket")).remove("version");

        assertThat(EventSchemas.validate(EventType.TICKET_OPENED, json.toString()))
                .singleElement().asString().contains("$.ticket").contains("version");
    }

    @Test
    void requiresTheCommentOnCommentedAndTheEntryOnWorkLogged() {
        ObjectNode commented = sample(EventType.TICKET_COMMENTED);
        commented.remove("comment");
        ObjectNode workLogged = sample(EventType.TICKET_WORK_LOGGED);
        workLogged.remove("workLog");

        assertThat(EventSchemas.validate(EventType.TICKET_COMMENTED, commented.toString()))
                .anySatisfy(message -> assertThat(message).contains("comment"));
        assertThat(EventSchemas.validate(EventType.TICKET_WORK_LOGGED, workLogged.toString()))
                .anySatisfy(message -> assertThat(message).contains("workLog"));
        assertThat(EventSchemas.validate(EventType.TICKET_CHANGED, commented.toString())).isEmpty();
    }

    @Test
    void rejectsValuesOutsideTheEnums() {
        ObjectNode ticket = sample(EventType.TICKET_OPENED);
        ((ObjectNode) ticket.get("ticket")).put("priority", "P9");
        ObjectNode escalation = sample(EventType.ESCALATION_RAISED);
        escalation.put("kind", "SIDEWAYS");
        ObjectNode sla = sample(EventType.SLA_BREACHED);
        sla.put("state", "STOPPED");
        ObjectNode comment = sample(EventType.TICKET_COMMENTED);
        ((ObjectNode) comment.get("comment")).put("visibility", "public");

        assertThat(EventSchemas.validate(EventType.TICKET_OPENED, ticket.toString()))
                .singleElement().asString().contains("$.ticket.priority");
        assertThat(EventSchemas.validate(EventType.ESCALATION_RAISED, escalation.toString()))
                .singleElement().asString().contains("$.kind");
        assertThat(EventSchemas.validate(EventType.SLA_BREACHED, sla.toString()))
                .singleElement().asString().contains("$.state");
        assertThat(EventSchemas.validate(EventType.TICKET_COMMENTED, comment.toString()))
                .singleElement().asString().contains("$.comment.visibility");
    }

    @Test
    void rejectsWrongTypesMalformedInstantsAndDurations() {
        ObjectNode version = sample(EventType.TICKET_CHANGED);
        ((ObjectNode) version.get("ticket")).put("version", "2");
        ObjectNode instant = sample(EventType.TICKET_CHANGED);
        ((ObjectNode) instant.get("ticket")).put("updatedAt", "20 Nov 2026 09:17");
        ObjectNode epoch = sample(EventType.SLA_STARTED);
        epoch.put("startedAt", 1_763_629_960L);
        ObjectNode duration = sample(EventType.SLA_STARTED);
        duration.put("target", "8 hours");
        ObjectNode nullMember = sample(EventType.ESCALATION_RAISED);
        nullMember.putNull("manager");

        assertThat(EventSchemas.validate(EventType.TICKET_CHANGED, version.toString()))
                .singleElement().asString().contains("$.ticket.version");
        assertThat(EventSchemas.validate(EventType.TICKET_CHANGED, instant.toString()))
                .singleElement().asString().contains("$.ticket.updatedAt");
        assertThat(EventSchemas.validate(EventType.SLA_STARTED, epoch.toString()))
                .singleElement().asString().contains("$.startedAt");
        assertThat(EventSchemas.validate(EventType.SLA_STARTED, duration.toString()))
                .singleElement().asString().contains("$.target");
        assertThat(EventSchemas.validate(EventType.ESCALATION_RAISED, nullMember.toString()))
                .singleElement().asString().contains("$.manager");
    }

    @Test
    void acceptsEveryDurationThatJavaWrites() {
        List<Duration> durations = List.of(Duration.ZERO, Duration.ofHours(8), Duration.ofMinutes(95),
                Duration.ofMinutes(-25), Duration.ofMillis(-500), Duration.ofSeconds(-90), Duration.ofDays(400),
                Duration.ofNanos(1), Duration.ofSeconds(3661, 250_000_000));
        for (Duration remaining : durations) {
            SlaEvent event = new SlaEvent("t", "INC0000001", SlaClockKind.RESOLUTION, "p", "24x7", null, null, "P3",
                    SlaClockState.RUNNING, EventSamples.AT, null, Duration.ofHours(8), Duration.ZERO, remaining, false,
                    EventSamples.AT);

            assertThat(EventSchemas.validate(EventType.SLA_WARNING, EventJson.write(event)))
                    .as("remaining %s", remaining).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "P", "PT", "PT1.5H", "1H", "PT8h", "P1W", "PT-" })
    void rejectsStringsThatAreNotDurations(String duration) {
        ObjectNode sla = sample(EventType.SLA_WARNING);
        sla.put("elapsed", duration);

        assertThat(EventSchemas.validate(EventType.SLA_WARNING, sla.toString())).hasSize(1);
    }

    @Test
    void toleratesUnknownMembersSoProducersCanAddFields() {
        ObjectNode json = sample(EventType.ESCALATION_RAISED);
        json.put("slaPolicyId", "p2-incident");
        ((ObjectNode) json.get("sla")).put("pausedFor", "PT5M");

        assertThat(EventSchemas.validate(EventType.ESCALATION_RAISED, json.toString())).isEmpty();
    }

    @Test
    void reportsTextThatIsNotJsonAndRejectsItOnRequire() {
        assertThat(EventSchemas.validate(EventType.TICKET_OPENED, "{\"ticket\": ")).singleElement()
                .asString().contains("not JSON");
        assertThatThrownBy(() -> EventSchemas.requireValid(EventType.TICKET_OPENED, "{}"))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("ticket");
    }

    @Test
    void checksTheAttributesOfAWholeEvent() {
        CloudEvent raised = EventSamples.cloudEvent(EventType.ESCALATION_RAISED);
        CloudEvent wrongSource = new CloudEvent(raised.id(), raised.type(), EventType.Sources.TICKET, raised.subject(),
                raised.time(), raised.topic(), raised.key(), raised.data(), raised.headers());
        CloudEvent noTeam = new CloudEvent(raised.id(), raised.type(), raised.source(), raised.subject(),
                raised.time(), Topics.TICKET, raised.key(), raised.data(), java.util.Map.of());
        CloudEvent unknown = new CloudEvent(raised.id(), "spoc.ticket.exploded.v1", raised.source(), raised.subject(),
                raised.time(), raised.topic(), raised.key(), raised.data(), raised.headers());
        CloudEvent deadLettered = new CloudEvent(raised.id(), raised.type(), raised.source(), raised.subject(),
                raised.time(), Topics.deadLetter(raised.topic()), raised.key(), raised.data(), raised.headers());

        assertThat(EventSchemas.validate(wrongSource)).singleElement().asString().contains("ce_source");
        assertThat(EventSchemas.validate(noTeam)).hasSize(3)
                .anySatisfy(m -> assertThat(m).contains(Topics.ESCALATION))
                .anySatisfy(m -> assertThat(m).contains("spoc_team"))
                .anySatisfy(m -> assertThat(m).contains("spoc_tier"));
        assertThat(EventSchemas.validate(unknown)).singleElement().asString().contains("unknown ce_type");
        assertThat(EventSchemas.validate(deadLettered)).isEmpty();
    }

    @Test
    void everyTypeHasASchemaFileAndEveryFileBelongsToAType() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(SCHEMA_DIR)) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        Set<String> expected = Arrays.stream(EventType.values()).map(t -> t.type() + ".json")
                .collect(Collectors.toSet());

        assertThat(files).containsExactlyInAnyOrderElementsOf(expected).hasSize(27);
        for (EventType type : EventType.values()) {
            assertThat(EventSchemas.class.getClassLoader().getResource(type.schemaPath())).as(type.schemaPath())
                    .isNotNull();
            assertThat(EventJson.tree(EventSchemas.schemaText(type)).get("title").asString()).isEqualTo(type.type());
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaFileMatchesThePayloadRecord(EventType type) throws IOException {
        JsonNode committed = EventJson.tree(Files.readString(SCHEMA_DIR.resolve(type.type() + ".json")));

        assertThat(committed)
                .as("%s is stale after a change to %s: run "
                        + "./mvnw -pl platform/events test -Dtest=RegenerateContractFiles", type.schemaPath(),
                        type.payload().getSimpleName())
                .isEqualTo(SchemaGenerator.schema(type));
        assertThat(committed.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(committed.has("additionalProperties")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaDeclaresEveryMemberThatEventJsonWrites(EventType type) {
        JsonNode schema = EventJson.tree(EventSchemas.schemaText(type));
        List<String> undeclared = new java.util.ArrayList<>();

        undeclared(schema, schema, EventJson.tree(EventSamples.json(type)), "$", undeclared);

        assertThat(undeclared).as("members written but not in the schema").isEmpty();
    }

    @Test
    void schemaRequiresExactlyTheNonNullableComponents() {
        JsonNode schema = EventJson.tree(EventSchemas.schemaText(EventType.SLA_PAUSED));
        List<String> required = ((ArrayNode) schema.get("required")).valueStream().map(JsonNode::asString).toList();

        assertThat(required).containsExactly("ticketId", "ticketNumber", "clock", "policyId", "calendarId",
                "priority", "state", "startedAt", "target", "elapsed", "remaining", "late", "at");
        assertThat(schema.at("/properties/dueAt/format").asString()).isEqualTo("date-time");
        assertThat(schema.at("/$defs/SlaClockState/enum").toString())
                .isEqualTo("[\"RUNNING\",\"PAUSED\",\"MET\",\"BREACHED\",\"CANCELLED\"]");
    }

    @Test
    void asyncApiDocumentNamesEveryTypeTopicAndDeadLetterTopic() throws IOException {
        Path asyncApi = Path.of("").toAbsolutePath().resolve("../../docs/asyncapi.yaml").normalize();
        String text = Files.readString(asyncApi);

        for (EventType type : EventType.values()) {
            assertThat(text).as(type.type()).contains("name: " + type.type() + "\n")
                    .contains("/schemas/" + type.type() + ".json");
        }
        for (String topic : Topics.ALL) {
            assertThat(text).contains("address: " + topic + "\n").contains("address: " + Topics.deadLetter(topic) + "\n");
        }
    }

    private static void undeclared(JsonNode root, JsonNode schema, JsonNode value, String path, List<String> out) {
        JsonNode resolved = schema.has("$ref") ? root.at(schema.get("$ref").asString().substring(1)) : schema;
        if (value.isObject()) {
            for (String name : value.propertyNames()) {
                JsonNode property = resolved.path("properties").path(name);
                if (property.isMissingNode()) {
                    out.add(path + "." + name);
                }
                else {
                    undeclared(root, property, value.get(name), path + "." + name, out);
                }
            }
        }
        else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                undeclared(root, resolved.path("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static ObjectNode sample(EventType type) {
        return (ObjectNode) EventJson.tree(EventSamples.json(type));
    }
}
