package org.spoc.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The operating rules of issue 9, checked on the rendered base and overlays. */
class ManifestRulesTests {

    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "Job");
    static final Set<String> SPOC = Set.of("ticket-service", "escalation-service", "problem-service", "knowledge-service",
            "notification-service", "gateway");

    static List<String> targets() {
        return Manifests.targets();
    }

    static Stream<JsonNode> workloads(List<JsonNode> docs) {
        return docs.stream().filter(d -> WORKLOADS.contains(d.path("kind").asText()));
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static Stream<JsonNode> containers(JsonNode workload) {
        return Stream.concat(Stream.of(podSpec(workload).path("initContainers")), Stream.of(podSpec(workload).path("containers")))
                .flatMap(list -> java.util.stream.StreamSupport.stream(list.spliterator(), false));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyImageIsPinnedAndEveryContainerHasRequestsAndLimits(String target) {
        List<String> problems = new ArrayList<>();
        workloads(Manifests.render(target)).forEach(w -> containers(w).forEach(c -> {
            String image = c.path("image").asText();
            String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1).contains(":")
                    ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (tag.isEmpty() || tag.equals("latest")) {
                problems.add(Manifests.id(w) + " " + c.path("name").asText() + ": image " + image + " is not pinned");
            }
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (c.path("resources").path(kind).path(resource).isMissingNode()) {
                        problems.add(Manifests.id(w) + " " + c.path("name").asText() + ": no " + resource + " " + kind);
                    }
                }
            }
        }));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyPodRunsRestrictedNonRootWithAReadOnlyRootAndNoToken(String target) {
        List<String> problems = new ArrayList<>();
        workloads(Manifests.render(target)).forEach(w -> {
            JsonNode pod = podSpec(w);
            if (!pod.path("securityContext").path("runAsNonRoot").asBoolean()) problems.add(Manifests.id(w) + ": runAsNonRoot");
            if (!"RuntimeDefault".equals(pod.path("securityContext").path("seccompProfile").path("type").asText())) problems.add(Manifests.id(w) + ": seccomp");
            if (pod.path("automountServiceAccountToken").asBoolean(true)) problems.add(Manifests.id(w) + ": token automount");
            containers(w).forEach(c -> {
                JsonNode sc = c.path("securityContext");
                String id = Manifests.id(w) + " " + c.path("name").asText();
                if (sc.path("allowPrivilegeEscalation").asBoolean(true)) problems.add(id + ": privilege escalation");
                if (!sc.path("readOnlyRootFilesystem").asBoolean()) problems.add(id + ": writable root filesystem");
                if (!sc.path("capabilities").path("drop").toString().contains("\"ALL\"")) problems.add(id + ": capabilities not dropped");
            });
            // the main containers get a writable emptyDir /tmp (init containers here only copy a file)
            for (JsonNode c : pod.path("containers")) {
                boolean tmp = false;
                for (JsonNode m : c.path("volumeMounts")) tmp |= m.path("mountPath").asText().equals("/tmp");
                if (!tmp) problems.add(Manifests.id(w) + " " + c.path("name").asText() + ": no writable /tmp");
            }
        });
        for (JsonNode sa : Manifests.ofKind(Manifests.render(target), "ServiceAccount")) {
            if (sa.path("automountServiceAccountToken").asBoolean(true)) problems.add(Manifests.id(sa) + ": token automount");
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyServiceProbesActuatorAndShutsDownGracefully(String target) {
        List<JsonNode> docs = Manifests.render(target);
        List<JsonNode> deployments = Manifests.ofKind(docs, "Deployment");
        assertThat(deployments).extracting(d -> d.path("metadata").path("name").asText()).containsExactlyInAnyOrderElementsOf(SPOC);
        for (JsonNode d : deployments) {
            String id = Manifests.id(d);
            JsonNode c = podSpec(d).path("containers").get(0);
            assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).as(id).isEqualTo("/actuator/health/liveness");
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).as(id).isEqualTo("/actuator/health/readiness");
            int preStop = c.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt();
            int grace = podSpec(d).path("terminationGracePeriodSeconds").asInt(30);
            // Spring's graceful phase is 20 s (spring.lifecycle.timeout-per-shutdown-phase in the kit)
            assertThat(preStop).as(id + " preStop sleep").isGreaterThanOrEqualTo(5);
            assertThat(grace).as(id + " grace > preStop + 20 s shutdown phase").isGreaterThan(preStop + 20);
            assertThat(d.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable").asInt(-1)).as(id).isZero();
            assertThat(c.path("env").toString()).as(id + " static membership").contains("SPOC_INSTANCE_ID").contains("metadata.name");
            JsonNode config = Manifests.ofKind(docs, "ConfigMap").stream()
                    .filter(m -> m.path("metadata").path("name").asText().equals(d.path("metadata").path("name").asText()))
                    .map(m -> m.path("data")).findFirst().orElseThrow();
            assertThat(config.path("JAVA_TOOL_OPTIONS").asText()).as(id + " heap sized by the container limit")
                    .contains("-XX:MaxRAMPercentage=");
            assertThat(config.path("MALLOC_ARENA_MAX").asText()).as(id + " native arenas capped").isEqualTo("2");
            assertThat(podSpec(d).path("affinity").path("podAntiAffinity").isMissingNode()).as(id + " anti-affinity").isFalse();
            assertThat(podSpec(d).path("topologySpreadConstraints").size()).as(id + " topology spread").isPositive();
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyWorkloadHasADisruptionBudgetAndNoSecretValueIsCommitted(String target) {
        List<JsonNode> docs = Manifests.render(target);
        List<JsonNode> pdbs = Manifests.ofKind(docs, "PodDisruptionBudget");
        docs.stream().filter(d -> Set.of("Deployment", "StatefulSet").contains(d.path("kind").asText())).forEach(w -> {
            JsonNode labels = w.path("spec").path("template").path("metadata").path("labels");
            boolean covered = pdbs.stream().anyMatch(p -> {
                var match = p.path("spec").path("selector").path("matchLabels").fields();
                boolean all = match.hasNext();
                while (match.hasNext()) {
                    var e = match.next();
                    all &= e.getValue().equals(labels.path(e.getKey()));
                }
                return all;
            });
            assertThat(covered).as(Manifests.id(w) + " has a PodDisruptionBudget").isTrue();
        });
        assertThat(Manifests.ofKind(docs, "Secret")).as("secrets are created by ops, never committed").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void onlyTheGatewayIsReachableFromOutsideTheNamespace(String target) {
        List<JsonNode> docs = Manifests.render(target);
        List<JsonNode> policies = Manifests.ofKind(docs, "NetworkPolicy");
        assertThat(policies).anySatisfy(p -> {
            assertThat(p.path("spec").path("podSelector").isEmpty()).isTrue();
            assertThat(p.path("spec").path("policyTypes").toString()).contains("Ingress").contains("Egress");
            assertThat(p.path("spec").path("ingress").isEmpty()).isTrue();
            assertThat(p.path("spec").path("egress").isEmpty()).isTrue();
        });
        for (JsonNode p : policies) {
            for (JsonNode rule : p.path("spec").path("ingress")) {
                for (JsonNode from : rule.path("from")) {
                    String ns = from.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText("");
                    boolean outside = from.has("ipBlock") || (from.has("namespaceSelector") && !ns.equals("monitoring"));
                    if (outside) {
                        assertThat(p.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())
                                .as(Manifests.id(p) + " admits traffic from outside").isEqualTo("gateway");
                    }
                }
            }
        }
        for (JsonNode ingress : Manifests.ofKind(docs, "Ingress")) {
            assertThat(ingress.findValues("service")).extracting(s -> s.path("name").asText()).containsOnly("gateway");
        }
        assertThat(Manifests.ofKind(docs, "Service")).allSatisfy(s -> assertThat(s.path("spec").path("type").asText("ClusterIP"))
                .as(Manifests.id(s)).isEqualTo("ClusterIP"));
    }
}
