package org.spoc.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own settings ({@code spoc.gateway.*}), with defaults a newcomer can run with.
 *
 * @param cors            origins allowed to call the API from a browser (the portal's origin when it is
 *                        served from somewhere else than the gateway)
 * @param rateLimit       token buckets per user and per client address
 * @param maxBodySize     the largest request body accepted (413 beyond)
 * @param bodyLimits      other limits for some paths, by Ant-style pattern (a bulk import)
 * @param trustedProxies  addresses of reverse proxies whose {@code X-Forwarded-For} names the client;
 *                        empty (default) means the TCP peer is the client, so the header cannot be spoofed
 */
@ConfigurationProperties("spoc.gateway")
public record GatewayProperties(
        @DefaultValue Cors cors,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue Map<String, DataSize> bodyLimits,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("256") int maxCallsInProgressPerRoute) {

    public record Cors(@DefaultValue List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {
    }

    /**
     * @param perUser   every authenticated user (the token's {@code sub})
     * @param perClient every client address, before authentication (so floods of bad tokens are cut early)
     * @param signIn    every client address on the identity provider's password endpoints (brute force)
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @Nullable Bucket perUser,
            @Nullable Bucket perClient,
            @Nullable Bucket signIn) {

        public Bucket user() {
            return perUser != null ? perUser : new Bucket(40, 20);
        }

        public Bucket client() {
            return perClient != null ? perClient : new Bucket(200, 100);
        }

        public Bucket signInAttempts() {
            return signIn != null ? signIn : new Bucket(20, 0.5);
        }
    }

    /** A token bucket: at most {@code capacity} requests at once, refilled at {@code refillPerSecond}. */
    public record Bucket(int capacity, double refillPerSecond) {

        public Bucket {
            if (capacity < 1 || refillPerSecond <= 0) {
                throw new IllegalArgumentException("a rate-limit bucket needs capacity >= 1 and refill-per-second > 0");
            }
        }
    }
}
