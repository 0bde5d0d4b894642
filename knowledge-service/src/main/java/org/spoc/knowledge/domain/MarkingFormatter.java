package org.spoc.knowledge.domain;

import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;

/**
 * Formats highlighted passages as plain text with the matched words between two control characters,
 * so one highlighting pass gives both the HTML snippet (escaped, {@code <mark>}) and the plain one.
 */
final class MarkingFormatter extends PassageFormatter {

    static final char OPEN = '\u0001';
    static final char CLOSE = '\u0002';
    private static final String ELLIPSIS = " … ";

    @Override
    public String format(Passage[] passages, String content) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        for (Passage passage : passages) {
            if (passage.getStartOffset() > pos && pos > 0) {
                out.append(ELLIPSIS);
            }
            pos = passage.getStartOffset();
            for (int i = 0; i < passage.getNumMatches(); i++) {
                int start = passage.getMatchStarts()[i];
                int end = passage.getMatchEnds()[i];
                if (start < pos) {
                    continue;   // overlaps the previous match
                }
                out.append(content, pos, start).append(OPEN).append(content, start, end).append(CLOSE);
                pos = end;
            }
            out.append(content, pos, Math.max(pos, passage.getEndOffset()));
            pos = passage.getEndOffset();
        }
        return out.toString().strip();
    }

    static String plain(String marked) {
        return marked.replace(String.valueOf(OPEN), "").replace(String.valueOf(CLOSE), "");
    }

    static String html(String marked) {
        StringBuilder html = new StringBuilder(marked.length() + 32);
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            switch (c) {
                case OPEN -> html.append("<mark>");
                case CLOSE -> html.append("</mark>");
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
        return html.toString();
    }
}
