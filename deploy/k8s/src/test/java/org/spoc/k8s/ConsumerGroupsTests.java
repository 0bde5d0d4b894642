package org.spoc.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topics and consumer group each Deployment declares (spoc.dev/consumes, spoc.dev/consumer-group), which
 * the partition ceiling and the KEDA triggers rely on, are the ones the service's code subscribes with
 * ({@code @KafkaListener(groupId = <service>, topics = Topics.X)}), so a new listener cannot slip past the ceiling.
 */
class ConsumerGroupsTests {

    static final Path REPO = Manifests.MODULE.getParent().getParent();
    static final Pattern LISTENER = Pattern.compile("@KafkaListener\\((.*?)\\)\\s*(?:public\\s+)?void", Pattern.DOTALL);
    static final Pattern TOPIC_CONSTANT = Pattern.compile("String (\\w+) = \"(spoc\\.[^\"]+)\"");

    @ParameterizedTest
    @ValueSource(strings = { "ticket-service", "escalation-service", "problem-service", "knowledge-service", "notification-service" })
    void deploymentDeclaresTheTopicsItsServiceSubscribesWithItsGroup(String service) throws IOException {
        Map<String, String> topics = new HashMap<>();
        Matcher constants = TOPIC_CONSTANT.matcher(Files.readString(REPO.resolve("platform/events/src/main/java/org/spoc/events/Topics.java")));
        while (constants.find()) topics.put(constants.group(1), constants.group(2));

        Set<String> subscribed = new TreeSet<>();
        try (Stream<Path> files = Files.walk(REPO.resolve(service).resolve("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher listener = LISTENER.matcher(source);
                while (listener.find()) {
                    String args = listener.group(1);
                    Matcher group = Pattern.compile("groupId\\s*=\\s*(\"[^\"]*\"|\\w+)").matcher(args);
                    String groupId = group.find() ? group.group(1) : "\"" + service + "\"";
                    boolean serviceGroup = groupId.equals("\"" + service + "\"")
                            || (groupId.equals("GROUP") && source.contains("GROUP = \"" + service + "\""));
                    if (!serviceGroup) continue;
                    Matcher topic = Pattern.compile("Topics\\.(\\w+)").matcher(args);
                    while (topic.find()) subscribed.add(topics.get(topic.group(1)));
                }
            }
        }
        assertThat(subscribed).as(service + " subscribes with group " + service).isNotEmpty();

        List<JsonNode> docs = Manifests.render("overlays/prod");
        JsonNode deployment = Manifests.ofKind(docs, "Deployment").stream()
                .filter(d -> d.path("metadata").path("name").asText().equals(service)).findFirst().orElseThrow();
        assertThat(deployment.path("metadata").path("annotations").path("spoc.dev/consumer-group").asText()).isEqualTo(service);
        assertThat(new TreeSet<>(PartitionBounds.consumes(docs, service))).isEqualTo(subscribed);
        Manifests.ofKind(docs, "ScaledObject").stream().filter(s -> s.path("metadata").path("name").asText().equals(service))
                .forEach(scaled -> {
                    Set<String> triggered = new TreeSet<>();
                    scaled.path("spec").path("triggers").forEach(t -> {
                        assertThat(t.path("metadata").path("consumerGroup").asText()).isEqualTo(service);
                        triggered.add(t.path("metadata").path("topic").asText());
                    });
                    assertThat(triggered).as("KEDA triggers of " + service).isEqualTo(subscribed);
                });
    }
}
