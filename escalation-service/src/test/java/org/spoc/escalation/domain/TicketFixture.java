package org.spoc.escalation.domain;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.CommentData;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.FieldChange;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.events.ticket.Visibility;

/** A ticket whose changes produce the events ticket-service would publish, version by version. */
public final class TicketFixture {

    public String id = "t-1";
    public String number = "INC0000001";
    public TicketType type = TicketType.INCIDENT;
    public TicketStatus status = TicketStatus.NEW;
    public Priority priority = Priority.P3;
    public @Nullable String category = "Network";
    public String requester = "alice";
    public @Nullable String group = "service-desk";
    public int tier = 1;
    public long version = 1;
    public Instant openedAt;
    public @Nullable Instant firstRespondedAt;

    public TicketFixture(Instant openedAt) {
        this.openedAt = openedAt;
    }

    public TicketFixture id(String id) {
        this.id = id;
        return this;
    }

    public TicketEvent event(Instant at) {
        return event(at, (CommentData) null);
    }

    /** The event of a change of these fields (ticket-service lists what each change event changed). */
    public TicketEvent changeEvent(Instant at, List<FieldChange> changes) {
        TicketEvent event = event(at);
        return new TicketEvent(event.ticket(), changes, event.actor(), event.reason(), event.comment(), event.workLog());
    }

    public TicketEvent event(Instant at, @Nullable CommentData comment) {
        TicketSnapshot snapshot = new TicketSnapshot(id, number, type, "VPN is down", "cannot connect", status,
                priority, Level.MEDIUM, Level.MEDIUM, category, null, null, null, requester, group, tier, null, null,
                null, null, null, version, openedAt, at, firstRespondedAt, null, null);
        return new TicketEvent(snapshot, List.of(), requester, null, comment, null);
    }

    /** The next version, as a new change would make it. */
    public TicketFixture next() {
        version++;
        return this;
    }

    public static CommentData comment(String author, Visibility visibility, Instant at) {
        return new CommentData("c-" + at.toEpochMilli(), author, "hello", visibility, at);
    }
}
