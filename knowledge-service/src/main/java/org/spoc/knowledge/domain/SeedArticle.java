package org.spoc.knowledge.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A starter article shipped with the service: a Markdown file whose front matter (between two
 * {@code ---} lines) names its id, title, keywords (comma-separated), category, service and audience.
 */
public record SeedArticle(String id, String title, String body, List<String> keywords, @Nullable String category,
        @Nullable String service, Audience audience) {

    public SeedArticle {
        keywords = List.copyOf(keywords);
    }

    /**
     * Reads a seed file.
     * @throws IllegalArgumentException when the front matter is missing or lacks id or title
     */
    public static SeedArticle parse(String name, String text) {
        String content = text.replace("\r\n", "\n");
        if (!content.startsWith("---\n")) {
            throw new IllegalArgumentException(name + ": no front matter");
        }
        int end = content.indexOf("\n---\n", 4);
        if (end < 0) {
            throw new IllegalArgumentException(name + ": front matter is not closed");
        }
        Map<String, String> front = new HashMap<>();
        for (String line : content.substring(4, end).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                front.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        String id = required(name, front, "id");
        String title = required(name, front, "title");
        List<String> keywords = new ArrayList<>();
        Arrays.stream(front.getOrDefault("keywords", "").split(","))
                .map(String::strip).filter(k -> !k.isEmpty()).forEach(keywords::add);
        return new SeedArticle(id, title, content.substring(end + 5).strip(), keywords, front.get("category"),
                front.get("service"), Audience.valueOf(front.getOrDefault("audience", "REQUESTERS")));
    }

    private static String required(String name, Map<String, String> front, String key) {
        String value = front.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": front matter lacks " + key);
        }
        return value;
    }
}
