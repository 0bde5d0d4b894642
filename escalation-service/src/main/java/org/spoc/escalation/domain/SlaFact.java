package org.spoc.escalation.domain;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** Something worth counting that is not an event of its own: figures are made of these and of the events. */
public sealed interface SlaFact {

    /** Tier 2 (or 3) sent the ticket back down. */
    record BounceBack(@Nullable String fromTeam, int fromTier, @Nullable String toTeam, int toTier) implements SlaFact {
    }

    /** The ticket left a team after {@code stayed}. */
    record TierLeft(int tier, @Nullable String team, Duration stayed) implements SlaFact {
    }
}
