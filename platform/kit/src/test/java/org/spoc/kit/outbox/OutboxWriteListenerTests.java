package org.spoc.kit.outbox;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which writes wake the relay: those that may add outbox entries, as the driver reports them. */
class OutboxWriteListenerTests {

    private static boolean wakes(String command, String json) {
        return OutboxWriteListener.mayAddEntries(command, BsonDocument.parse(json));
    }

    @Test
    void anInsertWakesTheRelayOnlyWhenADocumentCarriesEntries() {
        assertThat(wakes("insert", "{insert: 'tickets', documents: [{_id: 'T1', outbox: [{eventId: 'e1'}]}]}")).isTrue();
        assertThat(wakes("insert", "{insert: 'tickets', documents: [{_id: 'T1'}, {_id: 'T2', outbox: [{eventId: 'e2'}]}]}"))
                .isTrue();
        assertThat(wakes("insert", "{insert: 'tickets', documents: [{_id: 'T1', outbox: []}]}")).isFalse();
        assertThat(wakes("insert", "{insert: 'tickets', documents: [{_id: 'T1', title: 'VPN'}]}")).isFalse();
    }

    @Test
    void anUpdateWakesTheRelayWhenItPushesSetsOrReplacesTheOutbox() {
        assertThat(wakes("update", "{update: 'tickets', updates: [{q: {_id: 'T1'}, "
                + "u: {$set: {status: 'NEW'}, $push: {outbox: {$each: [{eventId: 'e1'}]}}}}]}")).isTrue();
        assertThat(wakes("update", "{update: 'tickets', updates: [{q: {_id: 'T1'}, u: {$set: {outbox: [{eventId: 'e1'}]}}}]}"))
                .isTrue();
        assertThat(wakes("update", "{update: 'tickets', updates: [{q: {_id: 'T1'}, u: {_id: 'T1', outbox: [{eventId: 'e1'}]}}]}"))
                .as("a replacement with entries").isTrue();
        assertThat(wakes("update", "{update: 'tickets', updates: [{q: {_id: 'T1'}, u: [{$set: {a: 1}}]}]}"))
                .as("a pipeline update: cannot tell").isTrue();
        assertThat(wakes("findAndModify", "{findAndModify: 'tickets', query: {_id: 'T1'}, "
                + "update: {$push: {outbox: {eventId: 'e1'}}}}")).isTrue();
    }

    @Test
    void claimsReleasesAndTheRelaysOwnCleanUpDoNotWakeIt() {
        assertThat(wakes("update", "{update: 'tickets', updates: [{q: {_id: {$in: ['T1']}}, "
                + "u: {$set: {outboxLease: {$date: '2026-11-23T06:00:00Z'}, outboxClaim: 'c1'}}, multi: true}]}")).isFalse();
        assertThat(wakes("update", "{update: 'tickets', updates: [{q: {_id: 'T1', outboxClaim: 'c1'}, "
                + "u: {$pull: {outbox: {eventId: {$in: ['e1']}}}, $unset: {outboxLease: '', outboxClaim: ''}}}]}")).isFalse();
        assertThat(wakes("findAndModify", "{findAndModify: 'notifications', query: {_id: 'n1'}, "
                + "update: {$set: {state: 'SENDING', leaseUntil: {$date: '2026-11-23T06:00:00Z'}}}}")).isFalse();
    }
}
