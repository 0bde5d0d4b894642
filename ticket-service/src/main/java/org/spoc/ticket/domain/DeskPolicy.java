package org.spoc.ticket.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Priority;

/**
 * How this desk works: its groups and their tiers, where tickets land, automatic assignment, resolution
 * targets (the queue's SLA-risk order), resolution codes, the reopen window and auto-close period, limits.
 */
public record DeskPolicy(
        String defaultGroup,
        Map<String, Integer> groups,
        Map<String, AutoAssignment> autoAssignment,
        List<RoutingRule> routing,
        Map<Priority, Duration> resolutionTargets,
        List<String> resolutionCodes,
        Duration reopenWindow,
        Duration autoCloseAfter,
        boolean resolveLinkedIncidents,
        AttachmentLimits attachments,
        int titleMax,
        int descriptionMax,
        int commentMax,
        int maxPageSize) {

    public DeskPolicy {
        groups = Map.copyOf(groups);
        autoAssignment = Map.copyOf(autoAssignment);
        routing = List.copyOf(routing);
        resolutionTargets = Map.copyOf(resolutionTargets);
        resolutionCodes = List.copyOf(resolutionCodes);
        if (!groups.containsKey(defaultGroup)) {
            throw new IllegalArgumentException("the default group " + defaultGroup + " is not among " + groups.keySet());
        }
    }

    public enum Strategy {
        NONE, ROUND_ROBIN, FEWEST_OPEN
    }

    public record AutoAssignment(Strategy strategy, List<String> members) {
        public AutoAssignment {
            members = List.copyOf(members);
        }
    }

    public record AttachmentLimits(long maxBytes, List<String> allowedTypes, int maxPerTicket) {
        public AttachmentLimits {
            allowedTypes = List.copyOf(allowedTypes);
        }
    }

    public boolean knowsGroup(String group) {
        return groups.containsKey(group);
    }

    public int tierOf(String group) {
        return groups.getOrDefault(group, 1);
    }

    public @Nullable Instant dueAt(Priority priority, Instant from) {
        Duration target = resolutionTargets.get(priority);
        return target == null ? null : from.plus(target);
    }
}
