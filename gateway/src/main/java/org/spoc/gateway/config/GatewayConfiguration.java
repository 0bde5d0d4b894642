package org.spoc.gateway.config;

import org.spoc.gateway.edge.AccessLogFilter;
import org.spoc.gateway.edge.BodySizeFilter;
import org.spoc.gateway.edge.ProblemErrorHandler;
import org.spoc.gateway.edge.RateLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's own web filters, in the order they meet a request: log, client limit, size, (security), user limit. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

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
