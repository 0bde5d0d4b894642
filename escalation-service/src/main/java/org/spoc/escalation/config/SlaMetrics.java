package org.spoc.escalation.config;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.spoc.escalation.domain.PendingEvent;
import org.spoc.escalation.domain.SlaFact;
import org.spoc.escalation.domain.SlaWriteListener;
import org.spoc.escalation.domain.TicketSla;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaEvent;

/**
 * Micrometer figures, counted when a change is stored: SLA outcomes per clock, team, tier and
 * priority ({@code spoc.sla.outcomes}), escalations per team, tier and kind
 * ({@code spoc.escalations.raised}), bounce-backs per team ({@code spoc.escalations.bounce_backs})
 * and time in tier ({@code spoc.tier.time}).
 */
public class SlaMetrics implements SlaWriteListener {

    private final MeterRegistry meters;

    public SlaMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void written(TicketSla sla, List<PendingEvent> events, List<SlaFact> facts) {
        for (PendingEvent event : events) {
            switch (event.type()) {
                case SLA_MET, SLA_BREACHED -> {
                    SlaEvent e = (SlaEvent) event.data();
                    Counter.builder("spoc.sla.outcomes").description("SLA clocks met or breached")
                            .tag("clock", e.clock().name()).tag("team", String.valueOf(e.team()))
                            .tag("tier", String.valueOf(e.tier())).tag("priority", e.priority())
                            .tag("outcome", e.state().name()).register(meters).increment();
                }
                case ESCALATION_RAISED -> {
                    EscalationRaised e = (EscalationRaised) event.data();
                    Counter.builder("spoc.escalations.raised").description("Escalations raised")
                            .tag("team", e.team()).tag("tier", Integer.toString(e.toTier()))
                            .tag("kind", e.kind().name()).register(meters).increment();
                }
                default -> {
                }
            }
        }
        for (SlaFact fact : facts) {
            switch (fact) {
                case SlaFact.BounceBack b -> Counter.builder("spoc.escalations.bounce_backs")
                        .description("Tickets sent back to a lower tier").tag("team", String.valueOf(b.fromTeam()))
                        .tag("tier", Integer.toString(b.fromTier())).register(meters).increment();
                case SlaFact.TierLeft t -> Timer.builder("spoc.tier.time").description("Time a ticket stayed in a tier")
                        .tag("tier", Integer.toString(t.tier())).tag("team", String.valueOf(t.team()))
                        .register(meters).record(t.stayed());
            }
        }
    }
}
