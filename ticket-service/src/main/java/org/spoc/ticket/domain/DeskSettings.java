package org.spoc.ticket.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketType;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Admin-editable settings in collection {@code settings}: the priority matrix and the routing rules.
 * Until an admin changes them, the configured defaults apply.
 */
@Component
public class DeskSettings {

    static final String COLLECTION = "settings";
    private static final String MATRIX = "priority-matrix";
    private static final String ROUTING = "routing-rules";
    private static final String AUTO_ASSIGNMENT = "auto-assignment";

    private final MongoTemplate mongo;
    private final DeskPolicy policy;

    public DeskSettings(MongoTemplate mongo, DeskPolicy policy) {
        this.mongo = mongo;
        this.policy = policy;
    }

    /** The priority matrix, routing rules and auto-assignment in force, as one read. */
    public record Snapshot(PriorityMatrix priorityMatrix, List<RoutingRule> routingRules,
            Map<String, DeskPolicy.AutoAssignment> autoAssignment) {
    }

    /**
     * All three settings in one query: a create needs each of them, and three reads were half of its
     * round trips to the store.
     */
    public Snapshot snapshot() {
        Map<String, Document> docs = new java.util.HashMap<>();
        for (Document doc : mongo.getCollection(COLLECTION).find(Filters.in("_id", MATRIX, ROUTING, AUTO_ASSIGNMENT))) {
            docs.put(doc.getString("_id"), doc);
        }
        return new Snapshot(priorityMatrix(docs.get(MATRIX)), routingRules(docs.get(ROUTING)),
                autoAssignment(docs.get(AUTO_ASSIGNMENT)));
    }

    public PriorityMatrix priorityMatrix() {
        return priorityMatrix(mongo.getCollection(COLLECTION).find(Filters.eq("_id", MATRIX)).first());
    }

    private static PriorityMatrix priorityMatrix(@Nullable Document doc) {
        if (doc == null) {
            return PriorityMatrix.standard();
        }
        Document cells = doc.get("cells", Document.class);
        Map<Level, Map<Level, Priority>> map = new EnumMap<>(Level.class);
        for (Level impact : Level.values()) {
            Document row = cells.get(impact.name(), Document.class);
            Map<Level, Priority> r = new EnumMap<>(Level.class);
            for (Level urgency : Level.values()) {
                r.put(urgency, Priority.valueOf(row.getString(urgency.name())));
            }
            map.put(impact, r);
        }
        return new PriorityMatrix(map);
    }

    public void savePriorityMatrix(PriorityMatrix matrix) {
        Document cells = new Document();
        matrix.cells().forEach((impact, row) -> {
            Document r = new Document();
            row.forEach((urgency, priority) -> r.put(urgency.name(), priority.name()));
            cells.put(impact.name(), r);
        });
        mongo.getCollection(COLLECTION).replaceOne(Filters.eq("_id", MATRIX),
                new Document("_id", MATRIX).append("cells", cells), new ReplaceOptions().upsert(true));
    }

    public List<RoutingRule> routingRules() {
        return routingRules(mongo.getCollection(COLLECTION).find(Filters.eq("_id", ROUTING)).first());
    }

    private List<RoutingRule> routingRules(@Nullable Document doc) {
        if (doc == null) {
            return policy.routing();
        }
        List<RoutingRule> rules = new ArrayList<>();
        for (Document r : doc.getList("rules", Document.class)) {
            rules.add(new RoutingRule(r.getString("type") == null ? null : TicketType.valueOf(r.getString("type")),
                    r.getString("category"), r.getString("catalogItem"), r.getString("service"), r.getString("group")));
        }
        return rules;
    }

    public void saveRoutingRules(List<RoutingRule> rules) {
        List<Document> docs = new ArrayList<>();
        for (RoutingRule rule : rules) {
            Document d = new Document("group", rule.group());
            if (rule.type() != null) {
                d.put("type", rule.type().name());
            }
            if (rule.category() != null) {
                d.put("category", rule.category());
            }
            if (rule.catalogItem() != null) {
                d.put("catalogItem", rule.catalogItem());
            }
            if (rule.service() != null) {
                d.put("service", rule.service());
            }
            docs.add(d);
        }
        mongo.getCollection(COLLECTION).replaceOne(Filters.eq("_id", ROUTING),
                new Document("_id", ROUTING).append("rules", docs), new ReplaceOptions().upsert(true));
    }

    /** Automatic assignment per group (round-robin or fewest open tickets); groups without an entry: none. */
    public Map<String, DeskPolicy.AutoAssignment> autoAssignment() {
        return autoAssignment(mongo.getCollection(COLLECTION).find(Filters.eq("_id", AUTO_ASSIGNMENT)).first());
    }

    private Map<String, DeskPolicy.AutoAssignment> autoAssignment(@Nullable Document doc) {
        if (doc == null) {
            return policy.autoAssignment();
        }
        Map<String, DeskPolicy.AutoAssignment> result = new java.util.TreeMap<>();
        Document groups = doc.get("groups", Document.class);
        for (String group : groups.keySet()) {
            Document g = groups.get(group, Document.class);
            result.put(group, new DeskPolicy.AutoAssignment(DeskPolicy.Strategy.valueOf(g.getString("strategy")),
                    g.getList("members", String.class)));
        }
        return result;
    }

    public void saveAutoAssignment(Map<String, DeskPolicy.AutoAssignment> assignment) {
        Document groups = new Document();
        assignment.forEach((group, a) -> groups.put(group,
                new Document("strategy", a.strategy().name()).append("members", a.members())));
        mongo.getCollection(COLLECTION).replaceOne(Filters.eq("_id", AUTO_ASSIGNMENT),
                new Document("_id", AUTO_ASSIGNMENT).append("groups", groups), new ReplaceOptions().upsert(true));
    }
}
