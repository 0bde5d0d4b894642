package org.spoc.notification.domain;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** The {@code webhooks} collection. */
public class WebhookStore {

    public static final String COLLECTION = "webhooks";

    private final MongoTemplate mongo;

    public WebhookStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Webhook insert(Webhook webhook) {
        return mongo.insert(webhook, COLLECTION);
    }

    public Optional<Webhook> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Webhook.class, COLLECTION));
    }

    public List<Webhook> all() {
        return mongo.find(new Query().with(Sort.by("createdAt")), Webhook.class, COLLECTION);
    }

    public boolean delete(String id) {
        return mongo.remove(Query.query(Criteria.where("_id").is(id)), COLLECTION).getDeletedCount() == 1;
    }
}
