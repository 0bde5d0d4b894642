package org.spoc.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/asyncapi.yaml, read as YAML: the channels, messages and operations it promises. */
class AsyncApiTests {

    private static final Path DOCS = Path.of("").toAbsolutePath().resolve("../../docs").normalize();

    private static JsonNode doc;

    @BeforeAll
    static void readDocument() throws IOException {
        doc = AsyncApiWriter.YAML.readTree(Files.readString(DOCS.resolve("asyncapi.yaml")));
    }

    @Test
    void isAnAsyncApi3DocumentThatMatchesTheContractCode() {
        assertThat(doc.get("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc)
                .as("docs/asyncapi.yaml is stale: run ./mvnw -pl platform/events test -Dtest=RegenerateContractFiles")
                .isEqualTo(AsyncApiWriter.document());
    }

    @Test
    void hasAChannelForEveryTopicAndItsDeadLetterTopic() {
        Set<String> addresses = new HashSet<>();
        doc.get("channels").forEach(channel -> addresses.add(channel.get("address").asText()));

        List<String> expected = new ArrayList<>(Topics.ALL);
        Topics.ALL.forEach(topic -> expected.add(Topics.deadLetter(topic)));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void describesEveryTypeWithItsHeadersKeyAndSchema(EventType type) {
        JsonNode message = messageNamed(type.type());
        JsonNode headers = message.get("headers");

        assertThat(texts(headers.get("required"))).contains("ce_specversion", "ce_id", "ce_source", "ce_type",
                "ce_time", "ce_subject", "content-type");
        assertThat(headers.at("/properties/ce_type/const").asText()).isEqualTo(type.type());
        assertThat(headers.at("/properties/ce_source/const").asText()).isEqualTo(type.source());
        assertThat(headers.at("/properties/ce_specversion/const").asText()).isEqualTo("1.0");
        assertThat(headers.at("/properties/content-type/const").asText()).isEqualTo("application/json");
        assertThat(headers.at("/properties/ce_time/format").asText()).isEqualTo("date-time");
        assertThat(message.at("/bindings/kafka/key/type").asText()).isEqualTo("string");
        assertThat(message.at("/bindings/kafka/key/description").asText()).containsPattern("(ticket|problem|article|notification) id");

        String schemaRef = message.at("/payload/schema/$ref").asText();
        assertThat(schemaRef).endsWith("/schemas/" + type.type() + ".json");
        assertThat(DOCS.resolve(schemaRef).normalize()).exists();

        JsonNode example = message.at("/examples/0");
        assertThat(example.at("/headers/ce_type").asText()).isEqualTo(type.type());
        assertThat(EventSchemas.validate(type, example.get("payload").toString())).isEmpty();
    }

    @Test
    void escalationRaisedCarriesTheTeamAndTierHeaders() {
        JsonNode headers = messageNamed(EventType.ESCALATION_RAISED.type()).get("headers");

        assertThat(texts(headers.get("required"))).contains("spoc_team", "spoc_tier");
        assertThat(texts(messageNamed(EventType.TICKET_OPENED.type()).get("headers").get("required")))
                .doesNotContain("spoc_team");
    }

    @Test
    void producersSendTheirTopicAndConsumersReceiveWhatTheDesignSays() {
        assertThat(messages("ticket-service", "send", Topics.TICKET)).hasSize(9);
        assertThat(messages("escalation-service", "send", Topics.ESCALATION)).hasSize(7);
        assertThat(messages("problem-service", "send", Topics.PROBLEM)).hasSize(5);
        assertThat(messages("knowledge-service", "send", Topics.KNOWLEDGE)).hasSize(4);
        assertThat(messages("notification-service", "send", Topics.NOTIFICATION)).hasSize(2);

        assertThat(messages("ticket-service", "receive", Topics.ESCALATION)).containsExactly("escalationRaised");
        assertThat(messages("ticket-service", "receive", Topics.PROBLEM))
                .containsExactly("problemIncidentLinked", "problemResolved");
        assertThat(messages("ticket-service", "receive", Topics.KNOWLEDGE)).containsExactly("knowledgeSuggested");
        assertThat(messages("escalation-service", "receive", Topics.TICKET)).hasSize(9);
        assertThat(messages("problem-service", "receive", Topics.TICKET)).hasSize(9);
        assertThat(messages("knowledge-service", "receive", Topics.TICKET)).hasSize(9);
        assertThat(messages("knowledge-service", "receive", Topics.PROBLEM)).hasSize(5);
        assertThat(messages("knowledge-service", "receive", Topics.KNOWLEDGE)).hasSize(4);
        for (String topic : Topics.ALL) {
            assertThat(messages("notification-service", "receive", topic)).as(topic)
                    .hasSameSizeAs(AsyncApiWriter.typesOf(topic));
            assertThat(messages("notification-service", "send", Topics.deadLetter(topic))).as(topic)
                    .containsExactly("deadLetter");
        }
        assertThat(messages("escalation-service", "receive", Topics.PROBLEM)).isEmpty();
    }

    @Test
    void everyLocalReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);

        assertThat(refs).hasSizeGreaterThan(100);
        for (String ref : refs) {
            if (ref.startsWith("#")) {
                assertThat(doc.at(JsonPointer.compile(ref.substring(1))).isMissingNode()).as(ref).isFalse();
            }
            else {
                assertThat(DOCS.resolve(ref).normalize()).as(ref).exists();
            }
        }
    }

    private static JsonNode messageNamed(String name) {
        List<JsonNode> found = new ArrayList<>();
        doc.get("components").get("messages").forEach(m -> {
            if (name.equals(m.path("name").asText())) {
                found.add(m);
            }
        });
        assertThat(found).as("message named %s", name).hasSize(1);
        return found.getFirst();
    }

    /** The message ids of the operation of {@code service}; empty when there is none. */
    private static List<String> messages(String service, String action, String topic) {
        List<String> ids = new ArrayList<>();
        doc.get("operations").properties().forEach(entry -> {
            JsonNode op = entry.getValue();
            String channelRef = op.at("/channel/$ref").asText();
            JsonNode channel = doc.at(JsonPointer.compile(channelRef.substring(1)));
            boolean mine = entry.getKey().startsWith(service + ".") && op.get("action").asText().equals(action)
                    && channel.get("address").asText().equals(topic);
            if (mine) {
                op.get("messages").forEach(m -> {
                    String ref = m.get("$ref").asText();
                    ids.add(ref.substring(ref.lastIndexOf('/') + 1));
                });
            }
        });
        return ids;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                }
                else {
                    collectRefs(e.getValue(), refs);
                }
            });
        }
        else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
