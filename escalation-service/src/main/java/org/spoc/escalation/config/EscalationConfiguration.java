package org.spoc.escalation.config;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.spoc.escalation.domain.MongoSlaCatalog;
import org.spoc.escalation.domain.SlaContext;
import org.spoc.escalation.domain.SlaService;
import org.spoc.escalation.domain.TicketSlaDocuments;
import org.spoc.escalation.domain.TicketSlaRepository;
import org.spoc.escalation.domain.TimerBuckets;
import org.spoc.escalation.messaging.SlaTimerLoop;
import org.spoc.escalation.messaging.TimerSettings;
import org.spoc.kit.outbox.OutboxCollections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Wires the SLA engine: catalog, repository, service, timer loop, outbox relay and figures. */
@Configuration(proxyBeanMethods = false)
class EscalationConfiguration {

    @Bean
    OutboxCollections outboxCollections() {
        return OutboxCollections.of(TicketSlaDocuments.COLLECTION);
    }

    @Bean
    MongoSlaCatalog slaCatalog(MongoTemplate mongo) {
        return new MongoSlaCatalog(mongo);
    }

    /** Other replicas' policy and calendar replacements reach this one within the interval. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService catalogReloader(MongoSlaCatalog catalog,
            @Value("${spoc.sla.catalog-reload:10s}") java.time.Duration interval) {
        ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sla-catalog-reload").factory());
        reloader.scheduleWithFixedDelay(catalog::reload, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return reloader;
    }

    @Bean
    SlaContext slaContext(MongoSlaCatalog catalog, TimerSettings settings) {
        return new SlaContext(catalog, settings.lateAfter());
    }

    @Bean
    TicketSlaRepository ticketSlaRepository(MongoTemplate mongo) {
        return new TicketSlaRepository(mongo);
    }

    @Bean
    TimerBuckets timerBuckets(MongoTemplate mongo) {
        return new TimerBuckets(mongo);
    }

    @Bean
    SlaMetrics slaMetrics(MeterRegistry meters) {
        return new SlaMetrics(meters);
    }

    @Bean
    SlaTimerLoop slaTimerLoop(TicketSlaRepository repository, TimerBuckets buckets, SlaContext context, Clock clock,
            TimerSettings settings, SlaMetrics metrics, MeterRegistry meters) {
        return new SlaTimerLoop(repository, buckets, context, clock, settings, List.of(metrics), meters);
    }

    @Bean
    SlaService slaService(TicketSlaRepository repository, TimerBuckets buckets, SlaContext context, Clock clock,
            SlaTimerLoop timers, SlaMetrics metrics) {
        return new SlaService(repository, buckets, context, clock, List.of(timers, metrics));
    }
}
