package org.spoc.gateway.config;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import org.spoc.gateway.edge.AccessLogFilter;
import org.spoc.gateway.edge.BodySizeFilter;
import org.spoc.gateway.edge.ProblemErrorHandler;
import org.spoc.gateway.edge.RateLimits;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's own web filters, in the order they meet a request: log, client limit, size, (security), user limit. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    /**
     * Calls in progress per route before the gateway sheds (503). Spring Cloud CircuitBreaker wraps every
     * route in a bulkhead of 25 by default: a burst of slower creates was shed at 25 in flight.
     */
    @Bean
    Customizer<ReactiveResilience4jBulkheadProvider> routeBulkheads(GatewayProperties properties) {
        BulkheadConfig bulkhead = BulkheadConfig.custom().maxConcurrentCalls(properties.maxCallsInProgressPerRoute())
                .maxWaitDuration(Duration.ZERO).build();
        return provider -> provider.configureDefault(id -> new Resilience4jBulkheadConfigurationBuilder()
                .bulkheadConfig(bulkhead).threadPoolBulkheadConfig(ThreadPoolBulkheadConfig.ofDefaults()).build());
    }

    @Bean
    AccessLogFilter accessLogFilter() {
        return new AccessLogFilter();
    }

    @Bean
    RateLimits.ClientFilter clientRateLimitFilter(GatewayProperties properties) {
        return new RateLimits.ClientFilter(properties);
    }

    @Bean
    BodySizeFilter bodySizeFilter(GatewayProperties properties) {
        return new BodySizeFilter(properties.maxBodySize(), properties.bodyLimits());
    }

    @Bean
    RateLimits.UserFilter userRateLimitFilter(GatewayProperties properties) {
        return new RateLimits.UserFilter(properties);
    }

    @Bean
    ProblemErrorHandler problemErrorHandler() {
        return new ProblemErrorHandler();
    }
}
