package org.spoc.ticket.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.ticket.config.TicketProperties;
import org.spoc.ticket.domain.Actor;
import org.spoc.ticket.domain.ImportReport;
import org.spoc.ticket.domain.ImportedTicket;
import org.spoc.ticket.domain.NewTicket;
import org.spoc.ticket.domain.TicketService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/tickets/import} (admins): a JSON array or NDJSON of historical tickets. Each row is
 * validated on its own; the answer reports imported rows (with their new numbers), rows skipped because
 * their {@code sourceId} was imported before, and rejected rows naming the field.
 */
@RestController
class ImportController {

    private static final JsonMapper ROWS = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final TicketService tickets;
    private final TicketProperties properties;

    ImportController(TicketService tickets, TicketProperties properties) {
        this.tickets = tickets;
        this.properties = properties;
    }

    record Row(@Nullable String sourceId, @Nullable TicketType type, @Nullable String title,
            @Nullable String description, @Nullable Level impact, @Nullable Level urgency, @Nullable String category,
            @Nullable String service, @Nullable String location, @Nullable String catalogItem,
            @Nullable String requester, @Nullable String assignmentGroup, @Nullable String assignee,
            @Nullable TicketStatus status, @Nullable Instant openedAt, @Nullable Instant resolvedAt,
            @Nullable Instant closedAt, @Nullable String resolutionCode, @Nullable String channel) {
    }

    @PostMapping(path = "/api/tickets/import", consumes = { "application/json", "application/x-ndjson",
            "application/ndjson", "text/plain" })
    ResponseEntity<Map<String, Object>> importTickets(@RequestBody String body, CurrentUser user) {
        if (!user.isAdmin()) {
            throw ApiException.forbidden("imports are for admins");
        }
        List<JsonNode> nodes = parse(body);
        if (nodes.size() > properties.importMaxRows()) {
            throw ApiException.badRequest("body", "at most " + properties.importMaxRows() + " rows per call");
        }
        ImportReport report = ImportReport.empty(nodes.size());
        List<ImportedTicket> valid = new ArrayList<>();
        Instant now = tickets.now();
        for (int i = 0; i < nodes.size(); i++) {
            int rowNumber = i + 1;
            JsonNode node = nodes.get(i);
            String sourceId = node.isObject() && node.path("sourceId").isString() ? node.path("sourceId").asString()
                    : null;
            try {
                valid.add(row(rowNumber, node, now, user));
            }
            catch (ApiException ex) {
                report.rejected().add(new ImportReport.Rejected(rowNumber, sourceId,
                        String.valueOf(ex.property("field")), ex.getMessage()));
            }
            catch (JacksonException ex) {
                report.rejected().add(new ImportReport.Rejected(rowNumber, sourceId, field(ex),
                        ex.getOriginalMessage()));
            }
        }
        tickets.importTickets(valid, TicketController.actor(user), report);
        return ResponseEntity.ok(Map.of("received", report.received(), "importedCount", report.imported().size(),
                "skippedCount", report.skipped().size(), "rejectedCount", report.rejected().size(),
                "imported", report.imported(), "skipped", report.skipped(), "rejected", report.rejected()));
    }

    private ImportedTicket row(int rowNumber, JsonNode node, Instant now, CurrentUser user) {
        if (!node.isObject()) {
            throw ApiException.badRequest("row", node.isString() ? node.asString() : "must be a JSON object");
        }
        Row row = ROWS.treeToValue(node, Row.class);
        String sourceId = Inputs.required("sourceId", row.sourceId(), 200);
        if (row.type() == null) {
            throw ApiException.badRequest("type", "is required (INCIDENT or SERVICE_REQUEST)");
        }
        String title = Inputs.required("title", row.title(), properties.titleMax()).strip();
        String description = row.description() == null ? ""
                : Inputs.text("description", row.description(), properties.descriptionMax());
        if (row.openedAt() == null) {
            throw ApiException.badRequest("openedAt", "is required: the ticket's original opening time");
        }
        Instant openedAt = millis(row.openedAt());
        if (openedAt.isAfter(now)) {
            throw ApiException.badRequest("openedAt", "must not be in the future");
        }
        Instant resolvedAt = row.resolvedAt() == null ? null : millis(row.resolvedAt());
        Instant closedAt = row.closedAt() == null ? null : millis(row.closedAt());
        if (resolvedAt != null && (resolvedAt.isBefore(openedAt) || resolvedAt.isAfter(now))) {
            throw ApiException.badRequest("resolvedAt", "must be between openedAt and now");
        }
        if (closedAt != null && (closedAt.isBefore(resolvedAt != null ? resolvedAt : openedAt) || closedAt.isAfter(now))) {
            throw ApiException.badRequest("closedAt", "must be between resolvedAt (or openedAt) and now");
        }
        TicketStatus status = row.status() != null ? row.status()
                : closedAt != null ? TicketStatus.CLOSED : resolvedAt != null ? TicketStatus.RESOLVED : TicketStatus.NEW;
        if (status == TicketStatus.RESOLVED && resolvedAt == null) {
            throw ApiException.badRequest("resolvedAt", "is required for a RESOLVED ticket");
        }
        if (status == TicketStatus.CLOSED && closedAt == null) {
            throw ApiException.badRequest("closedAt", "is required for a CLOSED ticket");
        }
        if (status.isOpen() && (resolvedAt != null || closedAt != null)) {
            throw ApiException.badRequest("status", status + " does not go with resolvedAt or closedAt");
        }
        String requester = Inputs.name("requester", row.requester());
        String channel = row.channel() == null ? "import" : Inputs.name("channel", row.channel());
        String code = Inputs.name("resolutionCode", row.resolutionCode());
        NewTicket spec = new NewTicket(row.type(), title, description, row.impact(), row.urgency(),
                Inputs.name("category", row.category()), Inputs.name("service", row.service()),
                Inputs.optional("location", row.location(), 200), Inputs.name("catalogItem", row.catalogItem()),
                Map.of(), requester == null ? user.username() : requester,
                channel == null ? "import" : channel.toLowerCase(Locale.ROOT));
        return new ImportedTicket(rowNumber, sourceId, spec, Inputs.name("assignmentGroup", row.assignmentGroup()),
                Inputs.name("assignee", row.assignee()), status, openedAt, resolvedAt, closedAt,
                code == null ? null : code.toUpperCase(Locale.ROOT));
    }

    private static List<JsonNode> parse(String body) {
        String text = body.strip();
        List<JsonNode> nodes = new ArrayList<>();
        if (text.isEmpty()) {
            throw ApiException.badRequest("body", "is empty: send a JSON array or NDJSON of tickets");
        }
        try {
            if (text.startsWith("[")) {
                JsonNode array = ROWS.readTree(text);
                array.forEach(nodes::add);
            }
            else {
                int line = 0;
                for (String l : text.split("\\r?\\n")) {
                    line++;
                    if (l.isBlank()) {
                        continue;
                    }
                    try {
                        nodes.add(ROWS.readTree(l));
                    }
                    catch (JacksonException ex) {
                        nodes.add(tools.jackson.databind.node.JsonNodeFactory.instance
                                .stringNode("line " + line + " is not JSON: " + ex.getOriginalMessage()));
                    }
                }
            }
        }
        catch (JacksonException ex) {
            throw ApiException.badRequest("body", "is not a JSON array: " + ex.getOriginalMessage());
        }
        return nodes;
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static String field(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            }
        }
        return path.isEmpty() ? "row" : path.toString();
    }
}
