package org.spoc.gateway.edge;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import io.netty.channel.ConnectTimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Renders every error that reaches the top as problem details, never as a stack trace or Boot's
 * default error JSON: unknown paths 404, a service that cannot be reached 503 (routes without a
 * circuit breaker, such as the live streams, end here), a timeout 504, anything else 500.
 */
@Order(-2) // before Boot's DefaultErrorWebExceptionHandler (-1)
public final class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        exchange.getResponse().getHeaders().remove("Retry-After");
        if (ex instanceof ResponseStatusException status) {
            HttpStatus code = HttpStatus.resolve(status.getStatusCode().value());
            code = code == null ? HttpStatus.INTERNAL_SERVER_ERROR : code;
            String detail = switch (code) {
                case NOT_FOUND -> "There is nothing at " + exchange.getRequest().getPath().value() + ".";
                case SERVICE_UNAVAILABLE -> "The service behind this path is not available right now. Try again in a few seconds.";
                default -> status.getReason() != null ? status.getReason() : code.getReasonPhrase();
            };
            if (code == HttpStatus.SERVICE_UNAVAILABLE) {
                exchange.getResponse().getHeaders().set("Retry-After", "5");
            }
            status.getHeaders().forEach((name, values) -> exchange.getResponse().getHeaders().put(name, values));
            return Problems.write(exchange, code, code.getReasonPhrase(), detail);
        }
        if (isUnreachable(ex)) {
            exchange.getResponse().getHeaders().set("Retry-After", "5");
            return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                    "The service behind this path is not answering right now. Try again in a few seconds.");
        }
        if (causedBy(ex, TimeoutException.class)) {
            return Problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "Gateway Timeout",
                    "The service took too long to answer. If you were changing something, check whether it took effect before you retry.");
        }
        if (causedBy(ex, DataBufferLimitException.class)) {
            return Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", "The request body is too large.");
        }
        log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(), ex);
        return Problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error",
                "The gateway failed to handle this request; the trace id in X-Trace-Id finds it in the log.");
    }

    static boolean isUnreachable(Throwable ex) {
        return causedBy(ex, ConnectException.class) || causedBy(ex, ConnectTimeoutException.class)
                || causedBy(ex, UnknownHostException.class) || causedBy(ex, PrematureCloseException.class);
    }

    static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
