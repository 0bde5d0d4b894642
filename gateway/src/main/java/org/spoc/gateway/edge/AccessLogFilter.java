package org.spoc.gateway.edge;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * One access-log line per request (logger {@code org.spoc.gateway.access}), with the trace id that the
 * gateway's server observation started and that travels to the services in {@code traceparent}:
 * {@code GET /api/tickets 200 12ms user=alice client=127.0.0.1 trace=4bf92f3577b34da6a3ce929d0e0e4736}.
 * The trace id is also answered in {@code X-Trace-Id}, so a user can quote it. Query strings are not
 * logged (they may carry search text).
 */
public final class AccessLogFilter implements WebFilter, Ordered {

    public static final String TRACE_HEADER = "X-Trace-Id";

    private static final Logger log = LoggerFactory.getLogger("org.spoc.gateway.access");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long started = System.nanoTime();
        String traceId = traceId(exchange);
        exchange.getResponse().getHeaders().set(TRACE_HEADER, traceId);
        return chain.filter(exchange).doFinally(signal -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            Object user = exchange.getAttributes().getOrDefault(RateLimits.USER_ATTRIBUTE, "-");
            Object client = exchange.getAttributes().getOrDefault(RateLimits.CLIENT_ATTRIBUTE, "-");
            log.info("{} {} {} {}ms user={} client={} trace={}{}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), status == null ? "-" : status.value(),
                    (System.nanoTime() - started) / 1_000_000, user, client, traceId,
                    switch (signal) {
                        case CANCEL -> " cancelled";
                        case ON_ERROR -> " error";
                        default -> "";
                    });
        });
    }

    static String traceId(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> (TracingObservationHandler.TracingContext) context
                        .get(TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .map(Span::context)
                .map(context -> context.traceId())
                .filter(id -> !id.isBlank())
                .orElseGet(() -> HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
