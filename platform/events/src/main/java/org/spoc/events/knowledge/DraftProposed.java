package org.spoc.events.knowledge;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Payload of {@code spoc.knowledge.draft-proposed.v1}: a draft article proposed from resolutions. */
public record DraftProposed(String articleId, String title, String sourceTicketId,
        @Nullable String sourceTicketNumber, List<String> relatedTickets, int occurrences) {

    public DraftProposed {
        relatedTickets = List.copyOf(relatedTickets);
    }
}
