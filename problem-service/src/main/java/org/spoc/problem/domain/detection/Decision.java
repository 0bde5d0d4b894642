package org.spoc.problem.domain.detection;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** What detection decided about one incident. The caller turns decisions into problem changes. */
public sealed interface Decision {

    /** An incident grouped into a problem, with its similarity to the group and why. */
    record Member(TrackedIncident incident, double similarity) {
    }

    /** k related incidents in the window: open a problem with these incidents. */
    record OpenProblem(String problemId, String title, @Nullable String category,
            @Nullable String service, @Nullable String location, List<Member> incidents, String reason,
            Instant detectedAt) implements Decision {

        public OpenProblem {
            incidents = List.copyOf(incidents);
        }
    }

    /** The incident matches an open problem: link it rather than open another. */
    record LinkIncident(String problemId, Member incident, String reason) implements Decision {
    }

    /** A linked incident changed (priority, impact, text): the problem refreshes its view of it. */
    record RefreshIncident(String problemId, TrackedIncident incident) implements Decision {
    }

    /** A burst well above the service's baseline, or a P1 affecting many requesters. */
    record RaiseMajorIncident(String id, String key, @Nullable String problemId, @Nullable String service,
            @Nullable String category, List<TrackedIncident> incidents, double rate, double baseline,
            int affectedRequesters, String reason, Instant windowStart, Instant windowEnd) implements Decision {

        public RaiseMajorIncident {
            incidents = List.copyOf(incidents);
        }
    }
}
