package org.spoc.knowledge.domain;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Words people use for the same thing at a service desk, applied to queries (not to the index):
 * someone who types "wireless" finds the Wi-Fi article. Groups hold raw words; they are stemmed
 * with the English analysis so they meet the indexed terms.
 */
final class Synonyms {

    private static final List<List<String>> GROUPS = List.of(
            List.of("wifi", "wireless", "wlan"),
            List.of("email", "mail", "outlook", "mailbox", "inbox"),
            List.of("password", "passphrase", "passwd", "pw"),
            List.of("login", "logon", "signin", "sign", "log"),
            List.of("mfa", "multifactor", "twofactor", "authenticator", "otp", "verification"),
            List.of("laptop", "notebook", "computer", "pc", "desktop"),
            List.of("printer", "printing", "print"),
            List.of("vpn", "remote", "globalprotect", "anyconnect", "tunnel"),
            List.of("share", "folder"),
            List.of("software", "application", "app", "program"),
            List.of("phone", "mobile", "smartphone", "cell"),
            List.of("monitor", "screen", "display"),
            List.of("locked", "lockout"),
            List.of("forgot", "forget", "forgotten"),
            List.of("headset", "headphones", "earphones"),
            List.of("webcam", "camera", "video"),
            List.of("permission", "access"),
            List.of("slow", "sluggish", "lag", "lagging"),
            List.of("delete", "deleted", "lost", "recover", "restore"),
            List.of("teams", "zoom", "meeting", "call"),
            List.of("expire", "expired", "expiry"),
            List.of("broken", "damaged", "cracked"),
            List.of("install", "installation", "setup"));

    private final Map<String, Set<String>> byStem;

    Synonyms() {
        Map<String, Set<String>> map = new HashMap<>();
        for (List<String> group : GROUPS) {
            Set<String> stems = new LinkedHashSet<>();
            for (String word : group) {
                stems.addAll(KnowledgeAnalyzers.tokens(KnowledgeAnalyzers.english(), word));
            }
            for (String stem : stems) {
                Set<String> others = map.computeIfAbsent(stem, key -> new LinkedHashSet<>());
                stems.stream().filter(other -> !other.equals(stem)).forEach(others::add);
            }
        }
        this.byStem = Map.copyOf(map);
    }

    /** The stems that mean the same as {@code stem}, without itself. */
    Set<String> of(String stem) {
        return byStem.getOrDefault(stem, Set.of());
    }
}
