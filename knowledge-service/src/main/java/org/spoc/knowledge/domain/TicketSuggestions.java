package org.spoc.knowledge.domain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.knowledge.KnowledgeSuggested;
import org.spoc.events.knowledge.Suggestion;
import org.spoc.kit.outbox.OutboxEntry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Articles that may answer a ticket: for the portal while the requester types, and for each new
 * ticket as a {@code spoc.knowledge.suggested.v1} event. Only what a requester may read is
 * suggested. Known-error articles of an open problem that match the ticket (or are linked to the
 * ticket's problem) rank first.
 */
public class TicketSuggestions {

    public static final String COLLECTION = "ticket_suggestions";
    /** A hit scoring under this share of the best one is not worth showing. */
    private static final double MIN_RELATIVE_SCORE = 0.2;
    /** A known error scoring at least this share of the best hit matches the ticket well enough to lead. */
    private static final double KNOWN_ERROR_RELATIVE_SCORE = 0.5;

    private final SearchIndex index;
    private final ArticleStore store;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final KnowledgeSettings settings;

    public TicketSuggestions(SearchIndex index, ArticleStore store, MongoTemplate mongo, Clock clock,
            KnowledgeSettings settings) {
        this.index = index;
        this.store = store;
        this.mongo = mongo;
        this.clock = clock;
        this.settings = settings;
    }

    /** As the requester types: the last word may be unfinished. */
    public List<SearchHit> asYouType(String text, int size) {
        return index.search(new SearchRequest(text, SearchFilter.requesterView(), 0, size, SearchMode.AS_YOU_TYPE, true))
                .hits();
    }

    /**
     * The best articles for a ticket, known errors of open problems first. Of the 20 best matches only those
     * suggested are highlighted.
     */
    public List<SearchHit> forTicket(String title, String description, @Nullable String problemId) {
        String text = title + "\n" + title + "\n" + description;
        Article linkedKnownError = problemId == null ? null : store.findKnownError(problemId)
                .filter(a -> a.visibleToRequesters() && a.problemOpen()).orElse(null);
        return index.search(new SearchRequest(text, SearchFilter.requesterView(), 0, 20, SearchMode.DOCUMENT, true),
                hits -> rank(hits, linkedKnownError)).hits();
    }

    private List<SearchHit> rank(List<SearchHit> hits, @Nullable Article linkedKnownError) {
        Map<String, SearchHit> leading = new LinkedHashMap<>();
        if (linkedKnownError != null) {
            leading.put(linkedKnownError.id(), hits.stream().filter(h -> h.id().equals(linkedKnownError.id()))
                    .findFirst().orElseGet(() -> hitOf(linkedKnownError)));
        }
        if (hits.isEmpty()) {
            return List.copyOf(leading.values());
        }
        float best = hits.getFirst().score();
        hits.stream().filter(h -> h.knownError() && h.problemOpen() && h.score() >= best * KNOWN_ERROR_RELATIVE_SCORE)
                .forEach(h -> leading.putIfAbsent(h.id(), h));
        List<SearchHit> ranked = new ArrayList<>(leading.values());
        hits.stream().filter(h -> !leading.containsKey(h.id()) && h.score() >= best * MIN_RELATIVE_SCORE)
                .forEach(ranked::add);
        return ranked.subList(0, Math.min(settings.suggestionSize(), ranked.size()));
    }

    /**
     * Suggests articles for a newly opened ticket, once per ticket: stores what was suggested with
     * the {@code suggested} event in one write. Returns the suggestions, or empty on a redelivery.
     */
    public Optional<KnowledgeSuggested> suggestForNewTicket(String ticketId, @Nullable String number,
            @Nullable String requester, String title, String description, @Nullable String problemId) {
        // a look-up by id, not MongoTemplate.exists: that counts (an aggregate command) and cost the store
        // several times a find, once per new ticket
        Query suggestedBefore = Query.query(Criteria.where("_id").is(ticketId));
        suggestedBefore.fields().include("_id");
        if (mongo.findOne(suggestedBefore, Document.class, COLLECTION) != null) {
            return Optional.empty();
        }
        List<Suggestion> suggestions = forTicket(title, description, problemId).stream()
                .map(h -> new Suggestion(h.id(), h.title(), h.score(), h.knownError(), h.plainSnippet()))
                .toList();
        KnowledgeSuggested payload = new KnowledgeSuggested(ticketId, number, requester, suggestions);
        CloudEvent event = CloudEvent.of(EventType.KNOWLEDGE_SUGGESTED, ticketId, payload, clock.instant());
        Document outboxEntry = new Document();
        mongo.getConverter().write(OutboxEntry.of(event), outboxEntry);
        outboxEntry.remove("_class");
        Document doc = new Document("_id", ticketId)
                .append("ticketNumber", number)
                .append("articleIds", suggestions.stream().map(Suggestion::articleId).toList())
                .append("at", Date.from(clock.instant()))
                .append(OutboxEntry.FIELD, List.of(outboxEntry));
        try {
            mongo.insert(doc, COLLECTION);
        }
        catch (DuplicateKeyException ex) {
            return Optional.empty();
        }
        return Optional.of(payload);
    }

    private static SearchHit hitOf(Article article) {
        IndexedArticle a = article.indexed();
        String summary = Markdown.summary(a.body(), Article.SUMMARY_LENGTH);
        return new SearchHit(a.id(), a.version(), a.title(), summary, null, summary, a.keywords(), a.category(),
                a.service(), a.audience(), a.status(), a.knownError(), a.problemId(), a.problemOpen(), a.updatedAt(), 0f);
    }
}
