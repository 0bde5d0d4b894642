package org.spoc.events.ticket;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The ticket as it stands after the change an event reports, so consumers never call back.
 * {@code version} rises by one with every change: apply an event only when it is newer.
 */
public record TicketSnapshot(
        String id,
        String number,
        TicketType type,
        String title,
        String description,
        TicketStatus status,
        Priority priority,
        Level impact,
        Level urgency,
        @Nullable String category,
        @Nullable String service,
        @Nullable String location,
        @Nullable String catalogItem,
        String requester,
        @Nullable String assignmentGroup,
        int tier,
        @Nullable String assignee,
        @Nullable String channel,
        @Nullable String problemId,
        @Nullable String resolutionCode,
        @Nullable List<String> suggestedArticles,
        long version,
        Instant openedAt,
        Instant updatedAt,
        @Nullable Instant firstRespondedAt,
        @Nullable Instant resolvedAt,
        @Nullable Instant closedAt) {
}
