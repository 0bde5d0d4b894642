package org.spoc.ticket.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.ticket.domain.Actor;
import org.spoc.ticket.domain.Attachment;
import org.spoc.ticket.domain.Comment;
import org.spoc.ticket.domain.HistoryEntry;
import org.spoc.ticket.domain.Lifecycle;
import org.spoc.ticket.domain.PriorityOverride;
import org.spoc.ticket.domain.ProblemLink;
import org.spoc.ticket.domain.SuggestedArticle;
import org.spoc.ticket.domain.Ticket;
import org.spoc.ticket.domain.TicketPage;
import org.spoc.ticket.domain.WorkLogEntry;

/** Response bodies, made from the aggregate for one caller: requesters never see internal comments or work. */
final class Views {

    private Views() {
    }

    record ResolutionView(String code, @Nullable String notes) {
    }

    record TicketView(String id, String number, TicketType type, String title, String description,
            TicketStatus status, Priority priority, Level impact, Level urgency,
            @Nullable PriorityOverride priorityOverride, @Nullable String category, @Nullable String service,
            @Nullable String location, @Nullable String catalogItem, Map<String, String> form, String requester,
            String channel, @Nullable String assignmentGroup, int tier, @Nullable String assignee,
            @Nullable ProblemLink problem, @Nullable ResolutionView resolution,
            List<SuggestedArticle> suggestedArticles, @Nullable Instant dueAt, long version, Instant openedAt,
            Instant updatedAt, @Nullable Instant firstRespondedAt, @Nullable Instant resolvedAt,
            @Nullable Instant closedAt, List<Comment> comments, List<Attachment> attachments,
            @Nullable List<WorkLogEntry> workLog, @Nullable Integer totalMinutes,
            List<TicketStatus> allowedTransitions) {
    }

    record TicketSummary(String id, String number, TicketType type, String title, TicketStatus status,
            Priority priority, String requester, @Nullable String category, @Nullable String assignmentGroup,
            int tier, @Nullable String assignee, @Nullable Instant dueAt, Instant openedAt, Instant updatedAt,
            long version) {
    }

    record PageView<T>(List<T> items, int page, int size, long totalElements, int totalPages) {
    }

    record WorkLogView(String ticketId, String number, int totalMinutes, Map<String, Integer> minutesByAuthor,
            List<WorkLogEntry> entries) {
    }

    record HistoryView(String ticketId, String number, List<HistoryEntry> entries) {
    }

    static TicketView of(Ticket t, Actor actor) {
        boolean desk = actor.agent();
        List<TicketStatus> allowed = Lifecycle.allowedFrom(t.status()).stream()
                .filter(to -> desk || Lifecycle.requesterMay(t.status(), to)).toList();
        return new TicketView(t.id(), t.number(), t.type(), t.title(), t.description(), t.status(), t.priority(),
                t.impact(), t.urgency(), desk ? t.priorityOverride() : null, t.category(), t.service(), t.location(),
                t.catalogItem(), t.form(), t.requester(), t.channel(), t.assignmentGroup(), t.tier(), t.assignee(),
                t.problem(), t.resolutionCode() == null ? null : new ResolutionView(t.resolutionCode(),
                        t.resolutionNotes()),
                t.suggestedArticles(), t.dueAt(), t.version(), t.openedAt(), t.updatedAt(), t.firstRespondedAt(),
                t.resolvedAt(), t.closedAt(), t.commentsFor(actor), t.attachments(), desk ? t.workLog() : null,
                desk ? t.totalMinutes() : null, allowed);
    }

    static TicketSummary summary(Ticket t) {
        return new TicketSummary(t.id(), t.number(), t.type(), t.title(), t.status(), t.priority(), t.requester(),
                t.category(), t.assignmentGroup(), t.tier(), t.assignee(), t.dueAt(), t.openedAt(), t.updatedAt(),
                t.version());
    }

    static PageView<TicketSummary> page(TicketPage page) {
        return new PageView<>(page.tickets().stream().map(Views::summary).toList(), page.page(), page.size(),
                page.total(), page.totalPages());
    }
}
