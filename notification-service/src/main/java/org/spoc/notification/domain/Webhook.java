package org.spoc.notification.domain;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;

/**
 * A registered endpoint (collection {@code webhooks}): it receives, signed with {@code secret}, every
 * event whose type matches one of {@code eventTypes} and, when {@code team} is set, whose team (the
 * ticket's assignment group, the SLA clock's team, the escalation's target) is that team.
 */
public record Webhook(@Id String id, String url, List<String> eventTypes, @Nullable String team, String secret,
        String owner, Instant createdAt) {

    public Webhook {
        eventTypes = List.copyOf(eventTypes);
    }

    public boolean wants(String type, @Nullable String eventTeam) {
        return eventTypes.stream().anyMatch(p -> new EventTypePattern(p).matches(type))
                && (team == null || team.equals(eventTeam));
    }
}
