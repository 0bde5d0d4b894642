package org.spoc.escalation.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.spoc.escalation.domain.SlaService;
import org.spoc.events.CloudEvent;
import org.spoc.events.Topics;
import org.spoc.events.ticket.TicketEvent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Builds SLA clocks from ticket events. Idempotent and ordered without a processed-events table:
 * the ticket's aggregate applies an event only when its ticket version is newer than the last one.
 */
@Component
class TicketEventsListener {

    private final SlaService sla;

    TicketEventsListener(SlaService sla) {
        this.sla = sla;
    }

    @KafkaListener(topics = Topics.TICKET, groupId = "escalation-service")
    void on(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEvent.from(record);
        if (!event.type().startsWith("spoc.ticket.")) {
            return;
        }
        sla.onTicketEvent(event.data(TicketEvent.class), event.type(), event.time());
    }
}
