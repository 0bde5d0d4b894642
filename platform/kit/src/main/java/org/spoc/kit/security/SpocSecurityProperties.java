package org.spoc.kit.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where tokens come from: the issuer's JWK set, the expected {@code iss} and {@code aud}, and the
 * clock skew tolerated on {@code exp}/{@code nbf}.
 */
@ConfigurationProperties("spoc.security")
public record SpocSecurityProperties(
        String jwkSetUri,
        String issuer,
        @DefaultValue("spoc") String audience,
        @DefaultValue("30s") Duration clockSkew) {
}
