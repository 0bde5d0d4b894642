package org.spoc.escalation.web;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.escalation.domain.Escalation;
import org.spoc.escalation.domain.SlaService;
import org.spoc.escalation.domain.TicketSla;
import org.spoc.escalation.domain.TicketSlaDocuments;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.kit.web.SafeInput;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Escalations: list, ask for one, and follow a team's live. Desk only. */
@RestController
class EscalationController {

    private static final int MAX_LISTED = 1000;

    private final SlaService sla;
    private final EscalationStreams streams;

    EscalationController(SlaService sla, EscalationStreams streams) {
        this.sla = sla;
        this.streams = streams;
    }

    record EscalationRequest(@Nullable String ticketId, @Nullable String reason) {
    }

    @GetMapping("/api/escalations")
    List<EscalationView> list(@RequestParam(required = false) @Nullable String ticketId,
            @RequestParam(required = false) @Nullable String team,
            @RequestParam(required = false) @Nullable String since, CurrentUser user) {
        desk(user);
        Instant from = since == null ? Instant.EPOCH : instant("since", since);
        Document filter = new Document();
        if (ticketId != null) {
            filter.append("_id", SafeInput.text("ticketId", ticketId));
        }
        else if (team != null) {
            filter.append(TicketSlaDocuments.TEAMS, SafeInput.text("team", team));
        }
        else {
            filter.append("escalations.0", new Document("$exists", true));
        }
        return sla.repository().findAll(filter).stream().map(TicketSlaDocuments::read)
                .flatMap(t -> t.escalations().stream()
                        .filter(e -> team == null || e.team().equals(team))
                        .filter(e -> !e.at().isBefore(from))
                        .map(e -> EscalationView.of(t, e)))
                .sorted(Comparator.comparing(EscalationView::at).thenComparing(EscalationView::id))
                .limit(MAX_LISTED).toList();
    }

    /** An agent asks to move a ticket to the next tier. */
    @PostMapping("/api/escalations")
    ResponseEntity<EscalationView> request(@RequestBody EscalationRequest body, CurrentUser user) {
        if (!user.isAgent()) {
            throw ApiException.forbidden("only agents escalate tickets");
        }
        String ticketId = required("ticketId", body.ticketId());
        String reason = required("reason", body.reason());
        if (reason.length() > 2000) {
            throw ApiException.badRequest("reason", "must be at most 2000 characters");
        }
        try {
            Escalation escalation = sla.requestEscalation(ticketId, user.username(), reason);
            TicketSla ticket = sla.find(ticketId).orElseThrow();
            return ResponseEntity.created(URI.create("/api/escalations?ticketId=" + ticketId))
                    .body(EscalationView.of(ticket, escalation));
        }
        catch (NoSuchElementException ex) {
            throw ApiException.notFound("ticket " + ticketId);
        }
        catch (IllegalStateException ex) {
            throw ApiException.conflict(ex.getMessage(), java.util.Map.of());
        }
    }

    /** Server-sent events: every escalation raised to {@code team} (all teams without it), as it happens. */
    @GetMapping(path = "/api/escalations/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false) @Nullable String team, CurrentUser user) {
        desk(user);
        return streams.open(team == null ? null : SafeInput.text("team", team));
    }

    private static void desk(CurrentUser user) {
        if (!user.isAgent()) {
            throw ApiException.forbidden("escalations are for the desk");
        }
    }

    private static String required(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, "is required");
        }
        return SafeInput.text(field, value.strip());
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        }
        catch (DateTimeParseException ex) {
            throw ApiException.badRequest(field, "must be an ISO-8601 instant such as 2026-11-23T09:00:00Z");
        }
    }
}
