package org.spoc.knowledge.web;

import java.util.Map;

import org.spoc.kit.web.Problems;
import org.spoc.knowledge.domain.KnowledgeException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The domain's refusals as RFC 9457 problem details. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class KnowledgeErrors {

    @ExceptionHandler(KnowledgeException.class)
    ResponseEntity<ProblemDetail> refused(KnowledgeException ex) {
        ProblemDetail problem = switch (ex) {
            case KnowledgeException.NotFound nf -> Problems.of(HttpStatus.NOT_FOUND, "Not found",
                    nf.getMessage() + " was not found", Map.of());
            case KnowledgeException.Forbidden f -> Problems.of(HttpStatus.FORBIDDEN, "Forbidden", f.getMessage(), Map.of());
            case KnowledgeException.IllegalTransition t -> Problems.of(HttpStatus.CONFLICT, "Conflict", t.getMessage(),
                    Map.of("allowed", t.allowed().stream().map(Enum::name).sorted().toList()));
            case KnowledgeException.Conflict c -> Problems.of(HttpStatus.CONFLICT, "Conflict", c.getMessage(), Map.of());
        };
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
