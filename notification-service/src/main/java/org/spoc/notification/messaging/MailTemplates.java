package org.spoc.notification.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.spoc.notification.domain.Notification;
import org.springframework.web.util.HtmlUtils;

/**
 * E-mail bodies from classpath templates ({@code mail/notification.txt|html}, {@code mail/digest.txt|html},
 * and optionally {@code mail/<kind>.txt|html} per kind). {@code {{name}}} placeholders are replaced;
 * in HTML every value is escaped, so ticket text can never inject markup.
 */
public class MailTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z]+)}}");

    /** A rendered message: subject, plain text and HTML alternatives. */
    public record Rendered(String subject, String text, String html) {
    }

    public Rendered single(Notification n) {
        String base = "mail/" + n.kind().name().toLowerCase().replace('_', '-');
        Map<String, String> values = Map.of("name", n.recipient(), "title", n.title(), "text", n.text(), "reference",
                n.reference() == null ? "" : "Reference: " + n.reference());
        return new Rendered(n.title(), render(template(base, "notification", "txt"), values, false),
                render(template(base, "notification", "html"), values, true));
    }

    public Rendered digest(String recipient, List<Notification> items) {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<ul>");
        for (Notification n : items) {
            text.append("* ").append(n.title()).append("\n  ").append(n.text().replace("\n", "\n  ")).append("\n\n");
            html.append("<li><strong>").append(HtmlUtils.htmlEscape(n.title())).append("</strong>")
                    .append("<div style=\"white-space:pre-wrap\">").append(HtmlUtils.htmlEscape(n.text()))
                    .append("</div></li>");
        }
        html.append("</ul>");
        String count = Integer.toString(items.size());
        return new Rendered("Your SPOC digest: " + count + " notifications",
                render(load("mail/digest.txt"), Map.of("name", recipient, "count", count, "items", text.toString()),
                        false),
                render(load("mail/digest.html"), Map.of("name", HtmlUtils.htmlEscape(recipient), "count", count,
                        "items", html.toString()), false));
    }

    static String render(String template, Map<String, String> values, boolean escape) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(escape ? HtmlUtils.htmlEscape(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Templates by kind and extension, read from the classpath once (a lookup in the nested jar per mail was hot). */
    private final Map<String, String> templates = new ConcurrentHashMap<>();

    private String template(String kindBase, String fallback, String ext) {
        String specific = kindBase + "." + ext;
        return templates.computeIfAbsent(specific,
                path -> exists(path) ? read(path) : read("mail/" + fallback + "." + ext));
    }

    private String load(String path) {
        return templates.computeIfAbsent(path, MailTemplates::read);
    }

    private static boolean exists(String path) {
        return MailTemplates.class.getClassLoader().getResource(path) != null;
    }

    private static String read(String path) {
        try (InputStream in = MailTemplates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing mail template " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
