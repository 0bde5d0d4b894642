package org.spoc.ticket.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketType;
import org.spoc.ticket.domain.DeskPolicy;
import org.spoc.ticket.domain.RoutingRule;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code spoc.ticket.*}: how the desk works. The defaults (in application.yml) are the groups and tiers of
 * DESIGN.md §4, tier-1 landing in {@code service-desk}, no automatic assignment, a 7-day reopen window
 * and auto-close 7 days after resolution.
 */
@ConfigurationProperties("spoc.ticket")
public record TicketProperties(
        String defaultGroup,
        Map<String, Integer> groups,
        @Nullable Map<String, AutoAssign> autoAssignment,
        @Nullable List<Route> routing,
        Map<Priority, Duration> resolutionTargets,
        List<String> resolutionCodes,
        Duration reopenWindow,
        Duration autoCloseAfter,
        Duration autoCloseSweep,
        boolean resolveLinkedIncidents,
        Attachments attachments,
        int titleMax,
        int descriptionMax,
        int commentMax,
        int maxPageSize,
        int importMaxRows) {

    public record AutoAssign(DeskPolicy.Strategy strategy, List<String> members) {
    }

    public record Route(@Nullable TicketType type, @Nullable String category, @Nullable String catalogItem,
            @Nullable String service, String group) {
    }

    public record Attachments(long maxBytes, List<String> allowedTypes, int maxPerTicket) {
    }

    public DeskPolicy toPolicy() {
        return new DeskPolicy(defaultGroup, groups,
                autoAssignment == null ? Map.of() : autoAssignment.entrySet().stream().collect(
                        java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                e -> new DeskPolicy.AutoAssignment(e.getValue().strategy(), e.getValue().members()))),
                routing == null ? List.of() : routing.stream()
                        .map(r -> new RoutingRule(r.type(), r.category(), r.catalogItem(), r.service(), r.group()))
                        .toList(),
                resolutionTargets, resolutionCodes.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList(),
                reopenWindow, autoCloseAfter, resolveLinkedIncidents,
                new DeskPolicy.AttachmentLimits(attachments.maxBytes(), attachments.allowedTypes(),
                        attachments.maxPerTicket()),
                titleMax, descriptionMax, commentMax, maxPageSize);
    }
}
