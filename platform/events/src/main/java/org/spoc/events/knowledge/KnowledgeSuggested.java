package org.spoc.events.knowledge;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Payload of {@code spoc.knowledge.suggested.v1}: the top articles for a new ticket. */
public record KnowledgeSuggested(String ticketId, @Nullable String ticketNumber, @Nullable String requester,
        List<Suggestion> suggestions) {

    public KnowledgeSuggested {
        suggestions = List.copyOf(suggestions);
    }
}
