package org.spoc.notification.domain;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Claims queued documents by id under one fresh claim token, in a fixed number of store commands however
 * many they are: a lone one in one {@code findAndModify}, more in one {@code updateMulti} and one read back
 * by token. Only those still {@code claimable} are taken, so what another replica claimed in between stays
 * its own. The e-mail and the webhook senders both claim their passes this way.
 */
final class TokenClaim {

    private TokenClaim() {
    }

    /** The token a pass claimed under, and the documents it claimed, as they are once claimed. */
    record Claimed<T>(String token, List<T> items) {

        Claimed {
            items = List.copyOf(items);
        }
    }

    /**
     * Applies {@code claim}, with the fresh token in {@code tokenField}, to those of {@code ids} that are
     * still {@code claimable}; answers them in {@code order}.
     */
    static <T> Claimed<T> claim(MongoTemplate mongo, String collection, Class<T> type, List<String> ids,
            Criteria claimable, Update claim, String tokenField, Sort order) {
        String token = UUID.randomUUID().toString();
        if (ids.isEmpty()) {
            return new Claimed<>(token, List.of());
        }
        Update withToken = claim.set(tokenField, token);
        if (ids.size() == 1) {
            T one = mongo.findAndModify(Query.query(Criteria.where("_id").is(ids.getFirst()).andOperator(claimable)),
                    withToken, FindAndModifyOptions.options().returnNew(true), type, collection);
            return new Claimed<>(token, one == null ? List.of() : List.of(one));
        }
        long taken = mongo.updateMulti(Query.query(Criteria.where("_id").in(ids).andOperator(claimable)), withToken,
                collection).getModifiedCount();
        return new Claimed<>(token, taken == 0 ? List.of()
                : mongo.find(Query.query(Criteria.where("_id").in(ids).and(tokenField).is(token)).with(order), type,
                        collection));
    }
}
