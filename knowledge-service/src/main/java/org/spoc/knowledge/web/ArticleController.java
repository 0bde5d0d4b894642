package org.spoc.knowledge.web;

import java.net.URI;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.knowledge.config.KnowledgeProperties;
import org.spoc.knowledge.domain.Actor;
import org.spoc.knowledge.domain.Article;
import org.spoc.knowledge.domain.ArticleContent;
import org.spoc.knowledge.domain.ArticleService;
import org.spoc.knowledge.domain.ArticleStats;
import org.spoc.knowledge.domain.ArticleStatus;
import org.spoc.knowledge.domain.ArticleVersion;
import org.spoc.knowledge.domain.Audience;
import org.spoc.knowledge.domain.KnowledgeException;
import org.spoc.knowledge.domain.KnowledgeStats;
import org.spoc.knowledge.domain.SearchFilter;
import org.spoc.knowledge.domain.SearchMode;
import org.spoc.knowledge.domain.SearchPage;
import org.spoc.knowledge.domain.SearchRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Knowledge articles (DESIGN.md §4): search, read any version, write drafts, review, publish, vote. */
@RestController
@RequestMapping("/api/knowledge/articles")
class ArticleController {

    private final ArticleService articles;
    private final KnowledgeStats stats;
    private final KnowledgeProperties properties;

    ArticleController(ArticleService articles, KnowledgeStats stats, KnowledgeProperties properties) {
        this.articles = articles;
        this.stats = stats;
        this.properties = properties;
    }

    /**
     * Searches (with {@code q}) or lists newest first. Requesters see published requester articles
     * only; agents may filter by status and audience. A first-page search without a good result
     * counts as a knowledge gap.
     */
    @GetMapping
    Responses.Page search(CurrentUser user, @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable String service,
            @RequestParam(required = false) @Nullable ArticleStatus status,
            @RequestParam(required = false) @Nullable Audience audience,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Inputs.page(page, size, properties.search().maxPageSize());
        String text = Inputs.optional("q", q, 500);
        SearchFilter filter = SearchFilter.any()
                .withCategory(Inputs.optional("category", category, 100))
                .withService(Inputs.optional("service", service, 100))
                .withStatuses(status == null ? Set.of() : Set.of(status))
                .withAudiences(audience == null ? Set.of() : Set.of(audience));
        SearchPage result = articles.search(actor(user), new SearchRequest(text, filter, page, size, SearchMode.SEARCH, true));
        if (text != null && page == 0) {
            stats.searched(text, articles.goodResult(result));
        }
        return Responses.Page.of(result);
    }

    /** One article, its current version or {@code ?version=n}; reading the current version counts a view. */
    @GetMapping("/{id}")
    Responses.ArticleView get(CurrentUser user, @PathVariable String id,
            @RequestParam(required = false) @Nullable Integer version) {
        Actor actor = actor(user);
        Article article = articles.get(actor, Inputs.id("id", id));
        ArticleVersion shown = article.current();
        if (version != null && version != shown.version()) {
            if (actor.requesterOnly()) {
                throw new KnowledgeException.NotFound("version " + version + " of article " + id);
            }
            shown = article.version(version)
                    .orElseThrow(() -> new KnowledgeException.NotFound("version " + version + " of article " + id));
        }
        else {
            stats.viewed(article.id());
        }
        return Responses.ArticleView.of(article, shown, !actor.requesterOnly());
    }

    @PostMapping
    ResponseEntity<Responses.ArticleView> create(CurrentUser user, @RequestBody Requests.ArticleBody body) {
        Article article = articles.create(actor(user), content(body));
        return ResponseEntity.created(URI.create("/api/knowledge/articles/" + article.id()))
                .body(Responses.ArticleView.of(article, article.current(), true));
    }

    @PutMapping("/{id}")
    Responses.ArticleView edit(CurrentUser user, @PathVariable String id, @RequestBody Requests.ArticleBody body) {
        Article article = articles.edit(actor(user), Inputs.id("id", id), content(body));
        return Responses.ArticleView.of(article, article.current(), true);
    }

    @PostMapping("/{id}/transitions")
    Responses.ArticleView transition(CurrentUser user, @PathVariable String id, @RequestBody Requests.Transition body) {
        if (body.to() == null) {
            throw ApiException.badRequest("to", "is required (IN_REVIEW, PUBLISHED, RETIRED or DRAFT)");
        }
        Article article = articles.transition(actor(user), Inputs.id("id", id), body.to());
        return Responses.ArticleView.of(article, article.current(), true);
    }

    /** A helpful / not helpful vote; one per user and article (a second vote replaces the first). */
    @PostMapping("/{id}/feedback")
    ArticleStats feedback(CurrentUser user, @PathVariable String id, @RequestBody Requests.Feedback body) {
        if (body.helpful() == null) {
            throw ApiException.badRequest("helpful", "is required (true or false)");
        }
        Article article = articles.get(actor(user), Inputs.id("id", id));
        stats.vote(article.id(), user.username(), body.helpful());
        return stats.article(article.id());
    }

    /** Views, suggestion shows and opens, votes and deflections of one article (agents). */
    @GetMapping("/{id}/stats")
    ArticleStats articleStats(CurrentUser user, @PathVariable String id) {
        Actor actor = actor(user);
        if (actor.requesterOnly()) {
            throw new KnowledgeException.Forbidden("article figures are for agents");
        }
        return stats.article(articles.get(actor, Inputs.id("id", id)).id());
    }

    static Actor actor(CurrentUser user) {
        return new Actor(user.username(), user.isAgent(), user.isManager());
    }

    private static ArticleContent content(Requests.ArticleBody body) {
        if (body.audience() == null) {
            throw ApiException.badRequest("audience", "is required (REQUESTERS or AGENTS)");
        }
        return new ArticleContent(Inputs.required("title", body.title(), 200), Inputs.required("body", body.body(), 100_000),
                Inputs.keywords(body.keywords()), Inputs.optional("category", body.category(), 100),
                Inputs.optional("service", body.service(), 100), body.audience(),
                body.problemId() == null ? null : Inputs.id("problemId", body.problemId()));
    }
}
