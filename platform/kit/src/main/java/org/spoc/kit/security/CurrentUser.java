package org.spoc.kit.security;

import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The caller, from the validated token: username ({@code sub}), roles and assignment groups.
 * Controllers take it as a method parameter.
 */
public record CurrentUser(String username, Set<String> roles, Set<String> groups) {

    public static final String REQUESTER = "REQUESTER";
    public static final String AGENT = "AGENT";
    public static final String MANAGER = "MANAGER";
    public static final String ADMIN = "ADMIN";

    public CurrentUser {
        roles = Set.copyOf(roles);
        groups = Set.copyOf(groups);
    }

    public static CurrentUser of(Jwt jwt) {
        return new CurrentUser(jwt.getSubject(), Set.copyOf(SpocJwt.claimList(jwt, "roles")),
                Set.copyOf(SpocJwt.claimList(jwt, "groups")));
    }

    /** The user behind an authentication made from a SPOC token. */
    public static CurrentUser of(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken token) {
            return of(token.getToken());
        }
        throw new IllegalStateException("not a token authentication: " + authentication.getClass().getSimpleName());
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAgent() {
        return roles.contains(AGENT) || roles.contains(MANAGER) || roles.contains(ADMIN);
    }

    public boolean isManager() {
        return roles.contains(MANAGER) || roles.contains(ADMIN);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    /** A portal user with no desk role: sees and acts on their own tickets only. */
    public boolean isRequesterOnly() {
        return !isAgent();
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
