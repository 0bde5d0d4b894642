package org.spoc.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoUsersTests {

    @Test
    void listsTheUsersOfTheDevelopmentIdentityProvider() {
        assertThat(DemoUsers.ALL).extracting(DemoUser::username)
                .containsExactly("alice", "bob", "carol", "hank", "nora", "pete", "vera", "mia", "root");
    }

    @Test
    void placesAgentsInTheirGroupsAndTiers() {
        assertThat(DemoUsers.get("hank").groups()).containsExactly("service-desk");
        assertThat(DemoUsers.get("hank").tier()).isEqualTo(1);
        assertThat(DemoUsers.get("nora").groups()).containsExactly("network-ops");
        assertThat(DemoUsers.get("pete").tier()).isEqualTo(2);
        assertThat(DemoUsers.get("vera").groups()).containsExactly("infrastructure-eng");
        assertThat(DemoUsers.get("vera").tier()).isEqualTo(3);
        assertThat(DemoUsers.get("mia").roles()).containsExactly("MANAGER", "AGENT");
        assertThat(DemoUsers.get("root").roles()).containsExactly("ADMIN");
        assertThat(DemoUsers.get("carol").tier()).isNull();
    }
}
