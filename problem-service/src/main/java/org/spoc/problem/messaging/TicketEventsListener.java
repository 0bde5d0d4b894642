package org.spoc.problem.messaging;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketType;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * First hop: incident events that can change what detection sees (opened, changed, status changes,
 * resolution, closure, reopening) are re-keyed unchanged — same {@code ce_id}, {@code ce_time} and
 * data — onto the internal detection topic. Service requests, comments and work logs are not.
 * A failed send is retried by the kit's error handler, then dead-lettered.
 */
@Component
public class TicketEventsListener {

    static final Set<String> FORWARDED = Set.of(EventType.TICKET_OPENED.type(), EventType.TICKET_CHANGED.type(),
            EventType.TICKET_STATUS_CHANGED.type(), EventType.TICKET_RESOLVED.type(), EventType.TICKET_CLOSED.type(),
            EventType.TICKET_REOPENED.type());

    /**
     * Ticket fields detection does not compare ({@code IncidentSignal} has none of them): a
     * {@code spoc.ticket.changed.v1} that changes only these is not forwarded. Most changes of a new ticket
     * are of this kind (suggested articles, a problem link, assignment), and the detection hop is one
     * partition, so each record it is spared is throughput. Keep in step with {@code DetectionListener.signal}.
     */
    static final Set<String> NOT_COMPARED = Set.of("suggestedArticles", "problem", "escalation", "assignee",
            "assignmentGroup", "tier", "urgency", "attachments", "comment", "firstRespondedAt", "totalMinutes");

    private final KafkaTemplate<String, byte[]> kafka;

    public TicketEventsListener(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    @KafkaListener(topics = Topics.TICKET, groupId = "problem-service")
    public void on(ConsumerRecord<String, byte[]> record) throws Exception {
        CloudEvent event = CloudEvent.from(record);
        if (!FORWARDED.contains(event.type())) {
            return;
        }
        TicketEvent data = event.data(TicketEvent.class);
        if (!forwarded(event.type(), data)) {
            return;
        }
        CloudEvent forward = new CloudEvent(event.id(), event.type(), event.source(), event.subject(), event.time(),
                DetectionTopic.NAME, DetectionTopic.KEY, event.data(), event.headers());
        kafka.send(forward.toProducerRecord()).get(10, TimeUnit.SECONDS);
    }

    /** Whether detection may see anything new in this incident event (a forwarded type). */
    static boolean forwarded(String type, TicketEvent data) {
        if (data.ticket().type() != TicketType.INCIDENT) {
            return false;
        }
        return !EventType.TICKET_CHANGED.type().equals(type) || data.changes().isEmpty()
                || !data.changes().stream().allMatch(change -> NOT_COMPARED.contains(change.field()));
    }
}
