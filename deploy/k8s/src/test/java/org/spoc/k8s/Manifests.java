package org.spoc.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Renders a kustomization with {@code kubectl kustomize} (kubectl 1.32's built-in kustomize, offline) and
 * splits the output into documents. kubectl is a hard requirement: without it the build fails with a
 * message saying how to install it (bin/setup-kubectl.sh), it never skips.
 */
final class Manifests {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, List<JsonNode>> CACHE = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** The kustomizations every test checks: the base and both overlays. */
    static List<String> targets() {
        return List.of("base", "overlays/dev", "overlays/prod");
    }

    static List<JsonNode> render(String target) {
        return CACHE.computeIfAbsent(target, Manifests::kustomize);
    }

    static String kubectl() {
        String fromEnv = System.getenv("KUBECTL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            if (!Files.isExecutable(Path.of(fromEnv))) {
                throw new IllegalStateException("KUBECTL=" + fromEnv + " is not an executable: the deploy/k8s tests render "
                        + "the Kustomize overlays with `kubectl kustomize` (bin/setup-kubectl.sh installs kubectl 1.32).");
            }
            return fromEnv;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("kubectl not found on PATH (nor $KUBECTL): the deploy/k8s tests render the "
                + "Kustomize overlays with `kubectl kustomize`. Install kubectl 1.32 (bin/setup-kubectl.sh does it "
                + "idempotently) or set KUBECTL=/path/to/kubectl.");
    }

    private static List<JsonNode> kustomize(String target) {
        try {
            Process process = new ProcessBuilder(kubectl(), "kustomize", MODULE.resolve(target).toString())
                    .redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + target + " failed: " + err);
            }
            return parse(new String(out, StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static List<JsonNode> parse(String multiDocumentYaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(multiDocumentYaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static String id(JsonNode doc) {
        return doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
    }
}
