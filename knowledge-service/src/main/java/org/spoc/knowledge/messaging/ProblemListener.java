package org.spoc.knowledge.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.knowledge.domain.ArticleService;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Problem events: a known error becomes (or updates) its known-error article; a resolved problem's
 * article stops ranking first. Each problem version is applied once.
 */
@Component
class ProblemListener {

    private final ArticleService articles;

    ProblemListener(ArticleService articles) {
        this.articles = articles;
    }

    @KafkaListener(id = "knowledge-problems", topics = Topics.PROBLEM, groupId = "knowledge-service")
    void on(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEvent.from(record);
        if (EventType.PROBLEM_KNOWN_ERROR.type().equals(event.type())) {
            ProblemEvent data = event.data(ProblemEvent.class);
            articles.knownError(data.problem(), data.actor());
        }
        else if (EventType.PROBLEM_RESOLVED.type().equals(event.type())) {
            ProblemEvent data = event.data(ProblemEvent.class);
            articles.problemClosed(data.problem().id(), data.problem().version());
        }
    }
}
