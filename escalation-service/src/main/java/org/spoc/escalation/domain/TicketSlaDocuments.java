package org.spoc.escalation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.events.escalation.EscalationKind;
import org.spoc.events.escalation.SlaClockKind;
import org.spoc.events.escalation.SlaClockState;
import org.spoc.events.escalation.SlaSummary;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.kit.outbox.OutboxEntry;

/**
 * The stored shape of a {@link TicketSla}: one document per ticket holding its clocks, escalations,
 * tier history, the timer field {@code nextDueAt} (with its lease) and the kit's {@code outbox}.
 * Durations are stored as milliseconds, instants as BSON dates.
 */
public final class TicketSlaDocuments {

    public static final String COLLECTION = "ticket_slas";
    public static final String NEXT_DUE_AT = "nextDueAt";
    public static final String TIMER_LEASE = "timerLease";
    public static final String TIMER_OWNER = "timerOwner";
    public static final String VERSION = "version";
    public static final String OPEN = "open";
    public static final String TEAMS = "teams";

    private TicketSlaDocuments() {
    }

    /** Every field the aggregate owns (not {@code _id}, version, outbox or the timer lease). */
    public static Document state(TicketSla sla) {
        Document d = new Document();
        d.put("number", sla.number());
        d.put("title", sla.title());
        d.put("type", sla.type().name());
        d.put("priority", sla.priority().name());
        d.put("category", sla.category());
        d.put("service", sla.service());
        d.put("requester", sla.requester());
        d.put("group", sla.group());
        d.put("tier", sla.tier());
        d.put("status", sla.status().name());
        d.put(OPEN, sla.status().isOpen());
        d.put("ticketVersion", sla.ticketVersion());
        d.put("openedAt", date(sla.openedAt()));
        d.put("policyId", sla.policyId());
        d.put("pauseOn", sla.pauseOn().stream().map(Enum::name).sorted().toList());
        d.put("clocks", sla.clocks().stream().map(TicketSlaDocuments::clock).toList());
        d.put("escalations", sla.escalations().stream().map(TicketSlaDocuments::escalation).toList());
        d.put("reassignments", sla.reassignments());
        d.put("bounceBacks", sla.bounceBacks());
        d.put("tierHistory", sla.tierHistory().stream().map(TicketSlaDocuments::stay).toList());
        d.put("p1Escalated", sla.p1Escalated());
        d.put("churnEscalated", sla.churnEscalated());
        d.put("clockSeq", sla.clockSeq());
        d.put(TEAMS, List.copyOf(sla.teams()));
        d.put(NEXT_DUE_AT, date(sla.nextDueAt()));
        return d;
    }

    /** A new document: state, id, version 1 and the outbox. */
    public static Document newDocument(TicketSla sla, List<OutboxEntry> outbox) {
        Document d = new Document("_id", sla.ticketId());
        d.putAll(state(sla));
        d.put(VERSION, 1L);
        d.put(OutboxEntry.FIELD, outbox.stream().map(TicketSlaDocuments::outboxEntry).toList());
        return d;
    }

    public static Document outboxEntry(OutboxEntry entry) {
        return entry.toDocument();
    }

    /** The events of an outbox entry list, as stored (for tools and tests). */
    public static List<CloudEvent> outboxEvents(Document d) {
        List<CloudEvent> events = new ArrayList<>();
        for (Document e : d.getList(OutboxEntry.FIELD, Document.class, List.of())) {
            events.add(OutboxEntry.fromDocument(e).toCloudEvent());
        }
        return events;
    }

    public static TicketSla read(Document d) {
        List<SlaClock> clocks = d.getList("clocks", Document.class, List.of()).stream().map(TicketSlaDocuments::clock).toList();
        List<Escalation> escalations = d.getList("escalations", Document.class, List.of()).stream()
                .map(TicketSlaDocuments::escalation).toList();
        List<TierStay> stays = d.getList("tierHistory", Document.class, List.of()).stream()
                .map(s -> new TierStay(s.getInteger("tier"), s.getString("team"), instant(s, "enteredAt"),
                        instantOrNull(s, "leftAt")))
                .toList();
        Set<TicketStatus> pauseOn = new LinkedHashSet<>();
        d.getList("pauseOn", String.class, List.of()).forEach(s -> pauseOn.add(TicketStatus.valueOf(s)));
        Number version = d.get(VERSION, Number.class);
        return new TicketSla(d.getString("_id"), d.getString("number"), d.getString("title"),
                TicketType.valueOf(d.getString("type")), Priority.valueOf(d.getString("priority")),
                d.getString("category"), d.getString("service"), d.getString("requester"), d.getString("group"),
                d.getInteger("tier", 1), TicketStatus.valueOf(d.getString("status")),
                d.get("ticketVersion", Number.class).longValue(), instant(d, "openedAt"), d.getString("policyId"),
                pauseOn, clocks, escalations, d.getInteger("reassignments", 0), d.getInteger("bounceBacks", 0), stays,
                d.getBoolean("p1Escalated", false), d.getBoolean("churnEscalated", false), d.getInteger("clockSeq", 0),
                version == null ? 0 : version.longValue());
    }

    static Document clock(SlaClock c) {
        return new Document("id", c.id()).append("kind", c.kind().name()).append("tier", c.tier())
                .append("team", c.team()).append("startedAt", date(c.startedAt())).append("policyId", c.policyId())
                .append("calendarId", c.calendarId()).append("calendarVersion", c.calendarVersion())
                .append("target", c.target().toMillis()).append("warnAt", c.warnAt())
                .append("elapsedBefore", c.elapsedBefore().toMillis()).append("runningSince", date(c.runningSince()))
                .append("dueAt", date(c.dueAt())).append("warnDueAt", date(c.warnDueAt()))
                .append("warnedAt", date(c.warnedAt())).append("breachedAt", date(c.breachedAt()))
                .append("stoppedAt", date(c.stoppedAt()))
                .append("outcome", c.outcome() == null ? null : c.outcome().name())
                .append("explain", c.explain().stream().map(s -> new Document("at", date(s.at()))
                        .append("event", s.event()).append("detail", s.detail())
                        .append("elapsed", s.elapsed().toMillis()).append("dueAt", date(s.dueAt()))).toList());
    }

    static SlaClock clock(Document d) {
        List<ExplainStep> explain = d.getList("explain", Document.class, List.of()).stream()
                .map(s -> new ExplainStep(instant(s, "at"), s.getString("event"), s.getString("detail"),
                        Duration.ofMillis(s.get("elapsed", Number.class).longValue()), instantOrNull(s, "dueAt")))
                .toList();
        String outcome = d.getString("outcome");
        return new SlaClock(d.getString("id"), SlaClockKind.valueOf(d.getString("kind")), d.getInteger("tier"),
                d.getString("team"), instant(d, "startedAt"), d.getString("policyId"), d.getString("calendarId"),
                d.getInteger("calendarVersion", 1), Duration.ofMillis(d.get("target", Number.class).longValue()),
                d.get("warnAt", Number.class).doubleValue(),
                Duration.ofMillis(d.get("elapsedBefore", Number.class).longValue()), instantOrNull(d, "runningSince"),
                instantOrNull(d, "dueAt"), instantOrNull(d, "warnDueAt"), instantOrNull(d, "warnedAt"),
                instantOrNull(d, "breachedAt"), instantOrNull(d, "stoppedAt"),
                outcome == null ? null : SlaClockState.valueOf(outcome), explain);
    }

    static Document escalation(Escalation e) {
        SlaSummary sla = e.sla();
        return new Document("id", e.id()).append("fromTier", e.fromTier()).append("toTier", e.toTier())
                .append("fromTeam", e.fromTeam()).append("team", e.team()).append("kind", e.kind().name())
                .append("trigger", e.trigger()).append("reason", e.reason()).append("requestedBy", e.requestedBy())
                .append("manager", e.manager()).append("at", date(e.at()))
                .append("sla", sla == null ? null : new Document("clock", sla.clock().name())
                        .append("state", sla.state().name()).append("dueAt", date(sla.dueAt()))
                        .append("elapsedRatio", sla.elapsedRatio()).append("breached", sla.breached()));
    }

    static Escalation escalation(Document d) {
        Document s = d.get("sla", Document.class);
        SlaSummary sla = s == null ? null : new SlaSummary(SlaClockKind.valueOf(s.getString("clock")),
                SlaClockState.valueOf(s.getString("state")), instantOrNull(s, "dueAt"),
                s.get("elapsedRatio", Number.class).doubleValue(), s.getBoolean("breached", false));
        return new Escalation(d.getString("id"), d.getInteger("fromTier"), d.getInteger("toTier"),
                d.getString("fromTeam"), d.getString("team"), EscalationKind.valueOf(d.getString("kind")),
                d.getString("trigger"), d.getString("reason"), d.getString("requestedBy"), d.getString("manager"), sla,
                instant(d, "at"));
    }

    static Document stay(TierStay s) {
        return new Document("tier", s.tier()).append("team", s.team()).append("enteredAt", date(s.enteredAt()))
                .append("leftAt", date(s.leftAt()));
    }

    static @Nullable Date date(@Nullable Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Document d, String field) {
        return d.getDate(field).toInstant();
    }

    static @Nullable Instant instantOrNull(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
