package org.spoc.ticket.domain;

import java.util.Set;

/**
 * Who does something to a ticket: a person from a token, or a service reacting to an event.
 * {@code agent} covers agents, managers and admins (the desk); everyone else is a requester.
 */
public record Actor(String name, boolean agent, boolean admin, Set<String> groups) {

    public Actor {
        groups = Set.copyOf(groups);
    }

    public static Actor requester(String name) {
        return new Actor(name, false, false, Set.of());
    }

    public static Actor agent(String name, String... groups) {
        return new Actor(name, true, false, Set.of(groups));
    }

    /** A service acting on an event (escalation, problem management, the auto-close sweep). */
    public static Actor system(String name) {
        return new Actor(name, true, true, Set.of());
    }

    public boolean requesterOnly() {
        return !agent;
    }
}
