package org.spoc.gateway.edge;

import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.spoc.kit.web.BodySizeLimits;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rejects request bodies over the limit with {@code 413} and problem details. A declared
 * {@code Content-Length} is checked at once; a chunked body (no length) is read up to the limit and
 * then passed on with its length, so a client cannot slip a large body past the check by streaming it.
 * Replaces the stock {@code RequestSize} filter, which answers an empty body and trusts the header.
 */
public final class BodySizeFilter implements WebFilter, Ordered {

    public static final int ORDER = -200;

    private final BodySizeLimits limits;

    public BodySizeFilter(DataSize maxBodySize) {
        this(maxBodySize, Map.of());
    }

    /** @param pathLimits other limits for some paths, by Ant-style pattern (e.g. a bulk import) */
    public BodySizeFilter(DataSize maxBodySize, Map<String, DataSize> pathLimits) {
        this.limits = new BodySizeLimits(maxBodySize, pathLimits);
    }

    long limitFor(String path) {
        return limits.limitFor(path);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long maxBytes = limitFor(request.getPath().value());
        HttpHeaders headers = request.getHeaders();
        long declared = headers.getContentLength();
        if (declared > maxBytes) {
            return tooLarge(exchange, maxBytes);
        }
        if (declared >= 0 || !isChunked(headers)) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody(), (int) Math.min(Integer.MAX_VALUE, maxBytes))
                .map(body -> (ServerHttpRequest) withBody(request, body))
                .defaultIfEmpty(withBody(request, null))
                .flatMap(buffered -> chain.filter(exchange.mutate().request(buffered).build()))
                .onErrorResume(DataBufferLimitException.class, ex -> tooLarge(exchange, maxBytes));
    }

    private static boolean isChunked(HttpHeaders headers) {
        String encoding = headers.getFirst(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    private static ServerHttpRequest withBody(ServerHttpRequest request, @org.jspecify.annotations.Nullable DataBuffer body) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(request.getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(body == null ? 0 : body.readableByteCount());
        return new ServerHttpRequestDecorator(request) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return body == null ? Flux.empty() : Flux.just(body);
            }
        };
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange, long maxBytes) {
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "Content Too Large",
                "The request body is larger than " + DataSize.ofBytes(maxBytes).toKilobytes() + " KB.",
                Map.of("field", "body", "maxBytes", maxBytes));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
