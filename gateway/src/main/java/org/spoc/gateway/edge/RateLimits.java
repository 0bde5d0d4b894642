package org.spoc.gateway.edge;

import java.util.Map;
import java.util.Set;

import org.spoc.gateway.config.GatewayProperties;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Per-client-address and per-user request limits (token buckets), answering {@code 429} with
 * {@code Retry-After} and problem details. The client limit runs before authentication, so floods of
 * bad tokens and password guesses are cut before any signature check; the user limit runs after it,
 * keyed by the token's {@code sub}.
 */
public final class RateLimits {

    /** Runs before Spring Security's filter chain (order -100). */
    public static final int CLIENT_ORDER = -300;

    /** Runs after Spring Security, when the user is known. */
    public static final int USER_ORDER = -90;

    /** The exchange attribute holding the authenticated user's name (read by the access log). */
    public static final String USER_ATTRIBUTE = "org.spoc.gateway.user";

    public static final String CLIENT_ATTRIBUTE = "org.spoc.gateway.client";

    private static final Set<String> SIGN_IN_PATHS = Set.of("/auth/token", "/auth/login", "/auth/oauth/token");

    private RateLimits() {
    }

    /** Limits every client address, and password attempts per address more strictly. */
    public static final class ClientFilter implements WebFilter, Ordered {

        private final boolean enabled;
        private final ClientAddress clients;
        private final TokenBuckets perClient;
        private final TokenBuckets signIn;

        public ClientFilter(GatewayProperties properties) {
            this.enabled = properties.rateLimit().enabled();
            this.clients = new ClientAddress(properties.trustedProxies());
            this.perClient = new TokenBuckets(properties.rateLimit().client());
            this.signIn = new TokenBuckets(properties.rateLimit().signInAttempts());
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            ServerHttpRequest request = exchange.getRequest();
            String client = clients.of(request);
            exchange.getAttributes().put(CLIENT_ATTRIBUTE, client);
            if (!enabled) {
                return chain.filter(exchange);
            }
            TokenBuckets.Decision decision = perClient.take(client);
            if (decision.allowed() && "POST".equals(request.getMethod().name())
                    && SIGN_IN_PATHS.contains(request.getPath().value())) {
                decision = signIn.take(client);
                if (!decision.allowed()) {
                    return tooMany(exchange, decision, "Too many sign-in attempts from your address.");
                }
            }
            if (!decision.allowed()) {
                return tooMany(exchange, decision, "Too many requests from your address.");
            }
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return CLIENT_ORDER;
        }
    }

    /** Limits every authenticated user (the token's {@code sub}), whichever address they come from. */
    public static final class UserFilter implements WebFilter, Ordered {

        private final boolean enabled;
        private final TokenBuckets perUser;

        public UserFilter(GatewayProperties properties) {
            this.enabled = properties.rateLimit().enabled();
            this.perUser = new TokenBuckets(properties.rateLimit().user());
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            return exchange.getPrincipal()
                    .filter(JwtAuthenticationToken.class::isInstance)
                    .map(principal -> ((JwtAuthenticationToken) principal).getToken().getSubject())
                    .flatMap(user -> {
                        exchange.getAttributes().put(USER_ATTRIBUTE, user);
                        if (!enabled) {
                            return Mono.just(true);
                        }
                        TokenBuckets.Decision decision = perUser.take(user);
                        return decision.allowed() ? Mono.just(true)
                                : tooMany(exchange, decision, "Too many requests from your account.").thenReturn(false);
                    })
                    .defaultIfEmpty(true)
                    .flatMap(pass -> pass ? chain.filter(exchange) : Mono.empty());
        }

        @Override
        public int getOrder() {
            return USER_ORDER;
        }
    }

    static Mono<Void> tooMany(ServerWebExchange exchange, TokenBuckets.Decision decision, String what) {
        exchange.getResponse().getHeaders().set("Retry-After", Long.toString(decision.retryAfterSeconds()));
        return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
                what + " Try again in " + decision.retryAfterSeconds() + " s.",
                Map.of("retryAfterSeconds", decision.retryAfterSeconds()));
    }
}
