package org.spoc.kit.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import reactor.core.publisher.Mono;

/**
 * The one definition of a valid SPOC token, shared by the gateway (reactive) and the services
 * (servlet): RS256 only (so {@code alg: none} and HS/RS confusion fail), keys only from the
 * configured JWK set (a token's own {@code jku}/{@code jwk} headers are never followed, and an unknown
 * {@code kid} fails), {@code typ} JWT, {@code iss} and {@code aud} as configured, {@code exp}/{@code nbf}
 * with a small skew ({@code exp} required), and a {@code sub}.
 */
public final class SpocJwt {

    private SpocJwt() {
    }

    public static OAuth2TokenValidator<Jwt> validator(SpocSecurityProperties properties) {
        JwtTypeValidator type = JwtTypeValidator.jwt();
        type.setAllowEmpty(false);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(properties.clockSkew()));
        validators.add(new JwtIssuerValidator(properties.issuer()));
        validators.add(type);
        validators.add(audience(properties.audience()));
        validators.add(jwt -> jwt.getSubject() == null || jwt.getSubject().isBlank()
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token has no subject", null))
                : OAuth2TokenValidatorResult.success());
        // the timestamp validator lets a token without exp live forever: require one
        validators.add(jwt -> jwt.getExpiresAt() == null
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token has no expiry", null))
                : OAuth2TokenValidatorResult.success());
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** The services' decoder: verifies a token's signature once while it is kept ({@link VerifiedTokens}). */
    public static JwtDecoder decoder(SpocSecurityProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .validateType(false) // typ is checked by the validator, with a clear error
                .build();
        VerifiedTokens verified = verifiedTokens(properties, decoder::setJwtValidator);
        return token -> {
            Instant now = Instant.now();
            Jwt kept = verified.lookup(token, now);
            return kept != null ? kept : verified.keep(token, decoder.decode(token), now);
        };
    }

    /** The gateway's decoder: verifies a token's signature once while it is kept ({@link VerifiedTokens}). */
    public static ReactiveJwtDecoder reactiveDecoder(SpocSecurityProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        VerifiedTokens verified = verifiedTokens(properties, decoder::setJwtValidator);
        return token -> {
            Instant now = Instant.now();
            Jwt kept = verified.lookup(token, now);
            return kept != null ? Mono.just(kept) : decoder.decode(token).map(jwt -> verified.keep(token, jwt, now));
        };
    }

    /** The shared rules, given to the verifying decoder and to the tokens it verified. */
    private static VerifiedTokens verifiedTokens(SpocSecurityProperties properties,
            Consumer<OAuth2TokenValidator<Jwt>> decoderValidator) {
        OAuth2TokenValidator<Jwt> validator = validator(properties);
        decoderValidator.accept(validator);
        return new VerifiedTokens(validator);
    }

    /** {@code roles} claim -> {@code ROLE_*} authorities; {@code groups} -> {@code GROUP_*}. */
    public static Converter<Jwt, AbstractAuthenticationToken> authenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(SpocJwt::authorities);
        return converter;
    }

    public static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String role : claimList(jwt, "roles")) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
        }
        for (String group : claimList(jwt, "groups")) {
            authorities.add(new SimpleGrantedAuthority("GROUP_" + group));
        }
        return authorities;
    }

    static List<String> claimList(Jwt jwt, String claim) {
        List<String> values = jwt.getClaimAsStringList(claim);
        return values == null ? List.of() : values;
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        return jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(
                        new OAuth2Error("invalid_token", "token is not meant for audience " + audience, null));
    }
}
