package org.spoc.escalation.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.spoc.escalation.domain.BusinessCalendar;
import org.spoc.escalation.domain.SlaClock;
import org.spoc.escalation.domain.SlaContext;
import org.spoc.escalation.domain.TicketSla;

/** {@code GET /api/sla/{ticketId}}: each clock with its state, due time, elapsed and remaining time, and why. */
record SlaView(String ticketId, String number, String type, String priority, String status, String policyId,
        @Nullable String assignmentGroup, int tier, List<ClockView> clocks, @Nullable List<EscalationView> escalations,
        @Nullable Integer reassignments, @Nullable Integer bounceBacks, Instant at) {

    record ClockView(String id, String kind, @Nullable Integer tier, @Nullable String team, String state,
            String policyId, String calendarId, int calendarVersion, String target, Instant startedAt,
            @Nullable Instant warnAt, @Nullable Instant dueAt, String elapsed, String remaining,
            @Nullable Instant breachedAt, @Nullable Instant stoppedAt, List<StepView> explain) {
    }

    record StepView(Instant at, String event, String detail, String elapsed, @Nullable Instant dueAt) {
    }

    static SlaView of(TicketSla sla, SlaContext context, Instant now, boolean forAgent) {
        List<ClockView> clocks = sla.clocks().stream().map(c -> clock(c, context, now)).toList();
        return new SlaView(sla.ticketId(), sla.number(), sla.type().name(), sla.priority().name(), sla.status().name(),
                sla.policyId(), sla.group(), sla.tier(), clocks,
                forAgent ? sla.escalations().stream().map(e -> EscalationView.of(sla, e)).toList() : null,
                forAgent ? sla.reassignments() : null, forAgent ? sla.bounceBacks() : null, now);
    }

    private static ClockView clock(SlaClock c, SlaContext context, Instant now) {
        BusinessCalendar calendar = context.catalog().calendar(c.calendarId(), c.calendarVersion());
        return new ClockView(c.id(), c.kind().name(), c.tier(), c.team(), c.state().name(), c.policyId(),
                c.calendarId(), c.calendarVersion(), c.target().toString(), c.startedAt(),
                c.warnedAt() != null ? c.warnedAt() : c.warnDueAt(), c.dueAt(), c.elapsed(now, calendar).toString(),
                c.remaining(now, calendar).toString(), c.breachedAt(), c.stoppedAt(),
                c.explain().stream().map(s -> new StepView(s.at(), s.event(), s.detail(), s.elapsed().toString(),
                        s.dueAt())).toList());
    }
}
