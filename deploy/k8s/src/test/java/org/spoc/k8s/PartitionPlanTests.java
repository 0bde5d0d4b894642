package org.spoc.k8s;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The partition plan of docs/operations.md and the autoscalers' ceiling. */
class PartitionPlanTests {

    static List<String> targets() {
        return Manifests.targets();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void noAutoscalerRunsMoreConsumersThanTheTopicHasPartitions(String target) {
        assertThat(PartitionBounds.violations(Manifests.render(target))).isEmpty();
    }

    @Test
    void failsWhenAScaledObjectMayExceedThePartitions() {
        List<JsonNode> docs = copy(Manifests.render("overlays/prod"));
        JsonNode escalation = Manifests.ofKind(docs, "ScaledObject").stream()
                .filter(s -> s.path("metadata").path("name").asText().equals("escalation-service")).findFirst().orElseThrow();
        ((ObjectNode) escalation.path("spec")).put("maxReplicaCount", 13);
        assertThat(PartitionBounds.violations(docs)).containsExactly(
                "ScaledObject/escalation-service may run 13 consumers of spoc.ticket.events.v1, which has 12 partitions");
    }

    @Test
    void failsWhenAnHpaScaledConsumerMayExceedThePartitions() {
        List<JsonNode> docs = copy(Manifests.render("overlays/prod"));
        JsonNode ticket = Manifests.ofKind(docs, "HorizontalPodAutoscaler").stream()
                .filter(s -> s.path("metadata").path("name").asText().equals("ticket-service")).findFirst().orElseThrow();
        ((ObjectNode) ticket.path("spec")).put("maxReplicas", 7);
        assertThat(PartitionBounds.violations(docs)).hasSize(3)
                .allMatch(v -> v.startsWith("HorizontalPodAutoscaler/ticket-service may run 7 consumers"));
    }

    @Test
    void countsListenerThreadsPerReplica() {
        List<JsonNode> docs = copy(Manifests.render("overlays/prod"));
        Manifests.ofKind(docs, "ConfigMap").stream().filter(c -> c.path("metadata").path("name").asText().equals("problem-service"))
                .forEach(c -> ((ObjectNode) c.path("data")).put("SPOC_KAFKA_CONCURRENCY", "3"));
        assertThat(PartitionBounds.violations(docs)).containsExactly(
                "ScaledObject/problem-service may run 18 consumers of spoc.ticket.events.v1, which has 12 partitions");
    }

    @Test
    void prodTopicsFollowThePartitionPlanWithTheirDeadLetterTopics() {
        Map<String, Integer> partitions = PartitionBounds.partitions(Manifests.render("overlays/prod"));
        assertThat(partitions).containsOnly(
                entry("spoc.ticket.events.v1", 12), entry("spoc.ticket.events.v1.DLT", 12),
                entry("spoc.escalation.events.v1", 6), entry("spoc.escalation.events.v1.DLT", 6),
                entry("spoc.problem.events.v1", 6), entry("spoc.problem.events.v1.DLT", 6),
                entry("spoc.knowledge.events.v1", 6), entry("spoc.knowledge.events.v1.DLT", 6),
                entry("spoc.notification.events.v1", 6), entry("spoc.notification.events.v1.DLT", 6),
                entry("spoc.problem.internal.detection.v1", 1), entry("spoc.problem.internal.detection.v1.DLT", 1));
    }

    @Test
    void prodTopicsAreReplicatedThreeTimesAndAcknowledgedByTwo() {
        for (JsonNode topic : Manifests.ofKind(Manifests.render("overlays/prod"), "KafkaTopic")) {
            assertThat(topic.path("spec").path("replicas").asInt()).as(Manifests.id(topic)).isEqualTo(3);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt()).as(Manifests.id(topic)).isEqualTo(2);
            assertThat(topic.path("spec").path("config").path("retention.ms").asLong()).as(Manifests.id(topic)).isPositive();
        }
        JsonNode pool = Manifests.ofKind(Manifests.render("overlays/prod"), "KafkaNodePool").getFirst();
        assertThat(pool.path("spec").path("replicas").asInt()).isEqualTo(3);
    }

    @Test
    void devTopicsFitItsSingleBroker() {
        for (JsonNode topic : Manifests.ofKind(Manifests.render("overlays/dev"), "KafkaTopic")) {
            assertThat(topic.path("spec").path("replicas").asInt()).as(Manifests.id(topic)).isEqualTo(1);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt()).as(Manifests.id(topic)).isEqualTo(1);
        }
    }

    private static List<JsonNode> copy(List<JsonNode> docs) {
        return docs.stream().map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
    }
}
