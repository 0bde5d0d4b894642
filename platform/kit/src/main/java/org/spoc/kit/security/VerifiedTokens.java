package org.spoc.kit.security;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Tokens whose signature has been verified, by their compact form, so that a client's every request does
 * not verify the same RS256 signature again: in the gateway that was a sixth of a request's CPU, and each
 * service's resource server paid it once more. A token's text decides what it decodes to, so a kept
 * token is the same token; its claims are still validated on every use. An entry is kept until the token
 * expires and for at most {@link #MAX_AGE}, so a signing key withdrawn from the JWK set stops being
 * accepted within that time. A token that fails verification or validation is never kept.
 */
final class VerifiedTokens {

    /** How long a verified token is answered without verifying its signature again. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** At most this many tokens are kept (about 2 KB each); past it the cache starts over. */
    static final int MAX_ENTRIES = 4_096;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final OAuth2TokenValidator<Jwt> validator;

    VerifiedTokens(OAuth2TokenValidator<Jwt> validator) {
        this.validator = validator;
    }

    /**
     * The kept token, if it is kept and its claims are still valid at {@code now}; null otherwise (verify
     * it again: what a token that is no longer valid fails with is the verifier's to say).
     */
    @Nullable Jwt lookup(String token, Instant now) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.keepUntil()) || validator.validate(entry.jwt()).hasErrors()) {
            entries.remove(token, entry);
            return null;
        }
        return entry.jwt();
    }

    /** Keeps a token that has just been verified and validated; answers it. */
    Jwt keep(String token, Jwt verified, Instant now) {
        Instant keepUntil = now.plus(MAX_AGE);
        if (verified.getExpiresAt() != null && verified.getExpiresAt().isBefore(keepUntil)) {
            keepUntil = verified.getExpiresAt();
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(token, new Entry(verified, keepUntil));
        return verified;
    }

    int size() {
        return entries.size();
    }

    private record Entry(Jwt jwt, Instant keepUntil) {
    }
}
