package org.spoc.ticket.domain;

/** A knowledge article suggested for a ticket by knowledge-service. */
public record SuggestedArticle(String articleId, String title, double score, boolean knownError) {
}
