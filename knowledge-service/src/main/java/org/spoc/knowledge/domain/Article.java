package org.spoc.knowledge.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.spoc.events.knowledge.ArticleSnapshot;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A knowledge article (collection {@code articles}): every version ever written, the workflow
 * status, where it came from, and for known errors and proposed drafts their source. The document
 * also carries the kit's {@code outbox} field, written by {@link ArticleStore} with each change.
 *
 * @param revision rises with every stored change, across all articles (the index keeps the newest
 *        and replicas catch up by it); the store also uses it for optimistic concurrency
 * @param sourceVersion the version of the problem a known-error article was last built from
 * @param relatedTickets tickets whose resolutions this proposed draft stands for
 */
@Document("articles")
public record Article(@Id String id, long revision, ArticleStatus status, List<ArticleVersion> versions,
        ArticleOrigin origin, @Nullable String problemId, boolean knownError, boolean problemOpen, long sourceVersion,
        @Nullable String fingerprint, List<String> relatedTickets, int occurrences, String createdBy,
        Instant createdAt, Instant updatedAt, @Nullable Instant publishedAt) {

    public static final String COLLECTION = "articles";
    public static final int SUMMARY_LENGTH = 200;

    public Article {
        versions = List.copyOf(versions);
        relatedTickets = List.copyOf(relatedTickets);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("an article has at least one version");
        }
    }

    /** A new draft, version 1. */
    public static Article draft(String id, long revision, ArticleContent content, ArticleOrigin origin, String author,
            Instant now) {
        return new Article(id, revision, ArticleStatus.DRAFT, List.of(new ArticleVersion(1, content, author, now)),
                origin, content.problemId(), false, false, 0, null, List.of(), 0, author, now, now, null);
    }

    public ArticleVersion current() {
        return versions.getLast();
    }

    public Optional<ArticleVersion> version(int number) {
        return versions.stream().filter(v -> v.version() == number).findFirst();
    }

    /** Whether a requester may read it: published and written for requesters. */
    public boolean visibleToRequesters() {
        return status == ArticleStatus.PUBLISHED && current().content().audience() == Audience.REQUESTERS;
    }

    /**
     * A new version with {@code content}. Agents edit drafts and articles in review; a published
     * article is edited by a reviewer (the new version is live at once); a retired one not at all.
     */
    public Article edit(ArticleContent content, Actor actor, long nextRevision, Instant now) {
        if (actor.requesterOnly()) {
            throw new KnowledgeException.Forbidden("only agents edit articles");
        }
        if (status == ArticleStatus.RETIRED) {
            throw new KnowledgeException.Conflict("a retired article cannot be edited; move it back to DRAFT first");
        }
        if (status == ArticleStatus.PUBLISHED && !actor.reviewer()) {
            throw new KnowledgeException.Forbidden("only reviewers (MANAGER, ADMIN) edit published articles");
        }
        List<ArticleVersion> next = new ArrayList<>(versions);
        next.add(new ArticleVersion(current().version() + 1, content, actor.username(), now));
        return new Article(id, nextRevision, status, next, origin, content.problemId(), knownError, problemOpen,
                sourceVersion, fingerprint, relatedTickets, occurrences, createdBy, createdAt, now, publishedAt);
    }

    /** The article in status {@code to}, if the workflow and the actor's roles allow it. */
    public Article moveTo(ArticleStatus to, Actor actor, long nextRevision, Instant now) {
        if (actor.requesterOnly()) {
            throw new KnowledgeException.Forbidden("only agents change articles");
        }
        if (!status.next().contains(to)) {
            throw new KnowledgeException.IllegalTransition(status, to, status.next());
        }
        if (status.needsReviewerFor(to) && !actor.reviewer()) {
            throw new KnowledgeException.Forbidden("moving an article to " + to + " needs a reviewer (MANAGER or ADMIN)");
        }
        return withStatus(to, nextRevision, now);
    }

    Article withStatus(ArticleStatus to, long nextRevision, Instant now) {
        return new Article(id, nextRevision, to, versions, origin, problemId, knownError, problemOpen, sourceVersion,
                fingerprint, relatedTickets, occurrences, createdBy, createdAt, now,
                to == ArticleStatus.PUBLISHED ? now : publishedAt);
    }

    Article asKnownError(boolean open, long problemVersion) {
        return new Article(id, revision, status, versions, ArticleOrigin.KNOWN_ERROR, problemId, true, open,
                problemVersion, fingerprint, relatedTickets, occurrences, createdBy, createdAt, updatedAt, publishedAt);
    }

    Article asProposal(String print, String ticketId) {
        return new Article(id, revision, status, versions, ArticleOrigin.RESOLUTION, problemId, knownError, problemOpen,
                sourceVersion, print, List.of(ticketId), 1, createdBy, createdAt, updatedAt, publishedAt);
    }

    Article withOrigin(ArticleOrigin value) {
        return new Article(id, revision, status, versions, value, problemId, knownError, problemOpen, sourceVersion,
                fingerprint, relatedTickets, occurrences, createdBy, createdAt, updatedAt, publishedAt);
    }

    /** The article's published face for events. */
    public ArticleSnapshot snapshot() {
        ArticleContent c = current().content();
        return new ArticleSnapshot(id, c.title(), Markdown.summary(c.body(), SUMMARY_LENGTH), c.keywords(), c.category(),
                c.service(), c.audience().name(), status.name(), current().version(), problemId, knownError, updatedAt);
    }

    /** The article as the search index holds it: the current version. */
    public IndexedArticle indexed() {
        ArticleContent c = current().content();
        return new IndexedArticle(id, revision, current().version(), c.title(), c.body(), c.keywords(), c.category(),
                c.service(), c.audience(), status, knownError, problemId, problemOpen, updatedAt);
    }
}
