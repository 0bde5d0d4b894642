package org.spoc.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Reads a document into fabric8's typed model (7.4.1) and reports every field the model does not know.
 * fabric8 keeps unknown fields in {@code additionalProperties} instead of failing, so after a successful
 * read every object of the graph is walked and any non-empty {@code additionalProperties} is an error.
 * Wrong types (a string where an integer belongs, a list for an object) fail the read itself.
 */
final class StrictModel {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StrictModel() {
    }

    /** Whether fabric8 has a typed class for this document's apiVersion and kind. */
    static boolean knows(JsonNode doc) {
        return !(read(doc) instanceof GenericKubernetesResource);
    }

    static HasMetadata read(JsonNode doc) {
        return SERIALIZATION.unmarshal(doc.toString(), HasMetadata.class);
    }

    /** The unknown fields of a document, as paths; empty when the typed model holds all of it. */
    static List<String> unknownFields(JsonNode doc) {
        List<String> unknown = new ArrayList<>();
        walk(read(doc), doc.path("kind").asText(), unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    private static void walk(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method method : node.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = method.invoke(node);
            }
            catch (IllegalAccessException | InvocationTargetException ex) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            String field = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            walk(value, path + "." + field, unknown, seen);
        }
    }
}
