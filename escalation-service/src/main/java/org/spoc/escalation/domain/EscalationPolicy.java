package org.spoc.escalation.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The tier model and the rules that raise escalations. Teams belong to a tier and have a manager;
 * routes send a category to a specialist team at a higher tier; {@code defaultTeams} catch the rest.
 *
 * @param functionalOnWarning escalate to the next tier when the resolution clock reaches its warning
 * @param p1Tier              P1 incidents go at once to this tier (0: off)
 * @param hierarchicalOnBreach notify the team's manager when any clock breaches
 * @param hierarchicalForP1   notify the team's manager of every P1 incident
 * @param maxReassignments    more reassignments than this escalate to the manager (0: off)
 */
public record EscalationPolicy(String id, boolean functionalOnWarning, int p1Tier, boolean hierarchicalOnBreach,
        boolean hierarchicalForP1, int maxReassignments, int topTier, Map<String, Team> teams, List<Route> routes,
        Map<Integer, String> defaultTeams) {

    public static final String DEFAULT_ID = "default";

    public EscalationPolicy {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        if (topTier < 1 || topTier > 9) {
            throw new IllegalArgumentException("topTier must be 1..9");
        }
        if (p1Tier < 0 || p1Tier > topTier) {
            throw new IllegalArgumentException("p1Tier must be 0 (off) or a tier up to topTier");
        }
        if (maxReassignments < 0) {
            throw new IllegalArgumentException("maxReassignments must not be negative");
        }
        teams = Map.copyOf(teams);
        routes = List.copyOf(routes);
        defaultTeams = java.util.Collections.unmodifiableMap(new TreeMap<>(defaultTeams));
        for (Route route : routes) {
            if (route.tier() < 1 || route.tier() > topTier) {
                throw new IllegalArgumentException("routes: tier of " + route.category() + " must be 1.." + topTier);
            }
        }
    }

    /** A team, its tier and the manager that hierarchical escalations notify. */
    public record Team(int tier, @Nullable String manager) {
    }

    /** Tickets of {@code category} go to {@code team} at {@code tier}. */
    public record Route(String category, int tier, String team) {
    }

    /** Where a ticket of {@code category} at {@code tier} goes next: a route above it, else the next tier's default. */
    public Optional<Target> next(@Nullable String category, int tier) {
        return atLeast(category, tier + 1);
    }

    /** The team at {@code minTier} or above for {@code category}, preferring the category's route. */
    public Optional<Target> atLeast(@Nullable String category, int minTier) {
        if (minTier > topTier) {
            return Optional.empty();
        }
        if (category != null) {
            Optional<Route> route = routes.stream()
                    .filter(r -> r.category().equalsIgnoreCase(category) && r.tier() >= minTier)
                    .min(Comparator.comparingInt(Route::tier));
            if (route.isPresent()) {
                return Optional.of(new Target(route.get().tier(), route.get().team()));
            }
        }
        for (int tier = minTier; tier <= topTier; tier++) {
            String team = defaultTeams.get(tier);
            if (team != null) {
                return Optional.of(new Target(tier, team));
            }
        }
        return Optional.empty();
    }

    public @Nullable String managerOf(@Nullable String team) {
        Team known = team == null ? null : teams.get(team);
        return known == null ? null : known.manager();
    }

    /** Where an escalation goes. */
    public record Target(int tier, String team) {
    }

    /** The rules a new installation starts with (DESIGN.md demo teams). */
    public static EscalationPolicy defaults() {
        return new EscalationPolicy(DEFAULT_ID, true, 2, true, true, 3, 3,
                Map.of("service-desk", new Team(1, "mia"), "network-ops", new Team(2, "mia"),
                        "desktop-support", new Team(2, "mia"), "infrastructure-eng", new Team(3, "mia")),
                List.of(new Route("Network", 2, "network-ops"), new Route("Hardware", 2, "desktop-support"),
                        new Route("Printing", 2, "desktop-support"), new Route("Storage", 3, "infrastructure-eng"),
                        new Route("Infrastructure", 3, "infrastructure-eng")),
                Map.of(1, "service-desk", 2, "desktop-support", 3, "infrastructure-eng"));
    }
}
