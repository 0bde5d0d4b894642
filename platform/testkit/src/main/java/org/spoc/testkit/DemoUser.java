package org.spoc.testkit;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A user of the development identity provider (DESIGN.md §4).
 *
 * @param tier the support tier of the user's group, or {@code null} for users in no group
 */
public record DemoUser(String username, List<String> roles, List<String> groups, @Nullable Integer tier) {

    public DemoUser {
        roles = List.copyOf(roles);
        groups = List.copyOf(groups);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
