package org.spoc.kit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class SpocJwtTests {

    private final SpocSecurityProperties properties = new SpocSecurityProperties("http://127.0.0.1:1/jwks",
            "http://localhost:8080/auth", "spoc", Duration.ofSeconds(30));

    @Test
    void acceptsATokenWithTheRightIssuerAudienceTypeAndExpiry() {
        assertThat(SpocJwt.validator(properties).validate(token(Instant.now().plusSeconds(300))).hasErrors()).isFalse();
    }

    @Test
    void rejectsATokenWithoutExpiry() {
        assertThat(SpocJwt.validator(properties).validate(token(null)).getErrors())
                .anySatisfy(error -> assertThat(error.getDescription()).contains("no expiry"));
    }

    @Test
    void rejectsATokenForAnotherAudience() {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").header("typ", "JWT").subject("alice")
                .issuer("http://localhost:8080/auth").audience(List.of("other")).expiresAt(Instant.now().plusSeconds(60))
                .build();
        assertThat(SpocJwt.validator(properties).validate(jwt).hasErrors()).isTrue();
    }

    @Test
    void mapsRolesAndGroupsToAuthoritiesAndTheCurrentUser() {
        Jwt jwt = token(Instant.now().plusSeconds(60));
        assertThat(SpocJwt.authorities(jwt)).extracting(Object::toString)
                .containsExactlyInAnyOrder("ROLE_AGENT", "GROUP_service-desk");
        CurrentUser user = CurrentUser.of(jwt);
        assertThat(user.username()).isEqualTo("hank");
        assertThat(user.isAgent()).isTrue();
        assertThat(user.isRequesterOnly()).isFalse();
        assertThat(user.inGroup("service-desk")).isTrue();
    }

    private static Jwt token(Instant expiresAt) {
        Jwt.Builder builder = Jwt.withTokenValue("t").headers(h -> h.putAll(Map.of("alg", "RS256", "typ", "JWT")))
                .subject("hank").issuer("http://localhost:8080/auth").audience(List.of("spoc"))
                .claim("roles", List.of("AGENT")).claim("groups", List.of("service-desk"))
                .issuedAt(Instant.now().minusSeconds(5));
        if (expiresAt != null) {
            builder.expiresAt(expiresAt);
        }
        return builder.build();
    }
}
