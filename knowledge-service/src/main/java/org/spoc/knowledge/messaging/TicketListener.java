package org.spoc.knowledge.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.knowledge.domain.ArticleService;
import org.spoc.knowledge.domain.KnowledgeStats;
import org.spoc.knowledge.domain.TicketSuggestions;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Ticket events: a new ticket gets suggested articles ({@code spoc.knowledge.suggested.v1}); a
 * resolved ticket's resolution notes (the event's {@code reason}) may propose a draft. Both are
 * idempotent by their own keys (the ticket id), so a redelivery has no second effect. A new ticket
 * for which no article is found counts as a knowledge gap.
 */
@Component
class TicketListener {

    private final TicketSuggestions suggestions;
    private final ArticleService articles;
    private final KnowledgeStats stats;

    TicketListener(TicketSuggestions suggestions, ArticleService articles, KnowledgeStats stats) {
        this.suggestions = suggestions;
        this.articles = articles;
        this.stats = stats;
    }

    @KafkaListener(id = "knowledge-tickets", topics = Topics.TICKET, groupId = "knowledge-service")
    void on(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEvent.from(record);
        if (EventType.TICKET_OPENED.type().equals(event.type())) {
            TicketSnapshot t = event.data(TicketEvent.class).ticket();
            suggestions.suggestForNewTicket(t.id(), t.number(), t.requester(), t.title(), t.description(), t.problemId())
                    .ifPresent(s -> stats.searched(t.title(), !s.suggestions().isEmpty()));
        }
        else if (EventType.TICKET_RESOLVED.type().equals(event.type())) {
            TicketEvent data = event.data(TicketEvent.class);
            String notes = data.reason() != null ? data.reason()
                    : data.comment() != null ? data.comment().body() : null;
            if (notes != null && !notes.isBlank()) {
                TicketSnapshot t = data.ticket();
                articles.proposeFromResolution(t.id(), t.number(), t.title(), t.description(), t.category(),
                        t.service(), notes);
            }
        }
    }
}
