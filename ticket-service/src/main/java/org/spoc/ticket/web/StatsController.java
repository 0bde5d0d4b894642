package org.spoc.ticket.web;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.ticket.domain.DeskStatistics;
import org.spoc.ticket.domain.TicketService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/tickets/stats?from=&to=&zone=}: the desk's figures (the desk only). Default: the last 30 days. */
@RestController
class StatsController {

    private static final Duration MAX_WINDOW = Duration.ofDays(400);

    private final TicketService tickets;

    StatsController(TicketService tickets) {
        this.tickets = tickets;
    }

    @GetMapping("/api/tickets/stats")
    DeskStatistics stats(CurrentUser user, @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to, @RequestParam(required = false) @Nullable String zone) {
        if (!user.isAgent()) {
            throw ApiException.forbidden("statistics are for the service desk");
        }
        ZoneId zoneId;
        try {
            zoneId = zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        }
        catch (DateTimeException ex) {
            throw ApiException.badRequest("zone", "must be a zone id such as Europe/Berlin");
        }
        Instant end = to == null ? tickets.now().plusMillis(1) : instant("to", to, zoneId);
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : instant("from", from, zoneId);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.badRequest("from", "the window may span at most 400 days");
        }
        return tickets.statistics(start, end, zoneId);
    }

    private static Instant instant(String field, String value, ZoneId zone) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
            return Instant.parse(value);
        }
        catch (DateTimeException ex) {
            throw ApiException.badRequest(field, "must be an ISO-8601 instant or date, e.g. 2026-03-01T00:00:00Z");
        }
    }
}
