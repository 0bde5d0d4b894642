package org.spoc.knowledge.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.knowledge.ArticleEvent;
import org.spoc.events.knowledge.DraftProposed;
import org.spoc.events.problem.ProblemSnapshot;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * What can be done with articles: write, version, review, publish and retire them, search them as a
 * given user sees them, and grow them from the desk (known errors, resolutions). Every change is
 * stored with its events in one write, then indexed locally at once; other replicas index it from
 * the {@code published}/{@code retired} events and by catching up on revisions.
 */
public class ArticleService {

    private static final int RETRIES = 5;

    private final ArticleStore store;
    private final SearchIndex index;
    private final Clock clock;
    private final KnowledgeSettings settings;

    public ArticleService(ArticleStore store, SearchIndex index, Clock clock, KnowledgeSettings settings) {
        this.store = store;
        this.index = index;
        this.clock = clock;
        this.settings = settings;
    }

    public KnowledgeSettings settings() {
        return settings;
    }

    /** A new DRAFT, version 1, written by an agent. */
    public Article create(Actor actor, ArticleContent content) {
        if (actor.requesterOnly()) {
            throw new KnowledgeException.Forbidden("only agents write articles");
        }
        Article article = Article.draft(UUID.randomUUID().toString(), store.nextRevision(), content,
                ArticleOrigin.AUTHORED, actor.username(), clock.instant());
        store.insert(article, List.of());
        index.upsert(article.indexed());
        return article;
    }

    /** The article as {@code actor} may see it: requesters only published, requester-audience ones. */
    public Article get(Actor actor, String id) {
        Article article = store.find(id).orElseThrow(() -> new KnowledgeException.NotFound("article " + id));
        if (actor.requesterOnly() && !article.visibleToRequesters()) {
            throw new KnowledgeException.NotFound("article " + id);
        }
        return article;
    }

    /** A new version; a reviewer's edit of a published article is live at once (and announced). */
    public Article edit(Actor actor, String id, ArticleContent content) {
        Article before = get(actor, id);
        Article after = before.edit(content, actor, store.nextRevision(), clock.instant());
        List<CloudEvent> events = after.status() == ArticleStatus.PUBLISHED
                ? List.of(event(EventType.KNOWLEDGE_PUBLISHED, after, actor)) : List.of();
        return write(before, after, events);
    }

    public Article transition(Actor actor, String id, ArticleStatus to) {
        Article before = get(actor, id);
        Article after = before.moveTo(to, actor, store.nextRevision(), clock.instant());
        return write(before, after, statusEvents(after, actor));
    }

    public SearchPage search(Actor actor, SearchRequest request) {
        SearchFilter filter = request.filter();
        if (actor.requesterOnly()) {
            boolean askedOther = !filter.statuses().isEmpty() && !filter.statuses().contains(ArticleStatus.PUBLISHED)
                    || !filter.audiences().isEmpty() && !filter.audiences().contains(Audience.REQUESTERS);
            if (askedOther) {
                return SearchPage.empty(request.page(), request.size());
            }
            filter = SearchFilter.requesterView().withCategory(filter.category()).withService(filter.service());
        }
        return index.search(new SearchRequest(request.text(), filter, request.page(), request.size(), request.mode(),
                request.highlight()));
    }

    /** Whether a search found something worth reading (else it is a knowledge gap). */
    public boolean goodResult(SearchPage page) {
        return !page.hits().isEmpty() && page.hits().getFirst().score() >= settings.gapMinScore();
    }

    /**
     * Creates or updates the known-error article of a problem with its workaround: published at once
     * or left as a draft per the settings. Applies a problem version once (redeliveries change nothing).
     */
    public Optional<Article> knownError(ProblemSnapshot problem, @Nullable String actor) {
        if (problem.workaround() == null || problem.workaround().isBlank()) {
            return Optional.empty();
        }
        return retrying(() -> {
            Instant now = clock.instant();
            boolean open = !Set.of("RESOLVED", "CLOSED").contains(problem.status());
            ArticleContent content = knownErrorContent(problem);
            Optional<Article> existing = store.findKnownError(problem.id());
            if (existing.isEmpty()) {
                Article article = Article.draft("ke-" + problem.id(), store.nextRevision(), content,
                        ArticleOrigin.KNOWN_ERROR, actor != null ? actor : Actor.SYSTEM.username(), now)
                        .asKnownError(open, problem.version());
                if (settings.publishKnownErrors()) {
                    article = article.withStatus(ArticleStatus.PUBLISHED, article.revision(), now);
                }
                try {
                    store.insert(article, statusEvents(article, Actor.SYSTEM));
                }
                catch (DuplicateKeyException ex) {
                    throw new OptimisticLockingFailureException("known-error article created meanwhile", ex);
                }
                return Optional.of(indexed(article));
            }
            Article before = existing.get();
            if (before.sourceVersion() >= problem.version()) {
                return Optional.of(before);
            }
            Article after = before;
            if (before.status() != ArticleStatus.RETIRED && !before.current().content().equals(content)) {
                after = before.edit(content, Actor.SYSTEM, store.nextRevision(), now);
            }
            else {
                after = after.withStatus(before.status(), store.nextRevision(), now);
            }
            after = after.asKnownError(open, problem.version());
            List<CloudEvent> events = after.status() == ArticleStatus.PUBLISHED
                    && after.current().version() != before.current().version()
                    ? List.of(event(EventType.KNOWLEDGE_PUBLISHED, after, Actor.SYSTEM)) : List.of();
            return Optional.of(write(before, after, events));
        });
    }

    /** What became of a resolution offered as knowledge. */
    public enum Proposal {
        /** Too short to be knowledge ("fixed"). */
        TOO_SHORT,
        /** This ticket was counted before (a redelivery). */
        ALREADY_COUNTED,
        /** An existing article already answers it. */
        COVERED,
        /** Counted on a draft already proposed for the same question. */
        MERGED,
        /** A new draft was proposed. */
        PROPOSED
    }

    /**
     * Proposes a draft from a resolved ticket's notes unless an article already answers it. Similar
     * resolutions (by TF-IDF cosine similarity, or identical notes) count on one draft instead.
     */
    public synchronized Proposal proposeFromResolution(String ticketId, @Nullable String ticketNumber, String title,
            String description, @Nullable String category, @Nullable String service, String resolution) {
        List<String> words = KnowledgeAnalyzers.tokens(KnowledgeAnalyzers.english(), resolution);
        if (words.size() < settings.minResolutionWords()) {
            return Proposal.TOO_SHORT;
        }
        if (store.anyRelatedTo(ticketId)) {
            return Proposal.ALREADY_COUNTED;
        }
        String text = title + "\n" + description + "\n" + resolution;
        List<SimilarArticle> similar = index.similar(text, SearchFilter.live(), 10);
        if (!similar.isEmpty() && similar.getFirst().similarity() >= settings.coveredSimilarity()) {
            Optional<Article> match = store.find(similar.getFirst().id());
            if (match.isPresent() && isOpenProposal(match.get())) {
                store.addRelatedTicket(match.get().id(), ticketId);
                return Proposal.MERGED;
            }
            return Proposal.COVERED;
        }
        String print = fingerprint(words);
        Instant now = clock.instant();
        ArticleContent content = new ArticleContent(title, "## Symptom\n\n" + description.strip()
                + "\n\n## Resolution\n\n" + resolution.strip()
                + (ticketNumber != null ? "\n\n_Proposed from the resolution of " + ticketNumber + "._" : ""),
                List.of(), category, service, settings.draftAudience(), null);
        Article draft = Article.draft("kcs-" + print, store.nextRevision(), content, ArticleOrigin.RESOLUTION,
                Actor.SYSTEM.username(), now).asProposal(print, ticketId);
        CloudEvent proposed = CloudEvent.of(EventType.KNOWLEDGE_DRAFT_PROPOSED, draft.id(),
                new DraftProposed(draft.id(), title, ticketId, ticketNumber, List.of(ticketId), 1), now);
        try {
            store.insert(draft, List.of(proposed));
        }
        catch (DuplicateKeyException ex) {
            // the same notes, proposed meanwhile (by another replica): count this ticket there
            store.addRelatedTicket(draft.id(), ticketId);
            return Proposal.MERGED;
        }
        indexed(draft);
        return Proposal.PROPOSED;
    }

    /** Marks a problem's known-error article as no longer open (the problem is resolved). */
    public void problemClosed(String problemId, long problemVersion) {
        retrying(() -> {
            Optional<Article> existing = store.findKnownError(problemId);
            if (existing.isEmpty() || !existing.get().problemOpen() || existing.get().sourceVersion() >= problemVersion) {
                return Optional.empty();
            }
            Article before = existing.get();
            Article after = before.withStatus(before.status(), store.nextRevision(), clock.instant())
                    .asKnownError(false, problemVersion);
            return Optional.of(write(before, after, List.of()));
        });
    }

    /** Loads a starter article as published, unless its id exists. Returns whether it was added. */
    public boolean seed(SeedArticle seed) {
        Instant now = clock.instant();
        ArticleContent content = new ArticleContent(seed.title(), seed.body(), seed.keywords(), seed.category(),
                seed.service(), seed.audience(), null);
        Article article = Article.draft(seed.id(), 0, content, ArticleOrigin.SEED, Actor.SYSTEM.username(), now)
                .withStatus(ArticleStatus.PUBLISHED, store.nextRevision(), now);
        try {
            store.insert(article, List.of());
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
        index.upsert(article.indexed());
        return true;
    }

    private Article write(Article before, Article after, List<CloudEvent> events) {
        store.update(before, after, events);
        return indexed(after);
    }

    private Article indexed(Article article) {
        index.upsert(article.indexed());
        return article;
    }

    private static boolean isOpenProposal(Article article) {
        return article.origin() == ArticleOrigin.RESOLUTION
                && (article.status() == ArticleStatus.DRAFT || article.status() == ArticleStatus.IN_REVIEW);
    }

    private List<CloudEvent> statusEvents(Article article, Actor actor) {
        return switch (article.status()) {
            case PUBLISHED -> List.of(event(EventType.KNOWLEDGE_PUBLISHED, article, actor));
            case RETIRED -> List.of(event(EventType.KNOWLEDGE_RETIRED, article, actor));
            default -> List.of();
        };
    }

    private CloudEvent event(EventType type, Article article, Actor actor) {
        return CloudEvent.of(type, article.id(), new ArticleEvent(article.snapshot(), actor.username()), clock.instant());
    }

    private ArticleContent knownErrorContent(ProblemSnapshot problem) {
        StringBuilder body = new StringBuilder();
        body.append("A known problem is affecting ")
                .append(problem.service() != null ? problem.service() : "this service")
                .append(problem.category() != null ? " (" + problem.category() + ")" : "")
                .append(". It is tracked as ").append(problem.number()).append(" and being worked on.\n\n")
                .append("## Symptoms\n\n").append(problem.title()).append("\n\n")
                .append("## Workaround\n\n").append(problem.workaround().strip()).append('\n');
        if (settings.knownErrorAudience() == Audience.AGENTS && problem.rootCause() != null) {
            body.append("\n## Root cause\n\n").append(problem.rootCause().strip()).append('\n');
        }
        List<String> keywords = new ArrayList<>(List.of("known error", problem.number()));
        if (problem.service() != null) {
            keywords.add(problem.service());
        }
        return new ArticleContent("Known error: " + problem.title(), body.toString(), keywords, problem.category(),
                problem.service(), settings.knownErrorAudience(), problem.id());
    }

    private static String fingerprint(List<String> stems) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(" ", new TreeSet<>(stems)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static <T> T retrying(Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            }
            catch (OptimisticLockingFailureException ex) {
                if (attempt >= RETRIES) {
                    throw ex;
                }
            }
        }
    }
}
