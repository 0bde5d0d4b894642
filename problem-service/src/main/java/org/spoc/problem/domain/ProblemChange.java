package org.spoc.problem.domain;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** What a change to a problem means for the outside world: each becomes one event on the problem topic. */
public sealed interface ProblemChange {

    Instant at();

    record Detected(String reason, Instant at) implements ProblemChange {
    }

    record IncidentLinked(ProblemIncident incident, @Nullable String actor, Instant at) implements ProblemChange {
    }

    record KnownError(@Nullable String actor, Instant at) implements ProblemChange {
    }

    record Resolved(@Nullable String actor, @Nullable String resolution, Instant at) implements ProblemChange {
    }

    record MajorIncidentRaised(String id, @Nullable String service, @Nullable String category,
            List<ProblemIncident> incidents, double rate, double baseline, int affectedRequesters, String reason,
            Instant windowStart, Instant windowEnd, Instant at) implements ProblemChange {

        public MajorIncidentRaised {
            incidents = List.copyOf(incidents);
        }
    }
}
