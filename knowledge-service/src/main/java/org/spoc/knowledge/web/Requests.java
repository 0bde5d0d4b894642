package org.spoc.knowledge.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.spoc.knowledge.domain.ArticleStatus;
import org.spoc.knowledge.domain.Audience;
import org.spoc.knowledge.domain.DeflectionKind;

/** Request bodies. Unknown and read-only fields (id, status, version...) are rejected with 400 by the kit. */
final class Requests {

    private Requests() {
    }

    /** {@code POST /api/knowledge/articles} and {@code PUT .../{id}}: one version's content. */
    record ArticleBody(@Nullable String title, @Nullable String body, @Nullable List<String> keywords,
            @Nullable String category, @Nullable String service, @Nullable Audience audience,
            @Nullable String problemId) {
    }

    record Transition(@Nullable ArticleStatus to) {
    }

    record Feedback(@Nullable Boolean helpful) {
    }

    /** What the portal saw: suggestions shown, an article opened, a ticket abandoned after reading. */
    record Deflection(@Nullable DeflectionKind kind, @Nullable List<String> articleIds) {
    }
}
