package org.spoc.escalation.domain;

import java.util.List;
import java.util.NoSuchElementException;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spoc.events.EventJson;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The catalog kept in MongoDB and cached in memory: SLA policies ({@code sla_policies}), every version
 * of every calendar ({@code calendars}, id {@code <id>@<version>}) and the escalation policy
 * ({@code escalation_policies}). The defaults are stored on first start; {@link #reload()} picks up
 * replacements made through other replicas.
 */
public class MongoSlaCatalog extends InMemorySlaCatalog {

    private static final Logger log = LoggerFactory.getLogger(MongoSlaCatalog.class);

    private final MongoCollection<Document> policies;
    private final MongoCollection<Document> calendars;
    private final MongoCollection<Document> escalationPolicies;

    public MongoSlaCatalog(MongoTemplate mongo) {
        this.policies = mongo.getCollection("sla_policies");
        this.calendars = mongo.getCollection("calendars");
        this.escalationPolicies = mongo.getCollection("escalation_policies");
        seed();
        reload();
    }

    private void seed() {
        for (SlaPolicy policy : SlaPolicy.defaults()) {
            if (policies.find(new Document("_id", policy.id())).first() == null) {
                storePolicy(policy);
            }
        }
        for (BusinessCalendar calendar : List.of(BusinessCalendar.twentyFourSeven(), BusinessCalendar.office())) {
            if (calendars.find(new Document("_id", key(calendar.id(), calendar.version()))).first() == null) {
                storeCalendar(calendar);
            }
        }
        if (escalationPolicies.find(new Document("_id", EscalationPolicy.DEFAULT_ID)).first() == null) {
            storeEscalationPolicy(EscalationPolicy.defaults());
        }
    }

    /** Reads everything stored into the cache. */
    public final void reload() {
        try {
            for (Document d : policies.find()) {
                put(EventJson.read(d.getString("json"), SlaPolicy.class));
            }
            for (Document d : calendars.find()) {
                put(EventJson.read(d.getString("json"), BusinessCalendar.class));
            }
            Document escalation = escalationPolicies.find(new Document("_id", EscalationPolicy.DEFAULT_ID)).first();
            if (escalation != null) {
                put(EventJson.read(escalation.getString("json"), EscalationPolicy.class));
            }
        }
        catch (RuntimeException ex) {
            log.warn("could not reload the SLA catalog, keeping the cached one: {}", ex.toString());
        }
    }

    /** Replaces (or adds) a policy. */
    public SlaPolicy savePolicy(SlaPolicy policy) {
        storePolicy(policy);
        put(policy);
        return policy;
    }

    /** Stores a calendar as the next version of its id and makes it current. */
    public BusinessCalendar saveCalendar(BusinessCalendar calendar) {
        BusinessCalendar versioned = calendar.withVersion(nextCalendarVersion(calendar.id()));
        storeCalendar(versioned);
        put(versioned);
        return versioned;
    }

    public EscalationPolicy saveEscalationPolicy(EscalationPolicy policy) {
        storeEscalationPolicy(policy);
        put(policy);
        return policy;
    }

    @Override
    public BusinessCalendar calendar(String id, int version) {
        try {
            return super.calendar(id, version);
        }
        catch (NoSuchElementException ex) {
            reload();
            return super.calendar(id, version);
        }
    }

    private void storePolicy(SlaPolicy policy) {
        policies.replaceOne(new Document("_id", policy.id()),
                new Document("_id", policy.id()).append("json", EventJson.write(policy)), new ReplaceOptions().upsert(true));
    }

    private void storeCalendar(BusinessCalendar calendar) {
        String key = key(calendar.id(), calendar.version());
        calendars.replaceOne(new Document("_id", key), new Document("_id", key).append("id", calendar.id())
                .append("version", calendar.version()).append("json", EventJson.write(calendar)),
                new ReplaceOptions().upsert(true));
    }

    private void storeEscalationPolicy(EscalationPolicy policy) {
        escalationPolicies.replaceOne(new Document("_id", policy.id()),
                new Document("_id", policy.id()).append("json", EventJson.write(policy)), new ReplaceOptions().upsert(true));
    }

    private static String key(String id, int version) {
        return id + "@" + version;
    }
}
