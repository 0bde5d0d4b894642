package org.spoc.knowledge.web;

import java.util.List;

import org.spoc.kit.security.CurrentUser;
import org.spoc.kit.web.ApiException;
import org.spoc.knowledge.domain.DeflectionKind;
import org.spoc.knowledge.domain.KnowledgeException;
import org.spoc.knowledge.domain.KnowledgeOverview;
import org.spoc.knowledge.domain.KnowledgeStats;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Deflection reports from the portal, and the desk-wide knowledge figures. */
@RestController
class DeflectionController {

    private final KnowledgeStats stats;

    DeflectionController(KnowledgeStats stats) {
        this.stats = stats;
    }

    /**
     * {@code {"kind": "SUGGESTIONS_SHOWN" | "ARTICLE_OPENED" | "TICKET_ABANDONED", "articleIds": [...]}}:
     * shown lists the articles suggested, opened the one opened, abandoned the ones read before leaving.
     */
    @PostMapping("/api/knowledge/deflections")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void report(@RequestBody Requests.Deflection body) {
        if (body.kind() == null) {
            throw ApiException.badRequest("kind", "is required (SUGGESTIONS_SHOWN, ARTICLE_OPENED or TICKET_ABANDONED)");
        }
        List<String> ids = body.articleIds() == null ? List.of() : body.articleIds();
        if (ids.size() > 20) {
            throw ApiException.badRequest("articleIds", "at most 20 articles");
        }
        ids.forEach(id -> Inputs.id("articleIds", id));
        if (body.kind() == DeflectionKind.ARTICLE_OPENED && ids.size() != 1) {
            throw ApiException.badRequest("articleIds", "ARTICLE_OPENED names exactly one article");
        }
        stats.deflection(body.kind(), ids);
    }

    /** Deflection rate, searches and knowledge gaps, and the most read articles (agents). */
    @GetMapping("/api/knowledge/stats")
    KnowledgeOverview overview(CurrentUser user, @RequestParam(defaultValue = "10") int top) {
        if (user.isRequesterOnly()) {
            throw new KnowledgeException.Forbidden("knowledge figures are for agents");
        }
        if (top < 1 || top > 100) {
            throw ApiException.badRequest("top", "must be between 1 and 100");
        }
        return stats.overview(top);
    }
}
