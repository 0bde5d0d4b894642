package org.spoc.knowledge.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The article workflow: {@code DRAFT -> IN_REVIEW -> PUBLISHED -> RETIRED}. A reviewer may send a
 * draft in review back to DRAFT, and bring a retired article back as a DRAFT.
 */
public enum ArticleStatus {
    DRAFT, IN_REVIEW, PUBLISHED, RETIRED;

    /** The statuses an article in this status may move to. */
    public Set<ArticleStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(IN_REVIEW);
            case IN_REVIEW -> EnumSet.of(DRAFT, PUBLISHED);
            case PUBLISHED -> EnumSet.of(RETIRED);
            case RETIRED -> EnumSet.of(DRAFT);
        };
    }

    /** Whether moving into {@code to} needs a reviewer (MANAGER or ADMIN). */
    public boolean needsReviewerFor(ArticleStatus to) {
        return to == PUBLISHED || to == RETIRED || this == RETIRED;
    }
}
