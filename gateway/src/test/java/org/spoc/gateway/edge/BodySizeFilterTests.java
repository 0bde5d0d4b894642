package org.spoc.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;

import reactor.core.publisher.Mono;

class BodySizeFilterTests {

    private final BodySizeFilter filter = new BodySizeFilter(DataSize.ofKilobytes(1),
            Map.of("/api/tickets/import", DataSize.ofMegabytes(20)));

    @Test
    void rejectsABodyOverTheDefaultLimitWithProblemDetails() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/api/tickets").contentLength(4096).body("x".repeat(4096)));

        filter.filter(exchange, e -> Mono.error(new AssertionError("must not reach the route"))).block();

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(413);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"field\":\"body\"");
    }

    @Test
    void letsAnImportCarryALargerBody() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/api/tickets/import").contentLength(4096).body("x".repeat(4096)));
        boolean[] passed = new boolean[1];

        filter.filter(exchange, e -> {
            passed[0] = true;
            return Mono.empty();
        }).block();

        assertThat(passed[0]).isTrue();
        assertThat(filter.limitFor("/api/tickets/import")).isEqualTo(20L * 1024 * 1024);
    }
}
