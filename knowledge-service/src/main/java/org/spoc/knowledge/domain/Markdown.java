package org.spoc.knowledge.domain;

import java.util.regex.Pattern;

/** Markdown to the plain text that is indexed and shown in snippets. */
public final class Markdown {

    private static final Pattern FENCE = Pattern.compile("(?m)^[ \\t]*(```|~~~).*$");
    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^[ \\t]{0,3}#{1,6}[ \\t]*");
    private static final Pattern QUOTE = Pattern.compile("(?m)^[ \\t]*>[ \\t]?");
    private static final Pattern LIST = Pattern.compile("(?m)^[ \\t]*([-*+]|\\d+[.)])[ \\t]+");
    private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|_|`)(?=\\S)(.+?)(?<=\\S)\\1");
    private static final Pattern RULE = Pattern.compile("(?m)^[ \\t]*([-*_][ \\t]*){3,}$");
    private static final Pattern HTML = Pattern.compile("<[^>]{1,200}>");
    private static final Pattern SPACES = Pattern.compile("[ \\t]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    private Markdown() {
    }

    public static String toPlainText(String markdown) {
        String text = markdown.replace("\r\n", "\n");
        text = FENCE.matcher(text).replaceAll("");
        text = IMAGE.matcher(text).replaceAll("$1");
        text = LINK.matcher(text).replaceAll("$1");
        text = RULE.matcher(text).replaceAll("");
        text = HEADING.matcher(text).replaceAll("");
        text = QUOTE.matcher(text).replaceAll("");
        text = LIST.matcher(text).replaceAll("");
        for (int i = 0; i < 2; i++) {
            text = EMPHASIS.matcher(text).replaceAll("$2");
        }
        text = HTML.matcher(text).replaceAll("");
        text = SPACES.matcher(text).replaceAll(" ");
        text = BLANK_LINES.matcher(text).replaceAll("\n\n");
        return text.strip();
    }

    /** The first paragraph of the plain text, cut at a word boundary to at most {@code max} characters. */
    public static String summary(String markdown, int max) {
        String plain = toPlainText(markdown);
        int paragraph = plain.indexOf("\n\n");
        String first = (paragraph > 0 ? plain.substring(0, paragraph) : plain).replace('\n', ' ').strip();
        if (first.length() <= max) {
            return first;
        }
        int cut = first.lastIndexOf(' ', max - 1);
        return first.substring(0, cut > max / 2 ? cut : max - 1).strip() + "…";
    }
}
