package org.spoc.kit.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints RS256 access tokens with SPOC's claims ({@code sub}, {@code roles}, {@code groups}) and
 * publishes the matching JWK set. Used by the development identity provider and the testkit;
 * services only ever validate tokens.
 */
public final class TokenMinter {

    public static final String DEFAULT_AUDIENCE = "spoc";

    private final RSAKey key;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public TokenMinter(RSAKey key, String issuer, String audience, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /** A minter with a fresh 2048-bit key. */
    public static TokenMinter generate(String issuer, String audience, Clock clock) {
        return new TokenMinter(newKey(), issuer, audience, clock);
    }

    /** A minter whose key is kept in {@code keyFile} (created on first use), so tokens survive restarts. */
    public static TokenMinter persistent(Path keyFile, String issuer, String audience, Clock clock) {
        try {
            RSAKey key;
            if (Files.exists(keyFile)) {
                key = RSAKey.parse(Files.readString(keyFile));
            }
            else {
                key = newKey();
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                Files.writeString(keyFile, key.toJSONString());
            }
            return new TokenMinter(key, issuer, audience, clock);
        }
        catch (java.io.IOException | ParseException ex) {
            throw new IllegalStateException("cannot read or write signing key " + keyFile, ex);
        }
    }

    public static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("cannot generate an RSA key", ex);
        }
    }

    public String mint(String username, Collection<String> roles, Collection<String> groups, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(username)
                .claim("preferred_username", username)
                .claim("roles", List.copyOf(roles))
                .claim("groups", List.copyOf(groups))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return sign(claims);
    }

    /** Signs arbitrary claims with this minter's key (tests use it to build malformed tokens). */
    public String sign(JWTClaimsSet claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("cannot sign token", ex);
        }
        return jwt.serialize();
    }

    /** The public JWK set, as served at the JWKS endpoint. */
    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }
}
