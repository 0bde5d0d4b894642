package org.spoc.k8s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The partition ceiling: a consumer group never has more members than the partitions of a topic it reads
 * (the extra members would sit idle). Partitions come from the Strimzi KafkaTopic resources, replicas from
 * the HPA / KEDA ScaledObject that scales the Deployment, listener threads per replica from the
 * Deployment's SPOC_KAFKA_CONCURRENCY (default 1), the topics an HPA-scaled consumer reads from its
 * Deployment's {@code spoc.dev/consumes} annotation.
 */
final class PartitionBounds {

    private PartitionBounds() {
    }

    static Map<String, Integer> partitions(List<JsonNode> docs) {
        Map<String, Integer> partitions = new HashMap<>();
        for (JsonNode topic : Manifests.ofKind(docs, "KafkaTopic")) {
            partitions.put(topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText()),
                    topic.path("spec").path("partitions").asInt());
        }
        return partitions;
    }

    static List<String> violations(List<JsonNode> docs) {
        Map<String, Integer> partitions = partitions(docs);
        List<String> violations = new ArrayList<>();
        for (JsonNode scaled : Manifests.ofKind(docs, "ScaledObject")) {
            String target = scaled.path("spec").path("scaleTargetRef").path("name").asText();
            int max = scaled.path("spec").path("maxReplicaCount").asInt(100);
            for (JsonNode trigger : scaled.path("spec").path("triggers")) {
                if (!"kafka".equals(trigger.path("type").asText())) {
                    continue;
                }
                String topic = trigger.path("metadata").path("topic").asText();
                check(violations, "ScaledObject/" + target, topic, max * concurrency(docs, target), partitions);
            }
        }
        for (JsonNode hpa : Manifests.ofKind(docs, "HorizontalPodAutoscaler")) {
            String target = hpa.path("spec").path("scaleTargetRef").path("name").asText();
            int max = hpa.path("spec").path("maxReplicas").asInt();
            for (String topic : consumes(docs, target)) {
                check(violations, "HorizontalPodAutoscaler/" + target, topic, max * concurrency(docs, target), partitions);
            }
        }
        return violations;
    }

    private static void check(List<String> violations, String who, String topic, int consumers,
            Map<String, Integer> partitions) {
        Integer count = partitions.get(topic);
        if (count == null) {
            violations.add(who + " reads " + topic + ", which has no KafkaTopic");
        }
        else if (consumers > count) {
            violations.add(who + " may run " + consumers + " consumers of " + topic + ", which has " + count + " partitions");
        }
    }

    static List<String> consumes(List<JsonNode> docs, String deployment) {
        return deployment(docs, deployment)
                .map(d -> d.path("metadata").path("annotations").path("spoc.dev/consumes").asText(""))
                .filter(s -> !s.isBlank()).map(s -> List.of(s.split(","))).orElse(List.of());
    }

    static int concurrency(List<JsonNode> docs, String deployment) {
        String name = deployment(docs, deployment).map(d -> d.path("spec").path("template").path("spec")
                .path("containers").get(0).path("envFrom").get(0).path("configMapRef").path("name").asText(""))
                .orElse("");
        return Manifests.ofKind(docs, "ConfigMap").stream().filter(c -> name.equals(c.path("metadata").path("name").asText()))
                .map(c -> c.path("data").path("SPOC_KAFKA_CONCURRENCY").asInt(1)).findFirst().orElse(1);
    }

    private static java.util.Optional<JsonNode> deployment(List<JsonNode> docs, String name) {
        return Manifests.ofKind(docs, "Deployment").stream()
                .filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst();
    }
}
