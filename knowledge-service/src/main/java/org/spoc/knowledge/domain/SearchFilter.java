package org.spoc.knowledge.domain;

import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** What a search may return. Empty sets mean "any". Category and service match case-insensitively. */
public record SearchFilter(Set<ArticleStatus> statuses, Set<Audience> audiences, @Nullable String category,
        @Nullable String service, boolean knownErrorOnly) {

    public SearchFilter {
        statuses = Set.copyOf(statuses);
        audiences = Set.copyOf(audiences);
    }

    /** Everything a requester may see: published articles written for requesters. */
    public static SearchFilter requesterView() {
        return new SearchFilter(Set.of(ArticleStatus.PUBLISHED), Set.of(Audience.REQUESTERS), null, null, false);
    }

    public static SearchFilter published() {
        return new SearchFilter(Set.of(ArticleStatus.PUBLISHED), Set.of(), null, null, false);
    }

    /** Articles that still count: everything but retired ones. */
    public static SearchFilter live() {
        return new SearchFilter(EnumSet.complementOf(EnumSet.of(ArticleStatus.RETIRED)), Set.of(), null, null, false);
    }

    public static SearchFilter any() {
        return new SearchFilter(Set.of(), Set.of(), null, null, false);
    }

    public SearchFilter withCategory(@Nullable String value) {
        return new SearchFilter(statuses, audiences, value, service, knownErrorOnly);
    }

    public SearchFilter withService(@Nullable String value) {
        return new SearchFilter(statuses, audiences, category, value, knownErrorOnly);
    }

    public SearchFilter withStatuses(Set<ArticleStatus> value) {
        return new SearchFilter(value, audiences, category, service, knownErrorOnly);
    }

    public SearchFilter withAudiences(Set<Audience> value) {
        return new SearchFilter(statuses, value, category, service, knownErrorOnly);
    }
}
