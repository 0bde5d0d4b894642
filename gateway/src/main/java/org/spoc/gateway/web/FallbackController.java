package org.spoc.gateway.web;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a route's circuit breaker sends a request when the service is down, slow or open-circuited:
 * a clear 503 with problem details and a {@code Retry-After}, instead of a hang.
 */
@RestController
public class FallbackController {

    private static final Map<String, String> NAMES = Map.of("ticket", "ticket-service", "escalation",
            "escalation-service", "problem", "problem-service", "knowledge", "knowledge-service", "notification",
            "notification-service", "idp", "identity provider");

    @RequestMapping("/fallback/{service}")
    ResponseEntity<ProblemDetail> unavailable(@PathVariable String service) {
        String name = NAMES.getOrDefault(service, "the service");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                name + " is not answering right now. If you were changing something, check whether it took effect before you retry. "
                        + "Try again in a few seconds.");
        problem.setTitle("Service unavailable");
        problem.setType(java.net.URI.create("https://spoc.dev/problems/service-unavailable"));
        problem.setProperty("service", name);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
