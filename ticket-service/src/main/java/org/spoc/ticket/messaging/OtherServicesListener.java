package org.spoc.ticket.messaging;

import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.knowledge.KnowledgeSuggested;
import org.spoc.events.problem.IncidentLinked;
import org.spoc.events.problem.LinkedIncident;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.events.problem.ProblemSnapshot;
import org.spoc.ticket.domain.Actor;
import org.spoc.ticket.domain.ProblemLink;
import org.spoc.ticket.domain.SuggestedArticle;
import org.spoc.ticket.domain.TicketRepository;
import org.spoc.ticket.domain.TicketService;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies the other services' events to tickets: escalations move a ticket to the target team and tier,
 * SLA events set the due time that orders agent queues by SLA risk,
 * problem links and resolutions show on incidents, knowledge suggestions on tickets. Each event is applied
 * once per ticket (its id is kept in the ticket, in the same write as the change); failures are retried
 * and then dead-lettered by the kit's container factory.
 */
@Component
class OtherServicesListener {

    static final String GROUP = "ticket-service";
    private static final Logger log = LoggerFactory.getLogger(OtherServicesListener.class);

    private final TicketService tickets;
    private final TicketRepository repository;

    OtherServicesListener(TicketService tickets, TicketRepository repository) {
        this.tickets = tickets;
        this.repository = repository;
    }

    @KafkaListener(topics = Topics.ESCALATION, groupId = GROUP)
    void onEscalation(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEvent.from(record);
        if (event.type().startsWith("spoc.sla.")) {
            SlaEvent sla = event.data(SlaEvent.class);
            if (sla.clock() == SlaClockKind.RESOLUTION && sla.dueAt() != null) {
                tickets.applyEvent(sla.ticketId(), t -> t.slaDue(event.id(), sla.dueAt()));
            }
            return;
        }
        if (!EventType.ESCALATION_RAISED.type().equals(event.type())) {
            return;
        }
        EscalationRaised raised = event.data(EscalationRaised.class);
        Actor system = Actor.system("escalation-service");
        apply(event, raised.ticketId(), () -> tickets.applyEvent(raised.ticketId(),
                t -> t.escalate(event.id(), raised.team(), raised.toTier(), raised.kind().name(), raised.reason(),
                        system, tickets.now())));
    }

    @KafkaListener(topics = Topics.PROBLEM, groupId = GROUP)
    void onProblem(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEvent.from(record);
        Actor system = Actor.system("problem-service");
        if (EventType.PROBLEM_INCIDENT_LINKED.type().equals(event.type())) {
            IncidentLinked linked = event.data(IncidentLinked.class);
            ProblemLink link = new ProblemLink(linked.problemId(), linked.problemNumber(), linked.problemTitle(),
                    linked.problemStatus(), linked.workaround());
            String ticketId = linked.incident().ticketId();
            apply(event, ticketId, () -> tickets.applyEvent(ticketId,
                    t -> t.linkProblem(event.id(), link, system, linked.reason(), tickets.now())));
        }
        else if (EventType.PROBLEM_RESOLVED.type().equals(event.type())) {
            ProblemEvent resolved = event.data(ProblemEvent.class);
            ProblemSnapshot problem = resolved.problem();
            Set<String> ids = new LinkedHashSet<>();
            resolved.incidents().stream().map(LinkedIncident::ticketId).forEach(ids::add);
            ids.addAll(repository.idsLinkedTo(problem.id()));
            String note = note(problem);
            boolean resolve = tickets.policy().resolveLinkedIncidents();
            for (String ticketId : ids) {
                apply(event, ticketId, () -> tickets.applyEvent(ticketId,
                        t -> t.problemResolved(event.id(), problem.number(), note, resolve, system, tickets.now())));
            }
        }
    }

    @KafkaListener(topics = Topics.KNOWLEDGE, groupId = GROUP)
    void onKnowledge(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEvent.from(record);
        if (!EventType.KNOWLEDGE_SUGGESTED.type().equals(event.type())) {
            return;
        }
        KnowledgeSuggested suggested = event.data(KnowledgeSuggested.class);
        var articles = suggested.suggestions().stream().limit(10)
                .map(s -> new SuggestedArticle(s.articleId(), s.title(), s.score(), s.knownError())).toList();
        Actor system = Actor.system("knowledge-service");
        apply(event, suggested.ticketId(), () -> tickets.applyEvent(suggested.ticketId(),
                t -> t.suggest(event.id(), articles, system, tickets.now())));
    }

    private static void apply(CloudEvent event, String ticketId, java.util.function.BooleanSupplier action) {
        if (!action.getAsBoolean()) {
            log.info("{} {} is about ticket {} which this service does not have; ignored", event.type(), event.id(),
                    ticketId);
        }
    }

    private static String note(ProblemSnapshot problem) {
        StringBuilder note = new StringBuilder("Problem ").append(problem.number()).append(" (")
                .append(problem.title()).append(") behind this incident has been resolved.");
        if (problem.rootCause() != null) {
            note.append(" Root cause: ").append(problem.rootCause()).append('.');
        }
        if (problem.workaround() != null) {
            note.append(" Workaround: ").append(problem.workaround()).append('.');
        }
        return note.toString();
    }
}
