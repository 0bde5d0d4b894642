package org.spoc.problem.web;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.kit.web.SafeInput;
import org.spoc.problem.domain.Problem;
import org.spoc.problem.domain.ProblemConflict;
import org.spoc.problem.domain.ProblemIncident;
import org.spoc.problem.domain.ProblemService;
import org.spoc.problem.domain.ProblemStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Problems and known errors: agents, managers and admins only (requesters get 403). */
@RestController
@RequestMapping("/api/problems")
class ProblemController {

    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 10_000;
    static final int MAX_PAGE_SIZE = 100;
    /** Linked incidents a problem is shown with, the newest first; the rest are paged. */
    static final int RECENT_INCIDENTS = 50;

    private final ProblemService problems;

    ProblemController(ProblemService problems) {
        this.problems = problems;
    }

    @GetMapping
    List<Responses.ProblemSummary> list(CurrentUser user, @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable Boolean detected,
            @RequestParam(required = false) @Nullable String service, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        desk(user);
        paging(page, size);
        ProblemStatus filter = status == null ? null : status(status);
        return problems.list(filter, detected, text("service", service, MAX_TITLE), page, size).stream()
                .map(Responses.ProblemSummary::of).toList();
    }

    @GetMapping("/{id}")
    Responses.ProblemView get(CurrentUser user, @PathVariable String id) {
        desk(user);
        return view(problems.find(id).orElseThrow(() -> ApiException.notFound("problem " + id)));
    }

    /** A problem's linked incidents, the most recently linked first, page by page. */
    @GetMapping("/{id}/incidents")
    List<ProblemIncident> incidents(CurrentUser user, @PathVariable String id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        desk(user);
        paging(page, size);
        if (problems.find(id).isEmpty()) {
            throw ApiException.notFound("problem " + id);
        }
        return problems.incidents(id, page, size);
    }

    @PostMapping
    ResponseEntity<Responses.ProblemView> create(CurrentUser user, @RequestBody Requests.CreateProblem body) {
        desk(user);
        Problem problem = problems.create(required("title", body.title(), MAX_TITLE),
                text("description", body.description(), MAX_TEXT), text("service", body.service(), MAX_TITLE),
                text("category", body.category(), MAX_TITLE), text("location", body.location(), MAX_TITLE),
                user.username());
        return ResponseEntity.created(URI.create("/api/problems/" + problem.id())).body(view(problem));
    }

    /** Links an incident (an agent's judgement: detection will not move it again). */
    @PostMapping("/{id}/incidents")
    Responses.ProblemView link(CurrentUser user, @PathVariable String id, @RequestBody Requests.LinkIncident body) {
        desk(user);
        String ticketId = required("ticketId", body.ticketId(), MAX_TITLE);
        String reason = text("reason", body.reason(), MAX_TEXT);
        return view(handle(() -> problems.link(id, ticketId, reason, user.username())));
    }

    /** Unlinks an incident: detection will not link it again by itself. */
    @DeleteMapping("/{id}/incidents/{ticketId}")
    Responses.ProblemView unlink(CurrentUser user, @PathVariable String id, @PathVariable String ticketId) {
        desk(user);
        return view(handle(() -> problems.unlink(id, ticketId, user.username())));
    }

    @PostMapping("/{id}/known-error")
    Responses.ProblemView knownError(CurrentUser user, @PathVariable String id, @RequestBody Requests.KnownError body) {
        desk(user);
        String rootCause = required("rootCause", body.rootCause(), MAX_TEXT);
        String workaround = required("workaround", body.workaround(), MAX_TEXT);
        return view(handle(() -> problems.knownError(id, rootCause, workaround, user.username())));
    }

    @PostMapping("/{id}/transitions")
    Responses.ProblemView transition(CurrentUser user, @PathVariable String id, @RequestBody Requests.Transition body) {
        desk(user);
        if (body.to() == null) {
            throw ApiException.badRequest("to", "is required");
        }
        String resolution = text("resolution", body.resolution(), MAX_TEXT);
        return view(handle(() -> problems.transition(id, body.to(), resolution, user.username())));
    }

    private Responses.ProblemView view(Problem problem) {
        return Responses.ProblemView.of(problem, problems.incidents(problem.id(), 0, RECENT_INCIDENTS));
    }

    private static void paging(int page, int size) {
        if (page < 0) {
            throw ApiException.badRequest("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
    }

    static void desk(CurrentUser user) {
        if (!user.isAgent()) {
            throw ApiException.forbidden("problems are for agents, managers and admins");
        }
    }

    private static Problem handle(Supplier<Problem> action) {
        try {
            return action.get();
        }
        catch (ProblemService.UnknownProblem | ProblemService.UnknownIncident ex) {
            throw ApiException.notFound(ex.getMessage());
        }
        catch (ProblemConflict ex) {
            throw ApiException.conflict(ex.getMessage(), Map.of("allowed", ex.allowed()));
        }
    }

    private static ProblemStatus status(String value) {
        try {
            return ProblemStatus.valueOf(value);
        }
        catch (IllegalArgumentException ex) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "Invalid request",
                    "status: unknown value '" + value + "'", Map.of("field", "status", "allowed",
                            Arrays.stream(ProblemStatus.values()).map(Enum::name).toList()));
        }
    }

    private static String required(String field, @Nullable String value, int max) {
        String text = text(field, value, max);
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest(field, "is required");
        }
        return text;
    }

    private static @Nullable String text(String field, @Nullable String value, int max) {
        if (value != null && value.length() > max) {
            throw ApiException.badRequest(field, "must be at most " + max + " characters");
        }
        return SafeInput.text(field, value);
    }
}
