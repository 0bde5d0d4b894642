package org.spoc.knowledge.domain;

import java.util.Set;

/** A refusal the caller can act on; the web layer turns each kind into its HTTP status. */
public abstract sealed class KnowledgeException extends RuntimeException {

    KnowledgeException(String message) {
        super(message);
    }

    /** The article does not exist, or the caller may not see it. */
    public static final class NotFound extends KnowledgeException {
        public NotFound(String what) {
            super(what);
        }
    }

    /** The caller's roles do not allow the action. */
    public static final class Forbidden extends KnowledgeException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** The workflow does not allow the change from the current status. */
    public static final class IllegalTransition extends KnowledgeException {
        private final Set<ArticleStatus> allowed;

        public IllegalTransition(ArticleStatus from, ArticleStatus to, Set<ArticleStatus> allowed) {
            super("an article in " + from + " cannot move to " + to);
            this.allowed = Set.copyOf(allowed);
        }

        public Set<ArticleStatus> allowed() {
            return allowed;
        }
    }

    /** The change conflicts with the article's state (for example editing a retired article). */
    public static final class Conflict extends KnowledgeException {
        public Conflict(String message) {
            super(message);
        }
    }
}
