package org.spoc.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.EscalationRaised;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.escalation.SlaEvent;
import org.spoc.events.escalation.SlaSummary;
import org.spoc.events.knowledge.ArticleEvent;
import org.spoc.events.knowledge.ArticleSnapshot;
import org.spoc.events.knowledge.DraftProposed;
import org.spoc.events.knowledge.KnowledgeSuggested;
import org.spoc.events.knowledge.Suggestion;
import org.spoc.events.notification.NotificationOutcome;
import org.spoc.events.problem.IncidentLinked;
import org.spoc.events.problem.LinkedIncident;
import org.spoc.events.problem.MajorIncident;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.events.problem.ProblemSnapshot;
import org.spoc.events.ticket.CommentData;
import org.spoc.events.ticket.FieldChange;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.events.ticket.Visibility;
import org.spoc.events.ticket.WorkLogData;

/**
 * A realistic sample of every event type, for tests anywhere in SPOC. They tell one story: alice's
 * VPN keeps dropping (INC0001234, P2), the desk escalates it to network-ops, problem-service groups it
 * with similar incidents into PRB0000042, knowledge-service suggests and publishes articles, and
 * notification-service reports its deliveries. Every sample is valid against its JSON Schema (a test
 * in this module proves it), so tests elsewhere can start from one and change what they need.
 */
public final class EventSamples {

    /** The instant the story is told at: every sample's event time. */
    public static final Instant AT = Instant.parse("2026-11-20T14:30:00Z");
    public static final Instant OPENED_AT = Instant.parse("2026-11-20T09:12:40Z");

    public static final String TICKET_ID = "6740a1f2c9e77b3d5a1e0c41";
    public static final String TICKET_NUMBER = "INC0001234";
    public static final String TICKET_TITLE = "VPN drops every few minutes";
    public static final String REQUESTER = "alice";
    public static final String PROBLEM_ID = "6740b3aa0d2f4c1e9b7a5512";
    public static final String PROBLEM_NUMBER = "PRB0000042";
    public static final String ARTICLE_ID = "6740c07e5b3d2a19f4e8c703";
    public static final String DRAFT_ARTICLE_ID = "6740c5d13e9a7b28c1f0d994";
    public static final String ESCALATION_ID = "6740b0190a4e6f3d2c8b1177";
    public static final String MAJOR_INCIDENT_ID = "6740b41c7f2e8d0a3b6c9a21";
    public static final String NOTIFICATION_ID = "6740b0a85e1c3f7d9a2b4e60";

    private EventSamples() {
    }

    /** The payload record of {@code type}, an instance of {@link EventType#payload()}. */
    public static Object payload(EventType type) {
        return switch (type) {
            case TICKET_OPENED -> new TicketEvent(
                    ticket(TicketStatus.NEW, "service-desk", 1, null, 1, OPENED_AT, null, null),
                    List.of(), REQUESTER, null, null, null);
            case TICKET_CHANGED -> new TicketEvent(
                    ticket(TicketStatus.NEW, "service-desk", 1, null, 2, OPENED_AT.plusSeconds(300), null, null),
                    List.of(new FieldChange("category", "hardware", "network"),
                            new FieldChange("location", null, "berlin-hq")),
                    "hank", "recategorised on triage", null, null);
            case TICKET_ASSIGNED -> new TicketEvent(
                    ticket(TicketStatus.ASSIGNED, "service-desk", 1, "hank", 3, OPENED_AT.plusSeconds(540), null, null),
                    List.of(new FieldChange("assignee", null, "hank"), new FieldChange("status", "NEW", "ASSIGNED")),
                    "hank", null, null, null);
            case TICKET_STATUS_CHANGED -> new TicketEvent(
                    ticket(TicketStatus.IN_PROGRESS, "service-desk", 1, "hank", 4, OPENED_AT.plusSeconds(720), null,
                            null),
                    List.of(new FieldChange("status", "ASSIGNED", "IN_PROGRESS")), "hank", null, null, null);
            case TICKET_COMMENTED -> new TicketEvent(
                    ticket(TicketStatus.IN_PROGRESS, "service-desk", 1, "hank", 5, OPENED_AT.plusSeconds(900), null,
                            null),
                    List.of(), "hank", null,
                    new CommentData("c-3f9a", "hank",
                            "Which VPN gateway does your client show under Settings > Connection?",
                            Visibility.PUBLIC, OPENED_AT.plusSeconds(900)),
                    null);
            case TICKET_WORK_LOGGED -> new TicketEvent(
                    ticket(TicketStatus.IN_PROGRESS, "network-ops", 2, "nora", 9, AT.minusSeconds(1200), null, null),
                    List.of(), "nora", null, null,
                    new WorkLogData("w-81c2", "nora", 45, "Captured packets on vpn-gw-2; MTU mismatch suspected", 75,
                            AT.minusSeconds(1200)));
            case TICKET_RESOLVED -> new TicketEvent(
                    ticket(TicketStatus.RESOLVED, "network-ops", 2, "nora", 10, AT, AT, null),
                    List.of(new FieldChange("status", "IN_PROGRESS", "RESOLVED"),
                            new FieldChange("resolutionCode", null, "WORKAROUND")),
                    "nora", "Moved the user to vpn-gw-1 while vpn-gw-2 is fixed (PRB0000042)", null, null);
            case TICKET_CLOSED -> new TicketEvent(
                    ticket(TicketStatus.CLOSED, "network-ops", 2, "nora", 11, AT.plus(Duration.ofDays(5)), AT,
                            AT.plus(Duration.ofDays(5))),
                    List.of(new FieldChange("status", "RESOLVED", "CLOSED")), "system",
                    "closed automatically 5 days after resolution", null, null);
            case TICKET_REOPENED -> new TicketEvent(
                    ticket(TicketStatus.IN_PROGRESS, "network-ops", 2, "nora", 11, AT.plus(Duration.ofDays(1)), null,
                            null),
                    List.of(new FieldChange("status", "RESOLVED", "IN_PROGRESS")), REQUESTER,
                    "It dropped again twice this morning", null, null);

            case SLA_STARTED -> sla(SlaClockKind.RESOLUTION, SlaClockState.RUNNING, OPENED_AT.plus(Duration.ofHours(8)),
                    Duration.ofHours(8), Duration.ZERO, false, OPENED_AT);
            case SLA_PAUSED -> sla(SlaClockKind.RESOLUTION, SlaClockState.PAUSED, null, Duration.ofHours(8),
                    Duration.ofMinutes(95), false, OPENED_AT.plus(Duration.ofMinutes(95)));
            case SLA_RESUMED -> sla(SlaClockKind.RESOLUTION, SlaClockState.RUNNING,
                    OPENED_AT.plus(Duration.ofHours(8)).plus(Duration.ofMinutes(40)), Duration.ofHours(8),
                    Duration.ofMinutes(95), false, OPENED_AT.plus(Duration.ofMinutes(135)));
            case SLA_WARNING -> sla(SlaClockKind.RESOLUTION, SlaClockState.RUNNING,
                    OPENED_AT.plus(Duration.ofHours(8)).plus(Duration.ofMinutes(40)), Duration.ofHours(8),
                    Duration.ofHours(6), false, AT.minus(Duration.ofMinutes(17)).minusSeconds(20));
            case SLA_BREACHED -> sla(SlaClockKind.RESOLUTION, SlaClockState.BREACHED,
                    OPENED_AT.plus(Duration.ofHours(8)).plus(Duration.ofMinutes(40)), Duration.ofHours(8),
                    Duration.ofHours(8).plusMinutes(25).plusMillis(500), true,
                    OPENED_AT.plus(Duration.ofHours(9)).plus(Duration.ofMinutes(5)));
            case SLA_MET -> sla(SlaClockKind.FIRST_RESPONSE, SlaClockState.MET, OPENED_AT.plus(Duration.ofMinutes(30)),
                    Duration.ofMinutes(30), Duration.ofMinutes(15), false, OPENED_AT.plus(Duration.ofMinutes(15)));
            case ESCALATION_RAISED -> new EscalationRaised(ESCALATION_ID, TICKET_ID, TICKET_NUMBER, TICKET_TITLE, "P2",
                    "network", "vpn", REQUESTER, 1, 2, "service-desk", "network-ops", EscalationKind.FUNCTIONAL,
                    "Resolution SLA at 75% with the ticket still at tier 1", null, null,
                    new SlaSummary(SlaClockKind.RESOLUTION, SlaClockState.RUNNING,
                            OPENED_AT.plus(Duration.ofHours(8)).plus(Duration.ofMinutes(40)), 0.75, false),
                    AT.minus(Duration.ofMinutes(17)));

            case PROBLEM_DETECTED -> new ProblemEvent(problem("NEW", null, null, true, 4, 1, null), incidents(4),
                    "4 incidents within 2h share service vpn, category network and location berlin-hq", null);
            case PROBLEM_INCIDENT_LINKED -> new IncidentLinked(PROBLEM_ID, PROBLEM_NUMBER,
                    "Repeated VPN disconnects at Berlin HQ", "NEW",
                    new LinkedIncident("6740a9e41c5b7d3f2a0e8b66", "INC0001240", "carol", "VPN disconnecting",
                            AT.minus(Duration.ofMinutes(50))),
                    0.82, "same service and location, similar text", null, null);
            case PROBLEM_KNOWN_ERROR -> new ProblemEvent(
                    problem("KNOWN_ERROR", "MTU mismatch on vpn-gw-2 since firmware 10.2.4",
                            "Connect to vpn-gw-1 (client: Settings > Gateway > Frankfurt)", true, 6, 4, null),
                    incidents(6), null, "vera");
            case PROBLEM_MAJOR_INCIDENT -> new MajorIncident(MAJOR_INCIDENT_ID, PROBLEM_ID, "vpn", "network",
                    incidents(6), 12.0, 1.5, 6, "12 incidents/h on service vpn against a baseline of 1.5/h",
                    AT.minus(Duration.ofHours(1)), AT);
            case PROBLEM_RESOLVED -> new ProblemEvent(
                    problem("RESOLVED", "MTU mismatch on vpn-gw-2 since firmware 10.2.4",
                            "Connect to vpn-gw-1 (client: Settings > Gateway > Frankfurt)", true, 6, 6,
                            AT.plus(Duration.ofDays(2))),
                    incidents(6), "firmware 10.2.5 deployed on vpn-gw-2", "vera");

            case KNOWLEDGE_PUBLISHED -> new ArticleEvent(article("PUBLISHED", 3, null, false), "mia");
            case KNOWLEDGE_RETIRED -> new ArticleEvent(article("RETIRED", 4, PROBLEM_ID, true), "mia");
            case KNOWLEDGE_SUGGESTED -> new KnowledgeSuggested(TICKET_ID, TICKET_NUMBER, REQUESTER, List.of(
                    new Suggestion(ARTICLE_ID, "VPN keeps disconnecting", 0.91, true,
                            "If your VPN drops every few minutes, switch to the Frankfurt gateway"),
                    new Suggestion("6740c0905b3d2a19f4e8c7a0", "Reset your VPN client profile", 0.47, false, null)));
            case KNOWLEDGE_DRAFT_PROPOSED -> new DraftProposed(DRAFT_ARTICLE_ID,
                    "Work around VPN disconnects caused by vpn-gw-2", TICKET_ID, TICKET_NUMBER,
                    List.of("6740a9e41c5b7d3f2a0e8b66", "6740aa1b1c5b7d3f2a0e8b70"), 3);

            case NOTIFICATION_DELIVERED -> new NotificationOutcome(NOTIFICATION_ID, "WEBHOOK",
                    "https://hooks.network-ops.example.com/spoc", sampleId(EventType.ESCALATION_RAISED),
                    EventType.ESCALATION_RAISED.type(), "INC0001234 escalated to network-ops", 1, 204, null, 87,
                    AT.minus(Duration.ofMinutes(17)).plusMillis(87));
            case NOTIFICATION_FAILED -> new NotificationOutcome("6740b0a85e1c3f7d9a2b4e61", "EMAIL",
                    "alice@example.com", sampleId(EventType.TICKET_COMMENTED), EventType.TICKET_COMMENTED.type(),
                    "[INC0001234] New comment on your ticket", 5, null, "550 5.1.1 mailbox unavailable", 2310,
                    OPENED_AT.plus(Duration.ofMinutes(46)));
        };
    }

    /** The payload of {@code type} as EventJson writes it. */
    public static String json(EventType type) {
        return EventJson.write(payload(type));
    }

    /**
     * The {@code ce_subject} and record key of the sample of {@code type}: the ticket id for ticket,
     * SLA, escalation and suggestion events; the problem id for problem events; the article id for
     * article events; the notification id for notification events.
     */
    public static String subject(EventType type) {
        return switch (type) {
            case TICKET_OPENED, TICKET_CHANGED, TICKET_ASSIGNED, TICKET_STATUS_CHANGED, TICKET_COMMENTED,
                    TICKET_WORK_LOGGED, TICKET_RESOLVED, TICKET_CLOSED, TICKET_REOPENED, SLA_STARTED, SLA_PAUSED,
                    SLA_RESUMED, SLA_WARNING, SLA_BREACHED, SLA_MET, ESCALATION_RAISED, KNOWLEDGE_SUGGESTED -> TICKET_ID;
            case PROBLEM_DETECTED, PROBLEM_INCIDENT_LINKED, PROBLEM_KNOWN_ERROR, PROBLEM_MAJOR_INCIDENT,
                    PROBLEM_RESOLVED -> PROBLEM_ID;
            case KNOWLEDGE_PUBLISHED, KNOWLEDGE_RETIRED -> ARTICLE_ID;
            case KNOWLEDGE_DRAFT_PROPOSED -> DRAFT_ARTICLE_ID;
            case NOTIFICATION_DELIVERED, NOTIFICATION_FAILED -> ((NotificationOutcome) payload(type)).notificationId();
        };
    }

    /**
     * The sample as a whole CloudEvent: a stable id, the type's source and topic, keyed by its
     * subject, at {@link #AT}; {@code spoc.escalation.raised.v1} also carries {@code spoc_team} and
     * {@code spoc_tier}.
     */
    public static CloudEvent cloudEvent(EventType type) {
        Map<String, String> headers = Map.of();
        if (type == EventType.ESCALATION_RAISED) {
            EscalationRaised raised = (EscalationRaised) payload(type);
            headers = Map.of(CloudEvent.H_TEAM, raised.team(), CloudEvent.H_TIER, Integer.toString(raised.toTier()));
        }
        String subject = subject(type);
        return new CloudEvent(sampleId(type), type.type(), type.source(), subject, AT, type.topic(), subject,
                json(type), headers);
    }

    /** The ticket of the story after {@code version} changes (INC0001234, alice's VPN, P2). */
    public static TicketSnapshot ticket(TicketStatus status, String group, int tier, @Nullable String assignee,
            long version, Instant updatedAt, @Nullable Instant resolvedAt, @Nullable Instant closedAt) {
        return new TicketSnapshot(TICKET_ID, TICKET_NUMBER, TicketType.INCIDENT, TICKET_TITLE,
                "Since this morning my VPN disconnects every 5 to 10 minutes, so Teams calls drop. "
                        + "Colleagues on the 3rd floor have the same problem.",
                status, Priority.P2, Level.HIGH, Level.MEDIUM, "network", "vpn", "berlin-hq", null, REQUESTER,
                group, tier, assignee, "portal", version >= 9 ? PROBLEM_ID : null,
                status == TicketStatus.RESOLVED || status == TicketStatus.CLOSED ? "WORKAROUND" : null,
                List.of(ARTICLE_ID), version, OPENED_AT, updatedAt,
                version >= 3 ? OPENED_AT.plusSeconds(540) : null, resolvedAt, closedAt);
    }

    private static SlaEvent sla(SlaClockKind clock, SlaClockState state, @Nullable Instant dueAt, Duration target,
            Duration elapsed, boolean late, Instant at) {
        return new SlaEvent(TICKET_ID, TICKET_NUMBER, clock, "p2-incident", "24x7",
                clock == SlaClockKind.TIER ? 2 : null, clock == SlaClockKind.TIER ? "network-ops" : null, "P2", state,
                OPENED_AT, dueAt, target, elapsed, target.minus(elapsed), late, at);
    }

    private static ProblemSnapshot problem(String status, @Nullable String rootCause, @Nullable String workaround,
            boolean detected, int incidentCount, long version, @Nullable Instant resolvedAt) {
        return new ProblemSnapshot(PROBLEM_ID, PROBLEM_NUMBER, "Repeated VPN disconnects at Berlin HQ", status, "P2",
                "vpn", "network", "berlin-hq", rootCause, workaround, detected, incidentCount, version,
                AT.minus(Duration.ofHours(2)), resolvedAt != null ? resolvedAt : AT, resolvedAt);
    }

    private static List<LinkedIncident> incidents(int count) {
        List<LinkedIncident> all = List.of(
                new LinkedIncident(TICKET_ID, TICKET_NUMBER, REQUESTER, TICKET_TITLE, AT.minus(Duration.ofHours(2))),
                new LinkedIncident("6740a5c01c5b7d3f2a0e8b52", "INC0001236", "bob", "VPN unstable since morning",
                        AT.minus(Duration.ofHours(2))),
                new LinkedIncident("6740a7d31c5b7d3f2a0e8b5c", "INC0001238", "dave", "Cannot stay connected to VPN",
                        AT.minus(Duration.ofHours(2))),
                new LinkedIncident("6740a9e41c5b7d3f2a0e8b66", "INC0001240", "carol", "VPN disconnecting",
                        AT.minus(Duration.ofMinutes(50))),
                new LinkedIncident("6740aa1b1c5b7d3f2a0e8b70", "INC0001241", "erin", null,
                        AT.minus(Duration.ofMinutes(35))),
                new LinkedIncident("6740aa5f1c5b7d3f2a0e8b7a", null, null, null, AT.minus(Duration.ofMinutes(20))));
        return all.subList(0, count);
    }

    private static ArticleSnapshot article(String status, int version, @Nullable String problemId,
            boolean knownError) {
        return new ArticleSnapshot(ARTICLE_ID, "VPN keeps disconnecting",
                "If your VPN drops every few minutes, switch to the Frankfurt gateway until the fix is rolled out.",
                List.of("vpn", "disconnect", "gateway", "globalprotect"), "network", "vpn", "REQUESTERS", status,
                version, problemId, knownError, AT);
    }

    private static String sampleId(EventType type) {
        return UUID.nameUUIDFromBytes(("spoc-sample:" + type.type()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
