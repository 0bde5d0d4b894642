package org.spoc.notification.domain;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who is who: people (e-mail, zone), groups (members and manager) and problem managers. The service
 * cannot ask the identity provider, so this comes from configuration; a user not listed gets
 * {@code <username>@<defaultEmailDomain>} (none when the domain is blank) and the default zone.
 */
public record Directory(Map<String, Person> people, Map<String, Group> groups, List<String> problemManagers,
        String defaultEmailDomain, ZoneId defaultZone) {

    public record Person(@Nullable String email, @Nullable ZoneId zone) {
    }

    public record Group(List<String> members, @Nullable String manager) {

        public Group {
            members = List.copyOf(members);
        }
    }

    public Directory {
        people = Map.copyOf(people);
        groups = Map.copyOf(groups);
        problemManagers = List.copyOf(problemManagers);
    }

    public @Nullable String email(String username) {
        Person person = people.get(username);
        if (person != null && person.email() != null && !person.email().isBlank()) {
            return person.email();
        }
        return defaultEmailDomain.isBlank() ? null : username + "@" + defaultEmailDomain;
    }

    public ZoneId zone(String username) {
        Person person = people.get(username);
        return person != null && person.zone() != null ? person.zone() : defaultZone;
    }

    public List<String> members(@Nullable String group) {
        Group g = group == null ? null : groups.get(group);
        return g == null ? List.of() : g.members();
    }

    public @Nullable String manager(@Nullable String group) {
        Group g = group == null ? null : groups.get(group);
        return g == null ? null : g.manager();
    }

    /** Groups a user belongs to, by membership or as manager. */
    public Set<String> groupsOf(String username) {
        Set<String> result = new LinkedHashSet<>();
        groups.forEach((name, group) -> {
            if (group.members().contains(username) || username.equals(group.manager())) {
                result.add(name);
            }
        });
        return result;
    }

    public List<String> allUsers() {
        Set<String> all = new LinkedHashSet<>(people.keySet());
        groups.values().forEach(g -> {
            all.addAll(g.members());
            if (g.manager() != null) {
                all.add(g.manager());
            }
        });
        all.addAll(problemManagers);
        return new ArrayList<>(all);
    }
}
