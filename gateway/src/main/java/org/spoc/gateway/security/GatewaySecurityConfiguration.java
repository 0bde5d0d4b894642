package org.spoc.gateway.security;

import java.net.InetSocketAddress;
import java.util.List;

import org.spoc.gateway.config.GatewayProperties;
import org.spoc.gateway.edge.Problems;
import org.spoc.kit.security.SpocJwt;
import org.spoc.kit.security.SpocSecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The gateway validates every API token with the same rules as the services (RS256 only, keys from the
 * configured JWK set and never from the token's {@code jku}/{@code jwk}, {@code iss}, {@code aud},
 * {@code typ}, {@code exp} with a small skew, a {@code sub}), then relays it unchanged: the services
 * validate it again. The portal, the identity provider's endpoints and health are public; no other
 * actuator endpoint answers on the public port (they live on the management port).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SpocSecurityProperties.class)
public class GatewaySecurityConfiguration {

    /** The portal's policy: its own scripts, styles and API only; no inline code, no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    @Bean
    ReactiveJwtDecoder reactiveJwtDecoder(SpocSecurityProperties properties) {
        return SpocJwt.reactiveDecoder(properties); // the shared rules, a token's expiry required among them
    }

    /** Requests the firewall refuses ({@code ..}, {@code ;}, encoded slashes, odd methods): 400 problem details. */
    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler() {
        return (exchange, ex) -> Problems.write(exchange, HttpStatus.BAD_REQUEST, "Bad Request",
                "The request was rejected: its path or method is not allowed here (for example '..', ';' or an encoded slash).");
    }

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, GatewayProperties properties, Environment environment) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> {
            if (isHiddenActuator(exchange)) {
                return notFound(exchange);
            }
            boolean hadToken = exchange.getRequest().getHeaders().containsHeader("Authorization");
            exchange.getResponse().getHeaders().set("WWW-Authenticate",
                    hadToken ? "Bearer error=\"invalid_token\"" : "Bearer");
            return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    hadToken ? "The bearer token is not valid here (signature, issuer, audience, type or expiry). Sign in again."
                            : "A valid bearer token is required.");
        };
        ServerAccessDeniedHandler forbidden = (exchange, ex) -> isHiddenActuator(exchange) ? notFound(exchange)
                : Problems.write(exchange, HttpStatus.FORBIDDEN, "Forbidden", "You are not allowed to do this.");
        ServerWebExchangeMatcher managementPort = exchange -> {
            InetSocketAddress local = exchange.getRequest().getLocalAddress();
            Integer port = environment.getProperty("local.management.port", Integer.class);
            return local != null && port != null && port > 0 && local.getPort() == port
                    ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
        };
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable) // bearer tokens only, no cookies
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .cors(cors -> cors.configurationSource(cors(properties)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.mode(Mode.DENY))
                        // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on the
                        // identity provider's login form POST, which then fails as a cross-origin request
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicy(permissions -> permissions.policy("camera=(), microphone=(), geolocation=(), payment=()")))
                .authorizeExchange(auth -> auth
                        .matchers(managementPort).permitAll()
                        .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness",
                                "/actuator/health/readiness").permitAll()
                        .pathMatchers("/actuator", "/actuator/**", "/fallback/**").denyAll()
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().permitAll())
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(SpocJwt.authenticationConverter())))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .build();
    }

    static CorsConfigurationSource cors(GatewayProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> origins = properties.cors().allowedOrigins();
        if (!origins.isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(origins);
            config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
            config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "If-Match",
                    "If-None-Match", "Last-Event-ID", "Accept"));
            config.setExposedHeaders(List.of("Location", "ETag", "Retry-After", "X-Trace-Id"));
            config.setAllowCredentials(false); // bearer tokens, never cookies
            config.setMaxAge(properties.cors().maxAge());
            source.registerCorsConfiguration("/api/**", config);
            // the token endpoints a portal on another origin calls; not the login form (a navigation)
            for (String path : List.of("/auth/token", "/auth/oauth/token", "/auth/jwks", "/auth/.well-known/**")) {
                source.registerCorsConfiguration(path, config);
            }
        }
        return source;
    }

    private static boolean isHiddenActuator(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value();
        return path.equals("/actuator") || path.startsWith("/actuator/") || path.startsWith("/fallback/");
    }

    private static Mono<Void> notFound(ServerWebExchange exchange) {
        return Problems.write(exchange, HttpStatus.NOT_FOUND, "Not Found",
                "There is nothing at " + exchange.getRequest().getPath().value() + ".");
    }
}
