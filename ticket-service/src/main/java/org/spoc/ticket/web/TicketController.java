package org.spoc.ticket.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.spoc.events.EventJson;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.events.ticket.Visibility;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.ticket.domain.Actor;
import org.spoc.ticket.domain.CreateResult;
import org.spoc.ticket.domain.DeskPolicy;
import org.spoc.ticket.domain.NewTicket;
import org.spoc.ticket.domain.Resolution;
import org.spoc.ticket.domain.Ticket;
import org.spoc.ticket.domain.TicketChanges;
import org.spoc.ticket.domain.TicketQuery;
import org.spoc.ticket.domain.TicketService;
import org.spoc.ticket.domain.WorkLogEntry;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/** {@code /api/tickets}: DESIGN.md §4. Requesters see and act on their own tickets only (404 otherwise). */
@RestController
@RequestMapping("/api/tickets")
class TicketController {

    private static final Set<String> SORTABLE = Set.of("number", "openedAt", "updatedAt", "priority", "status",
            "dueAt", "title", "type");
    private static final Set<String> CHANNELS = Set.of("portal", "email", "phone", "chat", "walk-in", "api",
            "monitoring");

    private final TicketService tickets;
    private final DeskPolicy policy;

    TicketController(TicketService tickets) {
        this.tickets = tickets;
        this.policy = tickets.policy();
    }

    static Actor actor(CurrentUser user) {
        return new Actor(user.username(), user.isAgent(), user.isAdmin(), user.groups());
    }

    // ---------------------------------------------------------------- create and read

    @PostMapping
    ResponseEntity<Views.TicketView> create(@RequestBody Requests.CreateTicket body, CurrentUser user,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        Actor actor = actor(user);
        if (body.type() == null) {
            throw ApiException.badRequest("type", "is required (INCIDENT or SERVICE_REQUEST)");
        }
        String title = Inputs.required("title", body.title(), policy.titleMax()).strip();
        String description = body.description() == null ? ""
                : Inputs.text("description", body.description(), policy.descriptionMax());
        String requester = actor.name();
        if (body.requester() != null) {
            if (actor.requesterOnly()) {
                throw ApiException.badRequest("requester", "is read-only for requesters: a ticket is always yours");
            }
            requester = Inputs.name("requester", body.requester());
            if (requester == null) {
                throw ApiException.badRequest("requester", "must not be blank");
            }
        }
        String channel = body.channel() == null ? (actor.requesterOnly() ? "portal" : "api")
                : body.channel().toLowerCase(Locale.ROOT);
        if (!CHANNELS.contains(channel)) {
            throw ApiException.badRequest("channel", "must be one of " + CHANNELS.stream().sorted().toList());
        }
        String key = idempotencyKey(idempotencyKey);
        NewTicket spec = new NewTicket(body.type(), title, description, body.impact(), body.urgency(),
                Inputs.name("category", body.category()), Inputs.name("service", body.service()),
                Inputs.optional("location", body.location(), 200), Inputs.name("catalogItem", body.catalogItem()),
                Inputs.form(body.form()), requester, channel);
        CreateResult result = tickets.create(spec, actor, key, hash(body));
        Ticket ticket = result.ticket();
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/tickets/" + ticket.id()))
                .eTag(etag(ticket)).header("Idempotent-Replayed", String.valueOf(result.replayed()))
                .body(Views.of(ticket, actor));
    }

    @GetMapping("/{idOrNumber}")
    ResponseEntity<Views.TicketView> get(@PathVariable String idOrNumber, CurrentUser user,
            @RequestHeader(name = "If-None-Match", required = false) @Nullable String ifNoneMatch) {
        Actor actor = actor(user);
        Ticket ticket = tickets.get(idOrNumber, actor);
        if (ifNoneMatch != null && ifNoneMatch.replace("W/", "").strip().equals(etag(ticket))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag(ticket)).build();
        }
        return ResponseEntity.ok().eTag(etag(ticket)).body(Views.of(ticket, actor));
    }

    @GetMapping
    Views.PageView<Views.TicketSummary> list(CurrentUser user,
            @RequestParam(required = false) @Nullable List<TicketStatus> status,
            @RequestParam(required = false) @Nullable List<Priority> priority,
            @RequestParam(required = false) @Nullable TicketType type,
            @RequestParam(required = false) @Nullable String assignmentGroup,
            @RequestParam(required = false) @Nullable String assignee,
            @RequestParam(required = false) @Nullable String requester,
            @RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        TicketQuery query = new TicketQuery(status == null ? List.of() : status,
                priority == null ? List.of() : priority, type, Inputs.name("assignmentGroup", assignmentGroup),
                Inputs.name("assignee", assignee), Inputs.name("requester", requester),
                Inputs.name("category", category), Inputs.optional("q", q, 200), sort(sort), checkPage(page),
                pageSize(size));
        return Views.page(tickets.search(query, actor(user)));
    }

    /**
     * An agent queue: open tickets of {@code group} (default: the caller's groups) or of {@code assignee},
     * most urgent first (priority, then nearest due time, then age).
     */
    @GetMapping("/queue")
    Views.PageView<Views.TicketSummary> queue(CurrentUser user,
            @RequestParam(required = false) @Nullable String group,
            @RequestParam(required = false) @Nullable String assignee,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (!user.isAgent()) {
            throw ApiException.forbidden("queues are for the service desk");
        }
        List<String> groups = group != null ? List.of(Inputs.name("group", group))
                : user.groups().stream().sorted().toList();
        if (groups.isEmpty() && assignee == null) {
            groups = List.of(policy.defaultGroup());
        }
        return Views.page(tickets.queue(groups, Inputs.name("assignee", assignee), checkPage(page), pageSize(size)));
    }

    // ---------------------------------------------------------------- changes

    @PostMapping("/{id}/comments")
    ResponseEntity<Views.TicketView> comment(@PathVariable String id, @RequestBody Requests.AddComment body,
            CurrentUser user, @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        Actor actor = actor(user);
        String text = Inputs.required("body", body.body(), policy.commentMax());
        Visibility visibility = body.visibility() == null ? Visibility.PUBLIC : body.visibility();
        return changed(tickets.comment(id, text, visibility, actor, version(ifMatch)), actor, HttpStatus.CREATED);
    }

    @GetMapping("/{id}/comments")
    List<org.spoc.ticket.domain.Comment> comments(@PathVariable String id, CurrentUser user) {
        Actor actor = actor(user);
        return tickets.get(id, actor).commentsFor(actor);
    }

    @PostMapping("/{id}/assignment")
    ResponseEntity<Views.TicketView> assign(@PathVariable String id, @RequestBody Requests.Assign body,
            CurrentUser user, @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        Actor actor = actor(user);
        String group = Inputs.name("group", body.group());
        if (group == null) {
            throw ApiException.badRequest("group", "is required");
        }
        return changed(tickets.assign(id, group, Inputs.name("assignee", body.assignee()),
                Inputs.optional("reason", body.reason(), 2000), actor, version(ifMatch)), actor, HttpStatus.OK);
    }

    @PostMapping("/{id}/transitions")
    ResponseEntity<Views.TicketView> transition(@PathVariable String id, @RequestBody Requests.Transition body,
            CurrentUser user, @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        Actor actor = actor(user);
        if (body.to() == null) {
            throw ApiException.badRequest("to", "is required; one of " + List.of(TicketStatus.values()));
        }
        String reason = Inputs.optional("reason", body.reason(), 2000);
        Resolution resolution = resolution(body, reason);
        return changed(tickets.transition(id, body.to(), resolution, reason, actor, version(ifMatch)), actor,
                HttpStatus.OK);
    }

    @PostMapping("/{id}/work-log")
    ResponseEntity<Views.TicketView> logWork(@PathVariable String id, @RequestBody Requests.LogWork body,
            CurrentUser user, @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        Actor actor = actor(user);
        if (body.minutes() == null || body.minutes() < 1 || body.minutes() > 24 * 60) {
            throw ApiException.badRequest("minutes", "must be between 1 and 1440");
        }
        String note = Inputs.required("note", body.note(), 2000);
        return changed(tickets.logWork(id, body.minutes(), note, actor, version(ifMatch)), actor, HttpStatus.CREATED);
    }

    @GetMapping("/{id}/work-log")
    Views.WorkLogView workLog(@PathVariable String id, CurrentUser user) {
        Actor actor = actor(user);
        Ticket ticket = tickets.get(id, actor);
        if (actor.requesterOnly()) {
            throw ApiException.forbidden("the work log is for the service desk");
        }
        Map<String, Integer> byAuthor = new LinkedHashMap<>();
        for (WorkLogEntry entry : ticket.workLog()) {
            byAuthor.merge(entry.author(), entry.minutes(), Integer::sum);
        }
        return new Views.WorkLogView(ticket.id(), ticket.number(), ticket.totalMinutes(), byAuthor, ticket.workLog());
    }

    @GetMapping("/{id}/history")
    Views.HistoryView history(@PathVariable String id, CurrentUser user) {
        Actor actor = actor(user);
        Ticket ticket = tickets.get(id, actor);
        return new Views.HistoryView(ticket.id(), ticket.number(), ticket.historyFor(actor));
    }

    @PostMapping("/{id}/attachments")
    ResponseEntity<Views.TicketView> attach(@PathVariable String id, @RequestBody Requests.AddAttachment body,
            CurrentUser user, @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        Actor actor = actor(user);
        String fileName = Inputs.required("fileName", body.fileName(), 255);
        if (fileName.contains("/") || fileName.contains("\\")) {
            throw ApiException.badRequest("fileName", "must be a file name, not a path");
        }
        String contentType = Inputs.required("contentType", body.contentType(), 255);
        if (body.size() == null || body.size() < 0) {
            throw ApiException.badRequest("size", "is required: the size in bytes");
        }
        String url = Inputs.optional("url", body.url(), 2000);
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
            throw ApiException.badRequest("url", "must be an http(s) URL");
        }
        return changed(tickets.attach(id, fileName, contentType, body.size(), url, actor, version(ifMatch)), actor,
                HttpStatus.CREATED);
    }

    /** An agent overrides the matrix priority with a reason. */
    @PostMapping("/{id}/priority")
    ResponseEntity<Views.TicketView> overridePriority(@PathVariable String id,
            @RequestBody Requests.OverridePriority body, CurrentUser user,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        Actor actor = actor(user);
        if (body.priority() == null) {
            throw ApiException.badRequest("priority", "is required (P1..P5)");
        }
        String reason = Inputs.required("reason", body.reason(), 2000);
        return changed(tickets.overridePriority(id, body.priority(), reason, actor, version(ifMatch)), actor,
                HttpStatus.OK);
    }

    @PatchMapping("/{id}")
    ResponseEntity<Views.TicketView> edit(@PathVariable String id, @RequestBody Requests.EditTicket body,
            CurrentUser user, @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        Actor actor = actor(user);
        TicketChanges changes = new TicketChanges(
                body.title() == null ? null : Inputs.required("title", body.title(), policy.titleMax()).strip(),
                body.description() == null ? null
                        : Inputs.text("description", body.description(), policy.descriptionMax()),
                body.impact(), body.urgency(), Inputs.name("category", body.category()),
                Inputs.name("service", body.service()), Inputs.optional("location", body.location(), 200));
        return changed(tickets.update(id, changes, Inputs.optional("reason", body.reason(), 2000), actor,
                version(ifMatch)), actor, HttpStatus.OK);
    }

    // ---------------------------------------------------------------- helpers

    private static ResponseEntity<Views.TicketView> changed(Ticket ticket, Actor actor, HttpStatus status) {
        return ResponseEntity.status(status).eTag(etag(ticket)).body(Views.of(ticket, actor));
    }

    static String etag(Ticket ticket) {
        return "\"" + ticket.version() + "\"";
    }

    /** The version an {@code If-Match} pins: {@code "3"}, {@code W/"3"} or {@code 3}; {@code *} pins none. */
    static @Nullable Long version(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        }
        catch (NumberFormatException ex) {
            throw ApiException.preconditionFailed("If-Match '" + ifMatch + "' does not match the ticket's ETag");
        }
    }

    private static @Nullable String idempotencyKey(@Nullable String key) {
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > 200 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ApiException.badRequest("Idempotency-Key", "must be 1 to 200 visible ASCII characters");
        }
        return key;
    }

    private static String hash(Requests.CreateTicket body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(EventJson.write(body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static @Nullable Resolution resolution(Requests.Transition body, @Nullable String reason) {
        JsonNode node = body.resolution();
        String code = null;
        String notes = Inputs.optional("notes", body.notes(), 20_000);
        if (node != null && !node.isNull()) {
            if (node.isString()) {
                code = node.asString().strip();
                if (!code.matches("[A-Za-z][A-Za-z0-9_-]{0,59}")) {
                    // free text where a code was expected: keep it as the notes, code OTHER
                    if (notes == null) {
                        notes = Inputs.text("resolution", code, 20_000);
                    }
                    code = "OTHER";
                }
            }
            else if (node.isObject()) {
                for (String name : node.propertyNames()) {
                    if (!name.equals("code") && !name.equals("notes")) {
                        throw ApiException.badRequest("resolution." + name, "unknown field; use code and notes");
                    }
                }
                JsonNode c = node.get("code");
                JsonNode n = node.get("notes");
                if (c != null && !c.isString() || n != null && !n.isString()) {
                    throw ApiException.badRequest("resolution", "code and notes must be strings");
                }
                code = c == null ? null : c.asString();
                if (n != null) {
                    notes = Inputs.optional("resolution.notes", n.asString(), 20_000);
                }
            }
            else {
                throw ApiException.badRequest("resolution", "must be a code or an object {code, notes}");
            }
        }
        if (body.to() != TicketStatus.RESOLVED) {
            return null;
        }
        if (code == null || code.isBlank()) {
            throw ApiException.badRequest("resolution", "a resolution code is required to resolve");
        }
        Inputs.text("resolution.code", code, 60);
        if (notes == null) {
            notes = reason;
        }
        if (notes == null || notes.isBlank()) {
            throw ApiException.badRequest("resolution.notes", "resolution notes are required to resolve");
        }
        return new Resolution(code, notes);
    }

    private Sort sort(@Nullable String sort) {
        if (sort == null || sort.isBlank()) {
            return Sort.by(Sort.Order.desc("openedAt"), Sort.Order.asc("_id"));
        }
        List<Sort.Order> orders = new ArrayList<>();
        for (String part : sort.split(";")) {
            String[] bits = part.split(",");
            String field = bits[0].strip();
            boolean desc = field.startsWith("-");
            if (desc || field.startsWith("+")) {
                field = field.substring(1);
            }
            if (!SORTABLE.contains(field)) {
                throw ApiException.badRequest("sort", "can sort by " + SORTABLE.stream().sorted().toList());
            }
            if (bits.length > 1) {
                String direction = bits[1].strip().toLowerCase(Locale.ROOT);
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    throw ApiException.badRequest("sort", "direction must be asc or desc");
                }
                desc = direction.equals("desc");
            }
            orders.add(desc ? Sort.Order.desc(field) : Sort.Order.asc(field));
        }
        orders.add(Sort.Order.asc("_id"));
        return Sort.by(orders);
    }

    private static int checkPage(int page) {
        if (page < 0) {
            throw ApiException.badRequest("page", "must be 0 or more");
        }
        return page;
    }

    private int pageSize(int size) {
        if (size < 1) {
            throw ApiException.badRequest("size", "must be 1 or more");
        }
        return Math.min(size, policy.maxPageSize());
    }
}
