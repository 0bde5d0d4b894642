package org.spoc.gateway.web;

import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.gateway.edge.Problems;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker sends a request when the service is down, slow or open-circuited:
 * a clear problem-details answer instead of a hang — {@code 503} with {@code Retry-After} when the
 * service cannot be reached or its circuit is open, {@code 504} when it did not answer within the
 * route's time limit. Reached only through a circuit breaker: a direct request is a 404.
 */
@RestController
public class FallbackController {

    private static final Logger log = LoggerFactory.getLogger(FallbackController.class);

    private static final Map<String, String> NAMES = Map.of("ticket", "ticket-service", "escalation",
            "escalation-service", "problem", "problem-service", "knowledge", "knowledge-service", "notification",
            "notification-service", "idp", "identity provider");

    @RequestMapping("/fallback/{service}")
    Mono<Void> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        Object failure = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        if (failure == null) {
            return Problems.write(exchange, HttpStatus.NOT_FOUND, "Not Found",
                    "There is nothing at " + exchange.getRequest().getPath().value() + ".");
        }
        String name = NAMES.getOrDefault(service, "the service");
        if (!(failure instanceof CallNotPermittedException)) {
            // what made this call fail (an open circuit was logged when it opened): operators need the cause
            log.warn("{} {} failed at {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    name, String.valueOf(failure));
        }
        if (isTimeout(failure)) {
            return Problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "Gateway Timeout",
                    name + " did not answer in time. If you were changing something, check whether it took effect before you retry.",
                    Map.of("service", name));
        }
        String why = failure instanceof CallNotPermittedException
                ? " is failing, so the gateway stopped sending it requests for a few seconds."
                : failure instanceof BulkheadFullException
                        ? " has as many requests in progress as it may have."
                        : " is not answering right now.";
        exchange.getResponse().getHeaders().set("Retry-After", "5");
        return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                name + why + " If you were changing something, check whether it took effect before you retry. "
                        + "Try again in a few seconds.",
                Map.of("service", name));
    }

    private static boolean isTimeout(Object failure) {
        for (Throwable t = failure instanceof Throwable ex ? ex : null; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof ResponseStatusException status && status.getStatusCode().value() == 504) {
                return true;
            }
        }
        return false;
    }
}
