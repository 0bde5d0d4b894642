package org.spoc.ticket.config;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.spoc.events.EventType;
import org.spoc.events.ticket.FieldChange;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.ticket.domain.RaisedEvent;
import org.spoc.ticket.domain.StoredEventsObserver;
import org.spoc.ticket.domain.TicketRepository;
import org.springframework.stereotype.Component;

/**
 * The desk's figures as Micrometer metrics (the same as {@code GET /api/tickets/stats}, as running counts):
 * {@code spoc.tickets.opened} by type, priority, channel, category, hour of day and weekday;
 * {@code spoc.tickets.resolved} by type, priority and tier (tier 1 = resolved at first contact level); {@code spoc.tickets.reopened};
 * {@code spoc.tickets.reassigned}; {@code spoc.tickets.work.minutes}; timers {@code spoc.tickets.time.to.resolve}
 * and {@code spoc.tickets.time.to.first.response} (mean and p90); gauge {@code spoc.tickets.backlog}.
 */
@Component
class TicketMetrics implements StoredEventsObserver {

    private final MeterRegistry meters;
    private final Timer timeToResolve;
    private final Timer timeToFirstResponse;
    private final Counter reopened;
    private final Counter reassigned;
    private final Counter workMinutes;

    TicketMetrics(MeterRegistry meters, TicketRepository tickets) {
        this.meters = meters;
        this.timeToResolve = Timer.builder("spoc.tickets.time.to.resolve").publishPercentiles(0.5, 0.9)
                .description("opening to resolution").register(meters);
        this.timeToFirstResponse = Timer.builder("spoc.tickets.time.to.first.response").publishPercentiles(0.5, 0.9)
                .description("opening to the desk's first response").register(meters);
        this.reopened = meters.counter("spoc.tickets.reopened");
        this.reassigned = meters.counter("spoc.tickets.reassigned");
        this.workMinutes = meters.counter("spoc.tickets.work.minutes");
        Gauge.builder("spoc.tickets.backlog", tickets,
                t -> t.collection().countDocuments(Filters.eq("open", true)))
                .description("open tickets").register(meters);
    }

    @Override
    public void stored(List<RaisedEvent> events) {
        for (RaisedEvent event : events) {
            TicketSnapshot t = event.data().ticket();
            EventType type = event.type();
            if (type == EventType.TICKET_OPENED) {
                ZonedDateTime at = t.openedAt().atZone(ZoneOffset.UTC);
                Counter.builder("spoc.tickets.opened").tag("type", t.type().name()).tag("priority", t.priority().name())
                        .tag("channel", String.valueOf(t.channel())).tag("category", String.valueOf(t.category()))
                        .register(meters).increment();
                meters.counter("spoc.tickets.demand.hour", "hour", String.format("%02d", at.getHour())).increment();
                meters.counter("spoc.tickets.demand.weekday", "weekday",
                        at.getDayOfWeek().name().toLowerCase(Locale.ROOT)).increment();
            }
            else if (type == EventType.TICKET_RESOLVED && t.resolvedAt() != null) {
                meters.counter("spoc.tickets.resolved", "type", t.type().name(), "priority", t.priority().name(),
                        "tier", String.valueOf(t.tier())).increment();
                timeToResolve.record(Duration.between(t.openedAt(), t.resolvedAt()));
            }
            else if (type == EventType.TICKET_REOPENED) {
                reopened.increment();
            }
            else if (type == EventType.TICKET_ASSIGNED
                    && event.data().changes().stream().map(FieldChange::field).anyMatch("assignmentGroup"::equals)) {
                reassigned.increment();
            }
            else if (type == EventType.TICKET_WORK_LOGGED && event.data().workLog() != null) {
                workMinutes.increment(event.data().workLog().minutes());
            }
            boolean responded = event.data().changes().stream().anyMatch(c -> c.field().equals("firstRespondedAt"))
                    || t.firstRespondedAt() != null && t.firstRespondedAt().equals(event.time())
                            && type != EventType.TICKET_OPENED;
            if (responded && t.firstRespondedAt() != null) {
                timeToFirstResponse.record(Duration.between(t.openedAt(), t.firstRespondedAt()));
            }
        }
    }
}
