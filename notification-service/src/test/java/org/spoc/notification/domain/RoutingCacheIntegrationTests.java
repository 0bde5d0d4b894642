package org.spoc.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spoc.notification.StoreCommands;
import org.spoc.testkit.MutableClock;
import org.spoc.testkit.SpocIntegrationTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Preferences and webhooks are read once per cache ttl per replica, not once per event: a replica's
 * own change applies at once, another replica's once the ttl has passed on the clock.
 */
@SpocIntegrationTest
class RoutingCacheIntegrationTests {

    static final StoreCommands COMMANDS = new StoreCommands();
    static final Duration TTL = Duration.ofSeconds(5);

    final MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
    final MongoTemplate mongo = COMMANDS.template("routing-cache");
    final Directory directory = new Directory(Map.of(), Map.of(), List.of(), "spoc.local", ZoneOffset.UTC);
    final Preferences defaults = new Preferences("*", ZoneOffset.UTC, Map.of(),
            new Preferences.DailyDigest(false, LocalTime.of(8, 0)),
            new Preferences.QuietHours(false, LocalTime.of(22, 0), LocalTime.of(7, 0)), Duration.ofSeconds(30));

    @BeforeEach
    void freshDatabase() {
        mongo.getDb().drop();
        COMMANDS.reset();
    }

    @AfterAll
    static void closeClient() {
        COMMANDS.close();
    }

    PreferenceStore preferences() {
        return new PreferenceStore(mongo, defaults, directory, clock, TTL);
    }

    WebhookStore webhooks() {
        return new WebhookStore(mongo, clock, TTL);
    }

    Preferences quiet(String user) {
        return new Preferences(user, ZoneOffset.UTC, Map.of(Channel.EMAIL,
                new Preferences.ChannelSettings(false, Map.of())), defaults.digest(), defaults.quietHours(),
                Duration.ZERO);
    }

    Webhook webhook(String id) {
        return new Webhook(id, "https://hooks.example.com/" + id, List.of("spoc.ticket.*"), null, "whsec_0123456789abcdef",
                "root", Instant.parse("2026-03-02T08:00:00Z"));
    }

    @Test
    void readsAPersonsPreferencesOncePerTtlAndSeesItsOwnSaveAtOnce() {
        PreferenceStore store = preferences();
        assertThat(store.of("hank").channel(Channel.EMAIL).enabled()).isTrue();
        assertThat(store.of("hank").channel(Channel.EMAIL).enabled()).isTrue();
        assertThat(COMMANDS.count("find", PreferenceStore.COLLECTION)).isEqualTo(1);

        store.save(quiet("hank"));

        assertThat(store.of("hank").channel(Channel.EMAIL).enabled()).isFalse();
        assertThat(store.of("hank").collapseWindow()).isZero();
    }

    @Test
    void seesAnotherReplicasPreferencesOnceTheTtlHasPassed() {
        PreferenceStore here = preferences();
        PreferenceStore there = preferences();
        assertThat(here.of("nora").channel(Channel.EMAIL).enabled()).isTrue();
        assertThat(here.of("vera").channel(Channel.EMAIL).enabled()).isTrue();

        there.save(quiet("nora"));
        there.save(quiet("vera"));

        assertThat(here.of("nora").channel(Channel.EMAIL).enabled()).as("within the ttl").isTrue();
        assertThat(here.stored("vera").channel(Channel.EMAIL).enabled()).as("the user's own view").isFalse();
        assertThat(here.of("vera").channel(Channel.EMAIL).enabled()).as("refreshed by that view").isFalse();
        clock.advance(TTL.minusMillis(1));
        assertThat(here.of("nora").channel(Channel.EMAIL).enabled()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(here.of("nora").channel(Channel.EMAIL).enabled()).as("once the ttl has passed").isFalse();
    }

    @Test
    void readsTheWebhooksOncePerTtlAndSeesItsOwnRegistrationAndDeletionAtOnce() {
        WebhookStore store = webhooks();
        store.insert(webhook("a"));
        assertThat(store.all()).extracting(Webhook::id).containsExactly("a");
        assertThat(store.all()).extracting(Webhook::id).containsExactly("a");
        assertThat(COMMANDS.count("find", WebhookStore.COLLECTION)).isEqualTo(1);

        store.insert(webhook("b"));
        assertThat(store.all()).extracting(Webhook::id).containsExactlyInAnyOrder("a", "b");
        store.delete("a");
        assertThat(store.all()).extracting(Webhook::id).containsExactly("b");
    }

    @Test
    void seesAnotherReplicasWebhookOnceTheTtlHasPassed() {
        WebhookStore here = webhooks();
        WebhookStore there = webhooks();
        assertThat(here.all()).isEmpty();

        there.insert(webhook("c"));

        assertThat(here.all()).as("within the ttl").isEmpty();
        assertThat(here.find("c")).as("the sender reads the store").isPresent();
        clock.advance(TTL.minusMillis(1));
        assertThat(here.all()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(here.all()).extracting(Webhook::id).containsExactly("c");

        there.delete("c");
        assertThat(here.stored()).as("the API reads the store").isEmpty();
        assertThat(here.all()).as("and refreshes the cache").isEmpty();
    }
}
