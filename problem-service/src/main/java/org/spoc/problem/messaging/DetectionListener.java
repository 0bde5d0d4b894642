package org.spoc.problem.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.spoc.events.CloudEvent;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.problem.domain.ProblemService;
import org.spoc.problem.domain.detection.IncidentSignal;
import org.spoc.problem.domain.detection.Decision;
import org.spoc.problem.domain.detection.Outcome;
import org.springframework.kafka.annotation.KafkaListener;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Second hop: every incident event, one at a time, in one place. Idempotent and ordered per ticket:
 * detection applies a ticket's event only when its version is newer than the one it holds, and a
 * redelivery after a crash recomputes the same decisions (problem ids derive from the incident).
 */
@Component
public class DetectionListener {

    private final ProblemService problems;
    private final Timer timer;
    private final MeterRegistry meters;

    public DetectionListener(ProblemService problems, MeterRegistry meters) {
        this.problems = problems;
        this.meters = meters;
        this.timer = Timer.builder("spoc.problem.detection").description("time to decide and apply one incident event")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    @KafkaListener(topics = DetectionTopic.NAME, groupId = DetectionTopic.GROUP, concurrency = "1")
    public void on(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEvent.from(record);
        TicketEvent data = event.data(TicketEvent.class);
        Outcome outcome = timer.record(() -> problems.onIncident(signal(data.ticket(), event)));
        for (Decision decision : outcome.decisions()) {
            meters.counter("spoc.problem.decisions", "decision", decision.getClass().getSimpleName()).increment();
        }
    }

    /** Event time: the ticket's own {@code openedAt} (kept by imports), else the event's {@code ce_time}. */
    static IncidentSignal signal(TicketSnapshot t, CloudEvent event) {
        return new IncidentSignal(t.id(), t.number(), t.requester(), t.title(),
                t.description() == null ? "" : t.description(), t.category(), t.service(), t.location(), t.priority(),
                t.impact(), t.status() == TicketStatus.CANCELLED, t.version(),
                t.openedAt() != null ? t.openedAt() : event.time());
    }
}
