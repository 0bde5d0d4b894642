package org.spoc.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/compose and deploy/observability, checked without Docker, Prometheus or Grafana. */
class ComposeAndObservabilityTests {

    static final Path DEPLOY = Manifests.MODULE.getParent();
    static final Path REPO = DEPLOY.getParent();

    @Test
    void everyComposeServiceIsHealthCheckedPinnedAndStartsOnlyAfterHealthyDependencies() throws IOException {
        JsonNode services = Manifests.YAML.readTree(DEPLOY.resolve("compose/docker-compose.yml").toFile()).path("services");
        assertThat(services.properties()).extracting(java.util.Map.Entry::getKey).contains("kafka", "mongodb", "idp",
                "ticket-service", "escalation-service", "problem-service", "knowledge-service", "notification-service", "gateway");
        List<String> problems = new ArrayList<>();
        services.properties().forEach(e -> {
            String name = e.getKey();
            JsonNode service = e.getValue();
            String image = service.path("image").asText();
            String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (tag.isEmpty() || tag.equals("latest")) problems.add(name + ": image " + image + " not pinned");
            if (!service.has("healthcheck")) problems.add(name + ": no healthcheck");
            service.path("depends_on").properties().forEach(d -> {
                if (!"service_healthy".equals(d.getValue().path("condition").asText())) problems.add(name + " -> " + d.getKey() + ": not health-gated");
                if (!services.has(d.getKey())) problems.add(name + " -> " + d.getKey() + ": no such service");
            });
            if (name.endsWith("-service") || name.equals("gateway")) {
                if (!service.path("depends_on").has("kafka") && !name.equals("gateway")) problems.add(name + ": starts before Kafka");
                if (!service.path("read_only").asBoolean()) problems.add(name + ": writable root filesystem");
                if (!service.path("user").asText().startsWith("65532")) problems.add(name + ": runs as root");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theDashboardAndAlertsUseOnlyMetricsTheServicesRegister() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("observability/grafana-dashboard.json").toFile());
        String exprs = String.join("\n", dashboard.findValuesAsText("expr"))
                + Files.readString(DEPLOY.resolve("observability/spoc-alerts.yml"));
        Set<String> spocMetrics = new TreeSet<>();
        Matcher m = Pattern.compile("\\bspoc_[a-z_]+").matcher(exprs);
        while (m.find()) spocMetrics.add(m.group());
        assertThat(spocMetrics).hasSizeGreaterThan(10);
        String sources = sources();
        List<String> unknown = spocMetrics.stream().filter(metric -> {
            String base = metric.replaceAll("_(total|seconds|seconds_count|seconds_sum|seconds_max)$", "");
            String dotted = base.replace('_', '.');
            // a Micrometer name "spoc.a.b_c" becomes spoc_a_b_c: accept any dot/underscore spelling of the base
            Pattern spelled = Pattern.compile("\"" + Pattern.quote(dotted).replace(".", "\\E[._]\\Q") + "\"");
            return !spelled.matcher(sources).find();
        }).toList();
        assertThat(unknown).as("metrics on the dashboard that no service registers").isEmpty();
    }

    private static String sources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : List.of("ticket-service", "escalation-service", "problem-service", "knowledge-service",
                "notification-service", "gateway", "platform/kit")) {
            try (Stream<Path> files = Files.walk(REPO.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) all.append(Files.readString(f));
            }
        }
        return all.toString();
    }
}
