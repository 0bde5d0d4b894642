package org.spoc.problem.domain.detection;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;

/**
 * Detection state of one incident: its scope, its term counts (weights are computed at comparison
 * time from the current statistics), its event time and the problem it is linked to.
 *
 * @param categoryKey normalised category ({@link Keys}), the index detection queries by
 * @param serviceKey normalised service/CI
 * @param manual an agent linked or unlinked it by hand: detection never changes its link again
 */
public record TrackedIncident(
        String ticketId,
        String number,
        String requester,
        String title,
        @Nullable String category,
        @Nullable String categoryKey,
        @Nullable String service,
        @Nullable String serviceKey,
        @Nullable String location,
        Priority priority,
        Level impact,
        boolean cancelled,
        Map<String, Integer> terms,
        Instant openedAt,
        long version,
        @Nullable String problemId,
        boolean manual) {

    public TrackedIncident {
        terms = Map.copyOf(terms);
    }

    public static TrackedIncident of(IncidentSignal s) {
        return new TrackedIncident(s.ticketId(), s.number(), s.requester(), s.title(), s.category(),
                Keys.normalise(s.category()), s.service(), Keys.normalise(s.service()), s.location(), s.priority(),
                s.impact(), s.cancelled(), Tokenizer.terms(s.title(), s.description()), s.openedAt(), s.version(),
                null, false);
    }

    /** This incident updated to a newer version of its ticket, keeping its link and first event time. */
    public TrackedIncident updatedBy(IncidentSignal s) {
        return new TrackedIncident(ticketId, s.number(), s.requester(), s.title(), s.category(),
                Keys.normalise(s.category()), s.service(), Keys.normalise(s.service()), s.location(), s.priority(),
                s.impact(), s.cancelled(), Tokenizer.terms(s.title(), s.description()), openedAt, s.version(),
                problemId, manual);
    }

    /** Everything detection compares (text, scope, priority, impact, cancellation, link) is the same. */
    public boolean differsOnlyInVersionFrom(TrackedIncident other) {
        return equals(new TrackedIncident(other.ticketId, other.number, other.requester, other.title, other.category,
                other.categoryKey, other.service, other.serviceKey, other.location, other.priority, other.impact,
                other.cancelled, other.terms, other.openedAt, version, other.problemId, other.manual));
    }

    public TrackedIncident linkedTo(@Nullable String problem, boolean byHand) {
        return new TrackedIncident(ticketId, number, requester, title, category, categoryKey, service, serviceKey,
                location, priority, impact, cancelled, terms, openedAt, version, problem, byHand || manual);
    }
}
