package org.spoc.problem.domain.detection;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a ticket's title and description into term counts: lower-cased alphanumeric words, English
 * and service-desk boilerplate stop words removed, a light suffix stemmer ("printers", "printing",
 * "printed" all become "print"), digits-only tokens (dates, ticket numbers) dropped. Title terms
 * count {@link #TITLE_WEIGHT} times: a title is the reporter's own summary of the symptom.
 * Output tokens are always {@code [a-z0-9]+}, so they are safe as document keys.
 */
public final class Tokenizer {

    public static final int TITLE_WEIGHT = 2;

    private static final Set<String> STOP = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
            "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
            "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
            "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i",
            "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no",
            "nor", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same",
            "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
            "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was",
            "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
            "would", "you", "your", "yours", "yourself", "get", "got", "getting", "since", "still", "now",
            "us", "let", "know", "may", "might", "must", "shall", "per", "via", "etc",
            // service-desk boilerplate: greetings, sign-offs, time stamps of forwarded mail
            "hi", "hello", "dear", "please", "pls", "plz", "thanks", "thank", "thx", "regards", "kind", "best",
            "cheers", "ext", "pm", "re", "fw", "fwd", "sent", "asap", "team", "guys", "sir", "madam",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "january", "february", "march", "april", "june", "july", "august", "september", "october",
            "november", "december", "today", "yesterday", "morning", "afternoon", "help", "issue", "ticket",
            "support", "request", "need", "needs", "user", "colleague", "attached", "find", "advise", "advised");

    private Tokenizer() {
    }

    /** Term counts of a ticket: title terms weighted, description terms once. */
    public static Map<String, Integer> terms(String title, String description) {
        Map<String, Integer> counts = new HashMap<>();
        add(counts, title, TITLE_WEIGHT);
        add(counts, description, 1);
        return counts;
    }

    private static void add(Map<String, Integer> counts, String text, int weight) {
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean word = i < lower.length() && isWordChar(lower.charAt(i));
            if (word && start < 0) {
                start = i;
            }
            else if (!word && start >= 0) {
                String token = normalise(lower.substring(start, i));
                if (token != null) {
                    counts.merge(token, weight, Integer::sum);
                }
                start = -1;
            }
        }
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static @org.jspecify.annotations.Nullable String normalise(String token) {
        if (token.length() < 2 || token.length() > 40 || STOP.contains(token) || isDigits(token)) {
            return null;
        }
        String stem = stem(token);
        return stem.length() < 2 || STOP.contains(stem) ? null : stem;
    }

    private static boolean isDigits(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A light suffix stemmer: plural, -ing, -ed, -er. Deliberately conservative. */
    static String stem(String word) {
        String w = word;
        if (w.length() > 4 && w.endsWith("ies")) {
            w = w.substring(0, w.length() - 3) + "y";
        }
        else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            w = w.substring(0, w.length() - 3);
        }
        else if (w.length() > 4 && w.endsWith("ed")) {
            w = w.substring(0, w.length() - 2);
        }
        else if (w.length() > 5 && w.endsWith("er")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.charAt(w.length() - 1) == w.charAt(w.length() - 2)
                && !w.endsWith("ss") && !w.endsWith("ll")) {
            w = w.substring(0, w.length() - 1); // "stopped" -> "stopp" -> "stop"
        }
        return w;
    }
}
