package org.spoc.knowledge.domain;

import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Feedback and deflection figures, kept in MongoDB with atomic increments (so every replica counts
 * into the same totals) and mirrored as Micrometer meters: {@code spoc.knowledge.deflections}
 * (by kind), {@code spoc.knowledge.feedback} (by helpful), {@code spoc.knowledge.searches} (by
 * outcome: found or gap), {@code spoc.knowledge.article.views} and the gauge
 * {@code spoc.knowledge.deflection.rate}. User text is only ever stored as a value, never as a key.
 */
public class KnowledgeStats {

    static final String ARTICLE_STATS = "article_stats";
    static final String VOTES = "article_votes";
    static final String GAPS = "knowledge_gaps";
    private static final String TOTALS_ID = "knowledge-totals";
    private static final int MAX_GAP_LENGTH = 200;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicReference<Double> rate = new AtomicReference<>(0.0);

    public KnowledgeStats(MongoTemplate mongo, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("spoc.knowledge.deflection.rate", rate, AtomicReference::get)
                .description("tickets abandoned after reading per time suggestions were shown")
                .register(meters);
    }

    public void viewed(String articleId) {
        incArticle(articleId, "views");
        meters.counter("spoc.knowledge.article.views").increment();
    }

    /** Records one user's vote on an article; a changed vote moves from one count to the other. */
    public void vote(String articleId, String username, boolean helpful) {
        Document previous = mongo.findAndModify(Query.query(Criteria.where("_id").is(articleId + "|" + username)),
                new Update().set("helpful", helpful).set("articleId", articleId).set("at", Date.from(clock.instant())),
                FindAndModifyOptions.options().upsert(true).returnNew(false), Document.class, VOTES);
        Update update = new Update();
        if (previous == null) {
            update.inc(helpful ? "helpful" : "notHelpful", 1);
        }
        else if (previous.getBoolean("helpful", helpful) != helpful) {
            update.inc(helpful ? "helpful" : "notHelpful", 1).inc(helpful ? "notHelpful" : "helpful", -1);
        }
        else {
            return;
        }
        mongo.upsert(Query.query(Criteria.where("_id").is(articleId)), update, ARTICLE_STATS);
        Counter.builder("spoc.knowledge.feedback").tag("helpful", Boolean.toString(helpful)).register(meters)
                .increment();
    }

    /** Records what the portal reports; {@code articleIds} are the articles it concerns (shown, opened, read). */
    public void deflection(DeflectionKind kind, Collection<String> articleIds) {
        String total = switch (kind) {
            case SUGGESTIONS_SHOWN -> "suggestionsShown";
            case ARTICLE_OPENED -> "articlesOpened";
            case TICKET_ABANDONED -> "ticketsAbandoned";
        };
        String perArticle = switch (kind) {
            case SUGGESTIONS_SHOWN -> "shown";
            case ARTICLE_OPENED -> "opened";
            case TICKET_ABANDONED -> "deflections";
        };
        mongo.upsert(Query.query(Criteria.where("_id").is(TOTALS_ID)), new Update().inc(total, 1), ArticleStore.COUNTERS);
        articleIds.stream().distinct().forEach(id -> incArticle(id, perArticle));
        Counter.builder("spoc.knowledge.deflections").tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .register(meters).increment();
        refreshRate();
    }

    /** Counts a search; one without a good result also counts as a knowledge gap for its query. */
    public void searched(String query, boolean goodResult) {
        mongo.upsert(Query.query(Criteria.where("_id").is(TOTALS_ID)),
                goodResult ? new Update().inc("searches", 1) : new Update().inc("searches", 1).inc("gaps", 1),
                ArticleStore.COUNTERS);
        Counter.builder("spoc.knowledge.searches").tag("outcome", goodResult ? "found" : "gap").register(meters)
                .increment();
        if (!goodResult) {
            String normalized = normalize(query);
            if (!normalized.isEmpty()) {
                mongo.upsert(Query.query(Criteria.where("_id").is(normalized)),
                        new Update().inc("count", 1).set("lastAskedAt", Date.from(clock.instant())), GAPS);
            }
        }
    }

    public ArticleStats article(String articleId) {
        Document doc = mongo.findById(articleId, Document.class, ARTICLE_STATS);
        return toStats(articleId, doc == null ? new Document() : doc);
    }

    public KnowledgeOverview overview(int top) {
        Document totals = mongo.findById(TOTALS_ID, Document.class, ArticleStore.COUNTERS);
        Document t = totals == null ? new Document() : totals;
        long shown = number(t, "suggestionsShown");
        long abandoned = number(t, "ticketsAbandoned");
        double deflectionRate = shown == 0 ? 0 : (double) abandoned / shown;
        rate.set(deflectionRate);
        List<KnowledgeGap> gaps = mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "count")).limit(top),
                Document.class, GAPS).stream()
                .map(d -> new KnowledgeGap(String.valueOf(d.get("_id")), number(d, "count"), d.getDate("lastAskedAt").toInstant()))
                .toList();
        List<ArticleStats> articles = mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "views")).limit(top),
                Document.class, ARTICLE_STATS).stream()
                .map(d -> toStats(String.valueOf(d.get("_id")), d)).toList();
        return new KnowledgeOverview(shown, number(t, "articlesOpened"), abandoned, deflectionRate,
                number(t, "searches"), number(t, "gaps"), gaps, articles);
    }

    /** Re-reads the deflection rate that the gauge reports (every replica reports the desk-wide rate). */
    public void refreshRate() {
        Document totals = mongo.findById(TOTALS_ID, Document.class, ArticleStore.COUNTERS);
        if (totals != null) {
            long shown = number(totals, "suggestionsShown");
            rate.set(shown == 0 ? 0 : (double) number(totals, "ticketsAbandoned") / shown);
        }
    }

    private void incArticle(String articleId, String field) {
        mongo.upsert(Query.query(Criteria.where("_id").is(articleId)), new Update().inc(field, 1), ARTICLE_STATS);
    }

    static String normalize(String query) {
        String collapsed = query.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return collapsed.length() > MAX_GAP_LENGTH ? collapsed.substring(0, MAX_GAP_LENGTH) : collapsed;
    }

    private static ArticleStats toStats(String id, Document d) {
        return new ArticleStats(id, number(d, "views"), number(d, "shown"), number(d, "opened"), number(d, "helpful"),
                number(d, "notHelpful"), number(d, "deflections"));
    }

    private static long number(Document d, String field) {
        Object value = d.get(field);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
