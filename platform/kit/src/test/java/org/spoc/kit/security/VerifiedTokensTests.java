package org.spoc.kit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class VerifiedTokensTests {

    private final SpocSecurityProperties properties = new SpocSecurityProperties("http://127.0.0.1:1/jwks",
            "http://localhost:8080/auth", "spoc", Duration.ofSeconds(30));
    private final VerifiedTokens tokens = new VerifiedTokens(SpocJwt.validator(properties));
    private final Instant now = Instant.now();

    @Test
    void answersAVerifiedTokenUntilItExpires() {
        Jwt jwt = token("a.b.c", now.plusSeconds(60), "spoc");
        tokens.keep("a.b.c", jwt, now);

        assertThat(tokens.lookup("a.b.c", now.plusSeconds(59))).isSameAs(jwt);
        assertThat(tokens.lookup("a.b.d", now)).as("another token's text").isNull();
        assertThat(tokens.lookup("a.b.c", now.plusSeconds(60))).as("at its expiry: verify again").isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void verifiesALongLivedTokenAgainAfterTheMaximumAge() {
        tokens.keep("a.b.c", token("a.b.c", now.plus(Duration.ofHours(8)), "spoc"), now);

        assertThat(tokens.lookup("a.b.c", now.plus(VerifiedTokens.MAX_AGE).minusSeconds(1))).isNotNull();
        assertThat(tokens.lookup("a.b.c", now.plus(VerifiedTokens.MAX_AGE))).isNull();
    }

    @Test
    void doesNotAnswerAKeptTokenWhoseClaimsNoLongerValidate() {
        // kept only after validation in use; here a token the rules refuse stands for one that stopped passing
        tokens.keep("a.b.c", token("a.b.c", now.plusSeconds(60), "another-audience"), now);

        assertThat(tokens.lookup("a.b.c", now)).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void keepsAtMostItsLimit() {
        for (int i = 0; i < VerifiedTokens.MAX_ENTRIES + 10; i++) {
            tokens.keep("t" + i, token("t" + i, now.plusSeconds(60), "spoc"), now);
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(VerifiedTokens.MAX_ENTRIES);
        assertThat(tokens.lookup("t" + (VerifiedTokens.MAX_ENTRIES + 9), now)).isNotNull();
    }

    private static Jwt token(String value, Instant expiresAt, String audience) {
        return Jwt.withTokenValue(value).headers(h -> h.putAll(Map.of("alg", "RS256", "typ", "JWT")))
                .subject("hank").issuer("http://localhost:8080/auth").audience(List.of(audience))
                .issuedAt(Instant.now().minusSeconds(5)).expiresAt(expiresAt).build();
    }
}
