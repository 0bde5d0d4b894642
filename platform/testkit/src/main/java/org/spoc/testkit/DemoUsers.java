package org.spoc.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The demo users of DESIGN.md §4, the same as the development identity provider ships. */
public final class DemoUsers {

    /** The demo users' password in the development identity provider (local use only). */
    public static final String PASSWORD = "changeme";

    public static final String REQUESTER = "REQUESTER";
    public static final String AGENT = "AGENT";
    public static final String MANAGER = "MANAGER";
    public static final String ADMIN = "ADMIN";

    public static final DemoUser ALICE = new DemoUser("alice", List.of(REQUESTER), List.of(), null);
    public static final DemoUser BOB = new DemoUser("bob", List.of(REQUESTER), List.of(), null);
    public static final DemoUser CAROL = new DemoUser("carol", List.of(REQUESTER), List.of(), null);
    public static final DemoUser HANK = new DemoUser("hank", List.of(AGENT), List.of("service-desk"), 1);
    public static final DemoUser NORA = new DemoUser("nora", List.of(AGENT), List.of("network-ops"), 2);
    public static final DemoUser PETE = new DemoUser("pete", List.of(AGENT), List.of("desktop-support"), 2);
    public static final DemoUser VERA = new DemoUser("vera", List.of(AGENT), List.of("infrastructure-eng"), 3);
    public static final DemoUser MIA = new DemoUser("mia", List.of(MANAGER, AGENT), List.of("service-desk"), 1);
    public static final DemoUser ROOT = new DemoUser("root", List.of(ADMIN), List.of(), null);

    public static final List<DemoUser> ALL = List.of(ALICE, BOB, CAROL, HANK, NORA, PETE, VERA, MIA, ROOT);

    private static final Map<String, DemoUser> BY_NAME = index();

    private DemoUsers() {
    }

    /**
     * The demo user called {@code username}.
     * @throws NoSuchElementException when there is none
     */
    public static DemoUser get(String username) {
        DemoUser user = BY_NAME.get(username);
        if (user == null) {
            throw new NoSuchElementException("no demo user '" + username + "'; demo users are " + BY_NAME.keySet());
        }
        return user;
    }

    private static Map<String, DemoUser> index() {
        Map<String, DemoUser> byName = new LinkedHashMap<>();
        ALL.forEach(user -> byName.put(user.username(), user));
        return Map.copyOf(byName);
    }
}
