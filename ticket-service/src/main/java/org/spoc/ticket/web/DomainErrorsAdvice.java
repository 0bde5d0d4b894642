package org.spoc.ticket.web;

import java.util.List;
import java.util.Map;

import org.spoc.kit.web.Problems;
import org.spoc.ticket.domain.Conflict;
import org.spoc.ticket.domain.InvalidTicketInput;
import org.spoc.ticket.domain.NotPermitted;
import org.spoc.ticket.domain.StaleTicket;
import org.spoc.ticket.domain.TicketNotFound;
import org.spoc.ticket.domain.TransitionNotAllowed;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the domain's refusals to problem details, the same shape as the kit's. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DomainErrorsAdvice {

    @ExceptionHandler(InvalidTicketInput.class)
    ResponseEntity<ProblemDetail> invalid(InvalidTicketInput ex) {
        return respond(HttpStatus.BAD_REQUEST, "Invalid request", ex.field() + ": " + ex.getMessage(),
                Map.of("field", ex.field(), "errors", List.of(Map.of("field", ex.field(), "detail", ex.getMessage()))));
    }

    @ExceptionHandler(TicketNotFound.class)
    ResponseEntity<ProblemDetail> notFound(TicketNotFound ex) {
        return respond(HttpStatus.NOT_FOUND, "Not found", ex.getMessage() + " was not found", Map.of());
    }

    @ExceptionHandler(TransitionNotAllowed.class)
    ResponseEntity<ProblemDetail> transition(TransitionNotAllowed ex) {
        return respond(HttpStatus.CONFLICT, "Conflict", ex.getMessage(), Map.of("from", ex.from().name(), "to",
                ex.to().name(), "allowed", ex.allowed().stream().map(Enum::name).toList()));
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<ProblemDetail> conflict(Conflict ex) {
        return respond(HttpStatus.CONFLICT, "Conflict", ex.getMessage(), Map.of());
    }

    @ExceptionHandler(StaleTicket.class)
    ResponseEntity<ProblemDetail> stale(StaleTicket ex) {
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).eTag("\"" + ex.current() + "\"")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.PRECONDITION_FAILED, "Precondition failed", ex.getMessage(),
                        Map.of("currentVersion", ex.current())));
    }

    @ExceptionHandler(NotPermitted.class)
    ResponseEntity<ProblemDetail> forbidden(NotPermitted ex) {
        return respond(HttpStatus.FORBIDDEN, "Forbidden", ex.getMessage(), Map.of());
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatus status, String title, String detail,
            Map<String, ?> properties) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, title, detail, properties));
    }
}
