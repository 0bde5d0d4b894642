package org.spoc.knowledge.domain;

/** An article and how alike its text is to a given text: TF-IDF cosine similarity, 0 to 1. */
public record SimilarArticle(String id, String title, ArticleStatus status, double similarity) {
}
