package org.spoc.escalation.domain;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** How long a ticket stayed with a team at a tier (wall-clock time). */
public record TierStay(int tier, @Nullable String team, Instant enteredAt, @Nullable Instant leftAt) {

    public Duration duration(Instant now) {
        return Duration.between(enteredAt, leftAt != null ? leftAt : now);
    }

    TierStay leave(Instant at) {
        return new TierStay(tier, team, enteredAt, at);
    }
}
