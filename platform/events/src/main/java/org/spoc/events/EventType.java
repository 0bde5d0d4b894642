package org.spoc.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.knowledge.ArticleEvent;
import org.spoc.events.knowledge.DraftProposed;
import org.spoc.events.knowledge.KnowledgeSuggested;
import org.spoc.events.notification.NotificationOutcome;
import org.spoc.events.problem.IncidentLinked;
import org.spoc.events.problem.MajorIncident;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.events.ticket.TicketEvent;

/**
 * Every CloudEvents type SPOC produces, with its topic, producing service and payload record.
 * The JSON Schema of each type lives at {@code schemas/<type>.json} on the classpath.
 */
public enum EventType {

    TICKET_OPENED("spoc.ticket.opened.v1", Topics.TICKET, Sources.TICKET, TicketEvent.class),
    TICKET_CHANGED("spoc.ticket.changed.v1", Topics.TICKET, Sources.TICKET, TicketEvent.class),
    TICKET_ASSIGNED("spoc.ticket.assigned.v1", Topics.TICKET, Sources.TICKET, TicketEvent.class),
    TICKET_STATUS_CHANGED("spoc.ticket.status-changed.v1", Topics.TICKET, Sources.TICKET, TicketEvent.class),
    TICKET_COMMENTED("spoc.ticket.commented.v1", Topics.TICKET, Sources.TICKET, TicketEvent.class),
    TICKET_WORK_LOGGED("spoc.ticket.work-logged.v1", Topics.TICKET, Sources.TICKET, TicketEvent.class),
    TICKET_RESOLVED("spoc.ticket.resolved.v1", Topics.TICKET, Sources.TICKET, TicketEvent.class),
    TICKET_CLOSED("spoc.ticket.closed.v1", Topics.TICKET, Sources.TICKET, TicketEvent.class),
    TICKET_REOPENED("spoc.ticket.reopened.v1", Topics.TICKET, Sources.TICKET, TicketEvent.class),

    SLA_STARTED("spoc.sla.started.v1", Topics.ESCALATION, Sources.ESCALATION, SlaEvent.class),
    SLA_PAUSED("spoc.sla.paused.v1", Topics.ESCALATION, Sources.ESCALATION, SlaEvent.class),
    SLA_RESUMED("spoc.sla.resumed.v1", Topics.ESCALATION, Sources.ESCALATION, SlaEvent.class),
    SLA_WARNING("spoc.sla.warning.v1", Topics.ESCALATION, Sources.ESCALATION, SlaEvent.class),
    SLA_BREACHED("spoc.sla.breached.v1", Topics.ESCALATION, Sources.ESCALATION, SlaEvent.class),
    SLA_MET("spoc.sla.met.v1", Topics.ESCALATION, Sources.ESCALATION, SlaEvent.class),
    ESCALATION_RAISED("spoc.escalation.raised.v1", Topics.ESCALATION, Sources.ESCALATION, EscalationRaised.class),

    PROBLEM_DETECTED("spoc.problem.detected.v1", Topics.PROBLEM, Sources.PROBLEM, ProblemEvent.class),
    PROBLEM_INCIDENT_LINKED("spoc.problem.incident-linked.v1", Topics.PROBLEM, Sources.PROBLEM, IncidentLinked.class),
    PROBLEM_KNOWN_ERROR("spoc.problem.known-error.v1", Topics.PROBLEM, Sources.PROBLEM, ProblemEvent.class),
    PROBLEM_MAJOR_INCIDENT("spoc.problem.major-incident.v1", Topics.PROBLEM, Sources.PROBLEM, MajorIncident.class),
    PROBLEM_RESOLVED("spoc.problem.resolved.v1", Topics.PROBLEM, Sources.PROBLEM, ProblemEvent.class),

    KNOWLEDGE_PUBLISHED("spoc.knowledge.published.v1", Topics.KNOWLEDGE, Sources.KNOWLEDGE, ArticleEvent.class),
    KNOWLEDGE_RETIRED("spoc.knowledge.retired.v1", Topics.KNOWLEDGE, Sources.KNOWLEDGE, ArticleEvent.class),
    KNOWLEDGE_SUGGESTED("spoc.knowledge.suggested.v1", Topics.KNOWLEDGE, Sources.KNOWLEDGE, KnowledgeSuggested.class),
    KNOWLEDGE_DRAFT_PROPOSED("spoc.knowledge.draft-proposed.v1", Topics.KNOWLEDGE, Sources.KNOWLEDGE, DraftProposed.class),

    NOTIFICATION_DELIVERED("spoc.notification.delivered.v1", Topics.NOTIFICATION, Sources.NOTIFICATION, NotificationOutcome.class),
    NOTIFICATION_FAILED("spoc.notification.failed.v1", Topics.NOTIFICATION, Sources.NOTIFICATION, NotificationOutcome.class);

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private final String type;
    private final String topic;
    private final String source;
    private final Class<?> payload;

    EventType(String type, String topic, String source, Class<?> payload) {
        this.type = type;
        this.topic = topic;
        this.source = source;
        this.payload = payload;
    }

    /** The {@code ce_type} value. */
    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    /** The {@code ce_source} value of the producing service. */
    public String source() {
        return source;
    }

    public Class<?> payload() {
        return payload;
    }

    /** Classpath location of this type's JSON Schema. */
    public String schemaPath() {
        return "schemas/" + type + ".json";
    }

    public static Optional<EventType> of(String ceType) {
        return Optional.ofNullable(BY_TYPE.get(ceType));
    }

    /** {@code ce_source} values. */
    public static final class Sources {
        public static final String TICKET = "/spoc/ticket-service";
        public static final String ESCALATION = "/spoc/escalation-service";
        public static final String PROBLEM = "/spoc/problem-service";
        public static final String KNOWLEDGE = "/spoc/knowledge-service";
        public static final String NOTIFICATION = "/spoc/notification-service";

        private Sources() {
        }
    }
}
