package org.spoc.knowledge.domain;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps this replica's search index in step with the article store: {@link #rebuild()} at start,
 * {@link #indexStored(String)} when an event names an article, and {@link #catchUp()} now and then
 * for changes no event announces (drafts edited on another replica). Revisions come from one
 * counter; a write may commit a little after a later revision, so catching up looks back a few.
 */
public class IndexSync {

    private static final int BATCH = 1_000;
    private static final long LOOK_BACK = 32;

    private final ArticleStore store;
    private final SearchIndex index;
    private final AtomicLong seen = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean ready;

    public IndexSync(ArticleStore store, SearchIndex index) {
        this.store = store;
        this.index = index;
    }

    /** Indexes every stored article; returns how many. */
    public int rebuild() {
        int[] count = {0};
        store.forEach(batch -> {
            index.upsertAll(batch.stream().map(Article::indexed).toList());
            count[0] += batch.size();
            seen.accumulateAndGet(batch.getLast().revision(), Math::max);
        }, BATCH);
        ready = true;
        return count[0];
    }

    /** Indexes what changed since the last look; returns how many articles changed the index. */
    public int catchUp() {
        long from = seen.get() == Long.MIN_VALUE ? Long.MIN_VALUE : seen.get() - LOOK_BACK;
        int changed = 0;
        while (true) {
            List<Article> batch = store.changedAfter(from, BATCH);
            if (batch.isEmpty()) {
                return changed;
            }
            changed += index.upsertAll(batch.stream().map(Article::indexed).toList());
            from = batch.getLast().revision();
            seen.accumulateAndGet(from, Math::max);
            if (batch.size() < BATCH) {
                return changed;
            }
        }
    }

    /** Indexes the stored state of one article (an event named it); returns whether the index changed. */
    public boolean indexStored(String articleId) {
        return store.find(articleId).map(article -> index.upsert(article.indexed())).orElse(false);
    }

    /** Whether the index holds the store (the first rebuild finished). */
    public boolean ready() {
        return ready;
    }
}
