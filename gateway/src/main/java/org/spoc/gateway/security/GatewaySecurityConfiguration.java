package org.spoc.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.spoc.events.EventJson;
import org.spoc.kit.security.SpocJwt;
import org.spoc.kit.security.SpocSecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The gateway validates every API token with the same rules as the services (which validate it again
 * when it is relayed). The portal, the identity provider's endpoints and health are public; no other
 * actuator endpoint is reachable from outside.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SpocSecurityProperties.class)
public class GatewaySecurityConfiguration {

    @Bean
    ReactiveJwtDecoder reactiveJwtDecoder(SpocSecurityProperties properties) {
        return SpocJwt.reactiveDecoder(properties);
    }

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> {
            exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
            return problem(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", "a valid bearer token is required");
        };
        ServerAccessDeniedHandler forbidden = (exchange, ex) -> problem(exchange, HttpStatus.FORBIDDEN, "Forbidden",
                "you are not allowed to do this");
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(auth -> auth
                        .pathMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
                        .permitAll()
                        .pathMatchers("/actuator/**").denyAll()
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

    static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String title, String detail) {
        return write(exchange.getResponse(), status, title, detail, exchange.getRequest().getPath().value());
    }

    /** Writes an RFC 9457 problem body on a reactive response. */
    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String title, String detail,
            String instance) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = EventJson.write(Map.of("type", "https://spoc.dev/problems/" + title.toLowerCase()
                .replaceAll("[^a-z0-9]+", "-"), "title", title, "status", status.value(), "detail", detail,
                "instance", instance)).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
