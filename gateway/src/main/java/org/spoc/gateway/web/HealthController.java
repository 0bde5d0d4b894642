package org.spoc.gateway.web;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Health on the public port, status only: {@code /actuator/health}, {@code /actuator/health/liveness}
 * and {@code /actuator/health/readiness} answer {@code {"status":"UP"}} (503 when not UP). Every other
 * actuator endpoint (Prometheus, details) lives on the management port only, which is not routed
 * from outside.
 */
@RestController
public class HealthController {

    private final ReactiveHealthEndpointWebExtension health;

    public HealthController(ReactiveHealthEndpointWebExtension health) {
        this.health = health;
    }

    @GetMapping(path = "/actuator/health", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, String>>> overall() {
        return status();
    }

    @GetMapping(path = "/actuator/health/liveness", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, String>>> liveness() {
        return status("liveness");
    }

    @GetMapping(path = "/actuator/health/readiness", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, String>>> readiness() {
        return status("readiness");
    }

    private Mono<ResponseEntity<Map<String, String>>> status(String... path) {
        return health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE, path)
                .map(response -> {
                    HealthDescriptor body = response.getBody();
                    String status = body == null ? "UNKNOWN" : body.getStatus().getCode();
                    return ResponseEntity.status(response.getStatus()).body(Map.of("status", status));
                });
    }
}
