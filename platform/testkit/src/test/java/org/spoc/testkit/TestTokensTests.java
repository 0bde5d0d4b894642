package org.spoc.testkit;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.spoc.kit.security.TokenMinter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestTokensTests {

    private final TestTokens tokens = new TestTokens(
            TokenMinter.generate("http://127.0.0.1:1/auth", "spoc", Clock.systemUTC()));

    @Test
    void mintsDemoUsersWithTheirRolesAndGroups() throws ParseException {
        JWTClaimsSet mia = claims(tokens.forUser("mia"));

        assertThat(mia.getSubject()).isEqualTo("mia");
        assertThat(mia.getStringListClaim("roles")).containsExactly("MANAGER", "AGENT");
        assertThat(mia.getStringListClaim("groups")).containsExactly("service-desk");
        assertThat(mia.getIssuer()).isEqualTo("http://127.0.0.1:1/auth");
        assertThat(mia.getAudience()).containsExactly("spoc");
        assertThat(mia.getExpirationTime()).isAfter(new Date());
    }

    @Test
    void givesRequestersNoGroups() throws ParseException {
        JWTClaimsSet alice = claims(tokens.forUser(DemoUsers.ALICE));

        assertThat(alice.getStringListClaim("roles")).containsExactly("REQUESTER");
        assertThat(alice.getStringListClaim("groups")).isEmpty();
    }

    @Test
    void mintsAnyUser() throws ParseException {
        JWTClaimsSet vendor = claims(tokens.mint("vendor-x", List.of("AGENT"), List.of("vendor-x")));

        assertThat(vendor.getSubject()).isEqualTo("vendor-x");
        assertThat(vendor.getStringListClaim("groups")).containsExactly("vendor-x");
    }

    @Test
    void prefixesBearer() throws ParseException {
        String header = tokens.bearer("root");

        assertThat(header).startsWith("Bearer ");
        assertThat(claims(header.substring("Bearer ".length())).getStringListClaim("roles")).containsExactly("ADMIN");
    }

    @Test
    void rejectsUnknownDemoUsers() {
        assertThatThrownBy(() -> tokens.forUser("mallory")).hasMessageContaining("mallory")
                .hasMessageContaining("alice");
    }

    private static JWTClaimsSet claims(String token) throws ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }
}
