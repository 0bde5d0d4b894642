package org.spoc.k8s;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every rendered document conforms to the typed Kubernetes model or to its CRD's schema, strictly. */
class ManifestSchemaTests {

    static List<String> targets() {
        return Manifests.targets();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyRenderedDocumentConformsToItsSchemaWithoutUnknownFields(String target) {
        List<JsonNode> docs = Manifests.render(target);
        assertThat(docs).hasSizeGreaterThan(60);
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : docs) {
            String id = target + ": " + Manifests.id(doc);
            if (CrdSchemaValidator.knows(doc)) {
                CrdSchemaValidator.validate(doc).forEach(e -> problems.add(id + ": " + e));
            }
            else if (StrictModel.knows(doc)) {
                StrictModel.unknownFields(doc).forEach(f -> problems.add(id + ": unknown field " + f));
            }
            else {
                problems.add(id + ": " + doc.path("apiVersion").asText() + " is neither in the fabric8 model nor in schemas/");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void rejectsAnUnknownFieldInACoreResource() {
        ObjectNode deployment = Manifests.ofKind(Manifests.render("base"), "Deployment").getFirst().deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0))
                .put("livenessProbes", "typo");
        assertThat(StrictModel.unknownFields(deployment)).singleElement().asString().endsWith(".livenessProbes");
    }

    @Test
    void rejectsAWrongTypeInACoreResource() {
        ObjectNode deployment = Manifests.ofKind(Manifests.render("base"), "Deployment").getFirst().deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec"))
                .putArray("terminationGracePeriodSeconds").add(1);
        assertThatThrownBy(() -> StrictModel.read(deployment)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void rejectsAnUnknownFieldAndAWrongTypeInACustomResource() {
        ObjectNode topic = Manifests.ofKind(Manifests.render("base"), "KafkaTopic").getFirst().deepCopy();
        ((ObjectNode) topic.path("spec")).put("partitons", 3).put("replicas", "three");
        assertThat(CrdSchemaValidator.validate(topic))
                .containsExactlyInAnyOrder("spec.partitons: unknown field", "spec.replicas: expected an integer, got STRING");
    }

    @Test
    void knowsNoSchemaForAnUnknownCustomResource() {
        ObjectNode doc = Manifests.YAML.createObjectNode().put("apiVersion", "example.org/v1").put("kind", "Widget");
        assertThat(CrdSchemaValidator.knows(doc)).isFalse();
        assertThat(StrictModel.knows(doc)).isFalse();
    }
}
