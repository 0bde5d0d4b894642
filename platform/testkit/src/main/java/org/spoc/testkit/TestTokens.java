package org.spoc.testkit;

import java.time.Duration;
import java.util.Collection;

import org.spoc.kit.security.TokenMinter;

/**
 * Signed tokens for tests, verifiable against the JWKS that {@link SpocInfrastructure} serves at
 * {@code spoc.security.jwk-set-uri}, with its issuer and audience {@code spoc}.
 */
public final class TestTokens {

    /** Lifetime of the tokens minted here. */
    public static final Duration TTL = Duration.ofHours(1);

    private final TokenMinter minter;

    TestTokens(TokenMinter minter) {
        this.minter = minter;
    }

    /** A token (without the {@code Bearer } prefix) for a demo user of {@link DemoUsers}. */
    public String forUser(String username) {
        DemoUser user = DemoUsers.get(username);
        return mint(user.username(), user.roles(), user.groups());
    }

    public String forUser(DemoUser user) {
        return mint(user.username(), user.roles(), user.groups());
    }

    /** A token for any user with any roles and groups. */
    public String mint(String username, Collection<String> roles, Collection<String> groups) {
        return minter.mint(username, roles, groups, TTL);
    }

    /** The {@code Authorization} header value for a demo user: {@code "Bearer <token>"}. */
    public String bearer(String username) {
        return "Bearer " + forUser(username);
    }

    /** The minter itself, for tests that forge bad tokens (expired, wrong audience, odd claims). */
    public TokenMinter minter() {
        return minter;
    }

    public String issuer() {
        return minter.issuer();
    }

    public String audience() {
        return minter.audience();
    }
}
