package org.spoc.notification.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.knowledge.KnowledgeSuggested;
import org.spoc.events.knowledge.Suggestion;
import org.spoc.events.problem.IncidentLinked;
import org.spoc.events.problem.LinkedIncident;
import org.spoc.events.problem.MajorIncident;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.events.ticket.CommentData;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.Visibility;

/**
 * Who hears about what. A pure function of the event and the directory: it never reads the clock or
 * a store. People are not told about their own actions (except the requester's confirmation that a
 * ticket was opened), and an INTERNAL comment never produces a notification for the requester.
 */
public final class NotificationRules {

    private final Directory directory;
    private final Set<NotificationKind> disabled;

    public NotificationRules(Directory directory, Collection<NotificationKind> disabled) {
        this.directory = directory;
        this.disabled = Set.copyOf(disabled);
    }

    public List<Intent> intentsFor(IncomingEvent event) {
        Intents intents = new Intents();
        switch (event.type()) {
            case TICKET_OPENED -> opened(event.payload(TicketEvent.class), intents);
            case TICKET_ASSIGNED -> assigned(event.payload(TicketEvent.class), intents);
            case TICKET_STATUS_CHANGED -> statusChanged(event.payload(TicketEvent.class), intents);
            case TICKET_COMMENTED -> commented(event.payload(TicketEvent.class), intents);
            case TICKET_RESOLVED -> resolved(event.payload(TicketEvent.class), intents);
            case TICKET_CLOSED, TICKET_REOPENED -> closedOrReopened(event.payload(TicketEvent.class), intents);
            case SLA_WARNING -> slaWarning(event.payload(SlaEvent.class), intents);
            case SLA_BREACHED -> slaBreached(event.payload(SlaEvent.class), intents);
            case ESCALATION_RAISED -> escalation(event.payload(EscalationRaised.class), intents);
            case PROBLEM_DETECTED -> problemDetected(event.payload(ProblemEvent.class), intents);
            case PROBLEM_KNOWN_ERROR -> knownError(event.payload(ProblemEvent.class), intents);
            case PROBLEM_INCIDENT_LINKED -> incidentLinked(event.payload(IncidentLinked.class), intents);
            case PROBLEM_MAJOR_INCIDENT -> majorIncident(event.payload(MajorIncident.class), intents);
            case KNOWLEDGE_SUGGESTED -> suggested(event.payload(KnowledgeSuggested.class), intents);
            default -> {
                // changed, work-logged, the other SLA clock events, knowledge publishing and our own
                // notification events inform nobody by default
            }
        }
        return intents.list();
    }

    private void opened(TicketEvent event, Intents intents) {
        TicketSnapshot t = event.ticket();
        intents.add(t.requester(), NotificationKind.TICKET_OPENED, t,
                "%s received: %s".formatted(t.number(), t.title()),
                "We received your %s %s \"%s\" with priority %s. We will keep you informed here."
                        .formatted(typeName(t), t.number(), t.title(), t.priority()));
        if (t.assignmentGroup() != null) {
            assignedToGroup(t, event.actor(), intents);
        }
    }

    private void assigned(TicketEvent event, Intents intents) {
        assignedToGroup(event.ticket(), event.actor(), intents);
    }

    private void assignedToGroup(TicketSnapshot t, @Nullable String actor, Intents intents) {
        String title = "%s assigned to %s: %s".formatted(t.number(), t.assignmentGroup(), t.title());
        String text = "%s %s (%s) was assigned to %s%s.".formatted(typeName(t), t.number(), t.priority(),
                t.assignmentGroup(), t.assignee() == null ? "" : ", assignee " + t.assignee());
        List<String> people = new ArrayList<>(directory.members(t.assignmentGroup()));
        if (t.assignee() != null) {
            people.add(t.assignee());
        }
        for (String person : people) {
            if (!person.equals(actor) && !person.equals(t.requester())) {
                intents.add(person, NotificationKind.TICKET_ASSIGNED, t, title, text);
            }
        }
    }

    private void statusChanged(TicketEvent event, Intents intents) {
        TicketSnapshot t = event.ticket();
        if (t.status() == TicketStatus.RESOLVED) {
            return; // spoc.ticket.resolved.v1 tells the requester, once
        }
        if (!t.requester().equals(event.actor())) {
            intents.add(t.requester(), NotificationKind.STATUS_CHANGED, t,
                    "%s is now %s".formatted(t.number(), statusName(t.status())),
                    "Your %s %s \"%s\" is now %s.%s".formatted(typeName(t), t.number(), t.title(),
                            statusName(t.status()), reason(event)));
        }
    }

    private void closedOrReopened(TicketEvent event, Intents intents) {
        TicketSnapshot t = event.ticket();
        String title = "%s is now %s".formatted(t.number(), statusName(t.status()));
        String text = "%s %s \"%s\" is now %s.%s".formatted(typeName(t), t.number(), t.title(),
                statusName(t.status()), reason(event));
        if (!t.requester().equals(event.actor())) {
            intents.add(t.requester(), NotificationKind.STATUS_CHANGED, t, title, text);
        }
        if (t.assignee() != null && !t.assignee().equals(event.actor()) && t.status() != TicketStatus.CLOSED) {
            intents.add(t.assignee(), NotificationKind.STATUS_CHANGED, t, title, text);
        }
    }

    private void commented(TicketEvent event, Intents intents) {
        TicketSnapshot t = event.ticket();
        CommentData comment = event.comment();
        if (comment == null) {
            return;
        }
        String title = "New comment on %s: %s".formatted(t.number(), t.title());
        String text = "%s wrote on %s:\n\n%s".formatted(comment.author(), t.number(), comment.body());
        if (comment.visibility() == Visibility.PUBLIC) {
            if (!t.requester().equals(comment.author())) {
                intents.add(t.requester(), NotificationKind.PUBLIC_COMMENT, t, title, text);
            }
            if (t.assignee() != null && !t.assignee().equals(comment.author())) {
                intents.add(t.assignee(), NotificationKind.PUBLIC_COMMENT, t, title, text);
            }
        }
        else if (t.assignee() != null && !t.assignee().equals(comment.author())
                && !t.assignee().equals(t.requester())) {
            // agents only: the requester is excluded above, whatever the kind's preferences say
            intents.add(t.assignee(), NotificationKind.INTERNAL_COMMENT, t, "Internal note on " + t.number(), text);
        }
    }

    private void resolved(TicketEvent event, Intents intents) {
        TicketSnapshot t = event.ticket();
        intents.add(t.requester(), NotificationKind.TICKET_RESOLVED, t,
                "%s resolved: %s".formatted(t.number(), t.title()),
                "Your %s %s \"%s\" was resolved%s.%s If the problem persists, reopen it or reply."
                        .formatted(typeName(t), t.number(), t.title(),
                                t.resolutionCode() == null ? "" : " (" + t.resolutionCode() + ")", reason(event)));
    }

    private void slaWarning(SlaEvent sla, Intents intents) {
        String title = "SLA at risk on %s (%s)".formatted(sla.ticketNumber(), sla.priority());
        String text = "The %s target of %s is due at %s; %s remain.".formatted(clockName(sla), sla.ticketNumber(),
                sla.dueAt(), sla.remaining());
        for (String member : directory.members(sla.team())) {
            intents.add(member, NotificationKind.SLA_WARNING, sla.ticketId(), sla.ticketNumber(), title, text);
        }
    }

    private void slaBreached(SlaEvent sla, Intents intents) {
        String title = "SLA breached on %s (%s)".formatted(sla.ticketNumber(), sla.priority());
        String text = "The %s target of %s was due at %s and is breached.".formatted(clockName(sla),
                sla.ticketNumber(), sla.dueAt());
        String manager = directory.manager(sla.team());
        if (manager != null) {
            intents.add(manager, NotificationKind.SLA_BREACHED, sla.ticketId(), sla.ticketNumber(), title, text);
        }
        for (String member : directory.members(sla.team())) {
            intents.add(member, NotificationKind.SLA_BREACHED, sla.ticketId(), sla.ticketNumber(), title, text);
        }
    }

    private void escalation(EscalationRaised e, Intents intents) {
        String text = "%s \"%s\" (%s) was escalated from tier %d%s to tier %d %s: %s".formatted(e.ticketNumber(),
                e.title(), e.priority(), e.fromTier(), e.fromTeam() == null ? "" : " (" + e.fromTeam() + ")",
                e.toTier(), e.team(), e.reason());
        if (e.kind() == EscalationKind.FUNCTIONAL) {
            for (String member : directory.members(e.team())) {
                if (!member.equals(e.requestedBy())) {
                    intents.add(member, NotificationKind.ESCALATION, e.ticketId(), e.ticketNumber(),
                            "%s escalated to %s (%s)".formatted(e.ticketNumber(), e.team(), e.priority()), text);
                }
            }
        }
        else {
            String manager = e.manager() != null ? e.manager()
                    : Objects.requireNonNullElse(directory.manager(e.team()), Objects.requireNonNullElse(
                            directory.manager(e.fromTeam()), ""));
            if (!manager.isEmpty()) {
                intents.add(manager, NotificationKind.HIERARCHICAL_ESCALATION, e.ticketId(), e.ticketNumber(),
                        "%s escalated to you (%s)".formatted(e.ticketNumber(), e.priority()), text);
            }
        }
    }

    private void problemDetected(ProblemEvent event, Intents intents) {
        var p = event.problem();
        String title = "Problem %s detected: %s".formatted(p.number(), p.title());
        String text = "%d related incidents were grouped into problem %s%s.".formatted(p.incidentCount(), p.number(),
                event.reason() == null ? "" : " (" + event.reason() + ")");
        for (String manager : directory.problemManagers()) {
            intents.add(manager, NotificationKind.PROBLEM_DETECTED, p.id(), p.number(), title, text);
        }
    }

    private void knownError(ProblemEvent event, Intents intents) {
        var p = event.problem();
        for (LinkedIncident incident : event.incidents()) {
            workaround(incident, p.number(), p.title(), p.workaround(), intents);
        }
    }

    private void incidentLinked(IncidentLinked event, Intents intents) {
        if (event.workaround() != null) {
            workaround(event.incident(), event.problemNumber(), event.problemTitle(), event.workaround(), intents);
        }
    }

    private void workaround(LinkedIncident incident, String problemNumber, String problemTitle,
            @Nullable String workaround, Intents intents) {
        if (incident.requester() == null || workaround == null || workaround.isBlank()) {
            return;
        }
        String number = incident.number() != null ? incident.number() : incident.ticketId();
        intents.add(incident.requester(), NotificationKind.KNOWN_ERROR, incident.ticketId(), number,
                "A workaround for %s".formatted(number),
                "Your incident %s is caused by a known error (%s: %s). Until it is fixed, this workaround helps:\n\n%s"
                        .formatted(number, problemNumber, problemTitle, workaround));
    }

    private void majorIncident(MajorIncident major, Intents intents) {
        String subject = major.problemId() != null ? major.problemId() : major.id();
        String what = major.service() != null ? major.service()
                : major.category() != null ? major.category() : "several services";
        String title = "Major incident: %s".formatted(what);
        String text = "%d incidents from %d requesters between %s and %s (%.1f per hour against a baseline of %.1f): %s"
                .formatted(major.incidents().size(), major.affectedRequesters(), major.windowStart(),
                        major.windowEnd(), major.rate(), major.baseline(), major.reason());
        for (String manager : directory.problemManagers()) {
            intents.add(manager, NotificationKind.MAJOR_INCIDENT, subject, null, title, text);
        }
    }

    private void suggested(KnowledgeSuggested event, Intents intents) {
        if (event.requester() == null || event.suggestions().isEmpty()) {
            return;
        }
        String number = event.ticketNumber() != null ? event.ticketNumber() : event.ticketId();
        StringBuilder text = new StringBuilder("These articles may solve ").append(number).append(" right away:\n");
        for (Suggestion s : event.suggestions()) {
            text.append("\n- ").append(s.title()).append(s.knownError() ? " (known error)" : "");
        }
        intents.add(event.requester(), NotificationKind.ARTICLES_SUGGESTED, event.ticketId(), number,
                "Articles that may help with " + number, text.toString());
    }

    private static String typeName(TicketSnapshot t) {
        return switch (t.type()) {
            case INCIDENT -> "incident";
            case SERVICE_REQUEST -> "request";
        };
    }

    private static String statusName(TicketStatus status) {
        return status.name().toLowerCase().replace('_', ' ');
    }

    private static String clockName(SlaEvent sla) {
        return switch (sla.clock()) {
            case FIRST_RESPONSE -> "first-response";
            case RESOLUTION -> "resolution";
            case TIER -> "tier " + sla.tier();
        };
    }

    private static String reason(TicketEvent event) {
        return event.reason() == null || event.reason().isBlank() ? "" : " Reason: " + event.reason();
    }

    /** Collects intents, one per person per event, skipping disabled kinds. */
    private final class Intents {

        private final Map<String, Intent> byRecipient = new LinkedHashMap<>();

        void add(String recipient, NotificationKind kind, TicketSnapshot t, String title, String text) {
            add(recipient, kind, t.id(), t.number(), title, text);
        }

        void add(String recipient, NotificationKind kind, String subject, @Nullable String reference, String title,
                String text) {
            if (!disabled.contains(kind) && !recipient.isBlank()) {
                byRecipient.putIfAbsent(recipient, new Intent(recipient, kind, subject, reference, title, text));
            }
        }

        List<Intent> list() {
            return List.copyOf(byRecipient.values());
        }
    }
}
