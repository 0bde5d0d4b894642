package org.spoc.knowledge.domain;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * The full-text index of articles (Apache Lucene, BM25): a read model derived from the article
 * store. Each article is one document holding its current version; {@link #upsert} keeps only the
 * newest revision it has seen, so events and store reads may arrive in any order and twice.
 *
 * <p>Queries are built from analysed words, never parsed as Lucene syntax: any user text is a
 * valid query. Each word matches the title, keywords or body (the best of the three counts, title
 * and keywords boosted), its synonyms at a lower weight, and for short queries words a typo or two
 * away. Hits are filtered by status, audience, category and service and come with a highlighted
 * snippet of the body.
 */
public final class SearchIndex implements Closeable {

    static final String ID = "id";
    static final String TITLE = "title";
    static final String KEYWORDS = "keywords";
    static final String BODY = "body";
    static final String RAW = "raw";
    static final String CATEGORY = "category";
    static final String SERVICE = "service";
    static final String AUDIENCE = "audience";
    static final String STATUS = "status";
    static final String KNOWN_ERROR = "knownError";
    static final String UPDATED_AT = "updatedAt";
    private static final String S_CATEGORY = "s_category";
    private static final String S_SERVICE = "s_service";
    private static final String S_VERSION = "s_version";
    private static final String S_REVISION = "s_revision";
    private static final String S_SUMMARY = "s_summary";
    private static final String S_PROBLEM = "s_problem";
    private static final String S_PROBLEM_OPEN = "s_problemOpen";
    private static final String S_UPDATED_AT = "s_updatedAt";

    private static final int MAX_WINDOW = 10_000;
    private static final int SUMMARY_LENGTH = 200;
    private static final FieldType BODY_TYPE = bodyType();

    private final Directory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final SearchSettings settings;
    private final Synonyms synonyms = new Synonyms();
    private final Map<String, Long> revisions = new ConcurrentHashMap<>();

    private SearchIndex(Directory directory, SearchSettings settings) {
        this.directory = directory;
        this.settings = settings;
        this.analyzer = KnowledgeAnalyzers.perField(RAW);
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setRAMBufferSizeMB(64);
            this.writer = new IndexWriter(directory, config);
            this.searchers = new SearcherManager(writer, null);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot open the search index", ex);
        }
    }

    /** An index held on the heap (the default: it is rebuilt from the store at every start anyway). */
    public static SearchIndex inMemory(SearchSettings settings) {
        return new SearchIndex(new ByteBuffersDirectory(), settings);
    }

    /** An index in memory-mapped files under {@code dir}, emptied at open and rebuilt from the store. */
    public static SearchIndex onDisk(Path dir, SearchSettings settings) {
        try {
            return new SearchIndex(new MMapDirectory(dir), settings);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot open the search index at " + dir, ex);
        }
    }

    /**
     * Indexes the article unless a newer or equal revision is indexed already; retired articles stay
     * indexed (agents can find them) but a requester's filter excludes them.
     * @return whether the index changed
     */
    public boolean upsert(IndexedArticle article) {
        boolean changed = write(article);
        if (changed) {
            refresh();
        }
        return changed;
    }

    /** Indexes many articles and makes them searchable once at the end; returns how many changed. */
    public int upsertAll(Collection<IndexedArticle> articles) {
        int changed = 0;
        for (IndexedArticle article : articles) {
            if (write(article)) {
                changed++;
            }
        }
        refresh();
        return changed;
    }

    public void remove(String id) {
        try {
            writer.deleteDocuments(new Term(ID, id));
            revisions.remove(id);
            refresh();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The revision of the article as indexed, or -1. */
    public long revisionOf(String id) {
        return revisions.getOrDefault(id, -1L);
    }

    public int size() {
        return revisions.size();
    }

    public SearchPage search(SearchRequest request) {
        return search(request, hits -> hits);
    }

    /**
     * As {@link #search(SearchRequest)}, with the page's hits narrowed by {@code choose} (a selection of the
     * hits it is given, in any order) before any is highlighted: the highlighter is most of a search's work,
     * and a caller that keeps a few of the hits has only those highlighted.
     */
    public SearchPage search(SearchRequest request, UnaryOperator<List<SearchHit>> choose) {
        int window = Math.min((request.page() + 1) * request.size(), MAX_WINDOW);
        int from = request.page() * request.size();
        if (from >= window) {
            return SearchPage.empty(request.page(), request.size());
        }
        IndexSearcher searcher = acquire();
        try {
            Built built = build(searcher.getIndexReader(), request.text(), request.mode());
            Query query = filtered(built.query(), request.filter());
            TopDocs top = built.terms() == 0
                    ? searcher.search(query, window, new Sort(new SortField(UPDATED_AT, SortField.Type.LONG, true)))
                    : searcher.search(query, window);
            ScoreDoc[] page = Arrays.copyOfRange(top.scoreDocs, Math.min(from, top.scoreDocs.length),
                    top.scoreDocs.length);
            StoredFields stored = searcher.storedFields();
            Map<SearchHit, ScoreDoc> found = new IdentityHashMap<>();
            List<SearchHit> hits = new ArrayList<>(page.length);
            for (ScoreDoc doc : page) {
                SearchHit hit = hit(stored.document(doc.doc), built.terms() == 0 ? 0f : doc.score, null, null);
                found.put(hit, doc);
                hits.add(hit);
            }
            List<SearchHit> chosen = choose.apply(hits);
            if (request.highlight() && built.terms() > 0 && !chosen.isEmpty()) {
                chosen = highlighted(searcher, built, top.totalHits, chosen, found);
            }
            return new SearchPage(chosen, request.page(), request.size(), top.totalHits.value(),
                    top.totalHits.relation() == TotalHits.Relation.EQUAL_TO, built.terms());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        finally {
            release(searcher);
        }
    }

    /**
     * The articles most alike {@code text}, most alike first: candidates found by a search, then
     * compared by TF-IDF cosine similarity of their title and body with the text.
     */
    public List<SimilarArticle> similar(String text, SearchFilter filter, int candidates) {
        IndexSearcher searcher = acquire();
        try {
            IndexReader reader = searcher.getIndexReader();
            Built built = build(reader, text, SearchMode.DOCUMENT);
            if (built.terms() == 0) {
                return List.of();
            }
            TopDocs top = searcher.search(filtered(built.query(), filter), candidates);
            Map<String, Double> textVector = vector(reader, text);
            StoredFields stored = searcher.storedFields();
            List<SimilarArticle> similar = new ArrayList<>();
            for (ScoreDoc scoreDoc : top.scoreDocs) {
                Document doc = stored.document(scoreDoc.doc);
                Map<String, Double> docVector = vector(reader, doc.get(TITLE) + "\n" + doc.get(BODY));
                similar.add(new SimilarArticle(doc.get(ID), doc.get(TITLE), ArticleStatus.valueOf(doc.get(STATUS)),
                        cosine(textVector, docVector)));
            }
            similar.sort(Comparator.comparingDouble(SimilarArticle::similarity).reversed());
            return similar;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        finally {
            release(searcher);
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private boolean write(IndexedArticle article) {
        AtomicBoolean changed = new AtomicBoolean();
        revisions.compute(article.id(), (id, current) -> {
            if (current != null && current >= article.revision()) {
                return current;
            }
            try {
                if (current == null) {
                    // never indexed here (the index starts empty at every open): no old document to delete
                    writer.addDocument(document(article));
                }
                else {
                    writer.updateDocument(new Term(ID, id), document(article));
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            changed.set(true);
            return article.revision();
        });
        return changed.get();
    }

    private void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Document document(IndexedArticle article) {
        String body = Markdown.toPlainText(article.body());
        Document doc = new Document();
        doc.add(new StringField(ID, article.id(), Field.Store.YES));
        doc.add(new TextField(TITLE, article.title(), Field.Store.YES));
        for (String keyword : article.keywords()) {
            doc.add(new TextField(KEYWORDS, keyword, Field.Store.YES));
        }
        doc.add(new Field(BODY, body, BODY_TYPE));
        doc.add(new TextField(RAW, article.title() + "\n" + String.join(" ", article.keywords()) + "\n" + body,
                Field.Store.NO));
        if (article.category() != null) {
            doc.add(new StringField(CATEGORY, key(article.category()), Field.Store.NO));
            doc.add(new StoredField(S_CATEGORY, article.category()));
        }
        if (article.service() != null) {
            doc.add(new StringField(SERVICE, key(article.service()), Field.Store.NO));
            doc.add(new StoredField(S_SERVICE, article.service()));
        }
        if (article.problemId() != null) {
            doc.add(new StoredField(S_PROBLEM, article.problemId()));
        }
        doc.add(new StringField(AUDIENCE, article.audience().name(), Field.Store.YES));
        doc.add(new StringField(STATUS, article.status().name(), Field.Store.YES));
        doc.add(new StringField(KNOWN_ERROR, Boolean.toString(article.knownError()), Field.Store.YES));
        doc.add(new StoredField(S_PROBLEM_OPEN, Boolean.toString(article.problemOpen())));
        doc.add(new StoredField(S_VERSION, article.version()));
        doc.add(new StoredField(S_REVISION, article.revision()));
        doc.add(new StoredField(S_SUMMARY, Markdown.summary(article.body(), SUMMARY_LENGTH)));
        doc.add(new NumericDocValuesField(UPDATED_AT, article.updatedAt().toEpochMilli()));
        doc.add(new StoredField(S_UPDATED_AT, article.updatedAt().toEpochMilli()));
        return doc;
    }

    /** The chosen hits with the body's best passage, marked (html) and plain; hits not from this search stay as they are. */
    private List<SearchHit> highlighted(IndexSearcher searcher, Built built, TotalHits total, List<SearchHit> chosen,
            Map<SearchHit, ScoreDoc> found) throws IOException {
        List<SearchHit> mine = chosen.stream().filter(found::containsKey).toList();
        ScoreDoc[] docs = mine.stream().map(found::get).toArray(ScoreDoc[]::new);
        String[] marked = docs.length == 0 ? new String[0]
                : highlighter(searcher).highlight(BODY, highlightQuery(searcher, built), new TopDocs(total, docs), 1);
        Map<SearchHit, SearchHit> withSnippet = new IdentityHashMap<>();
        for (int i = 0; i < marked.length; i++) {
            if (marked[i] != null) {
                withSnippet.put(mine.get(i), mine.get(i).withSnippet(MarkingFormatter.html(marked[i]),
                        MarkingFormatter.plain(marked[i])));
            }
        }
        return chosen.stream().map(hit -> withSnippet.getOrDefault(hit, hit)).toList();
    }

    private static SearchHit hit(Document doc, float score, @Nullable String html, @Nullable String plain) {
        List<String> keywords = Arrays.stream(doc.getFields(KEYWORDS)).map(IndexableField::stringValue).toList();
        String summary = doc.get(S_SUMMARY);
        return new SearchHit(doc.get(ID), doc.getField(S_VERSION).numericValue().intValue(), doc.get(TITLE), summary,
                html, plain != null ? plain : summary, keywords, doc.get(S_CATEGORY), doc.get(S_SERVICE),
                Audience.valueOf(doc.get(AUDIENCE)), ArticleStatus.valueOf(doc.get(STATUS)),
                Boolean.parseBoolean(doc.get(KNOWN_ERROR)), doc.get(S_PROBLEM), Boolean.parseBoolean(doc.get(S_PROBLEM_OPEN)),
                Instant.ofEpochMilli(doc.getField(S_UPDATED_AT).numericValue().longValue()), score);
    }

    private record Built(Query query, Query highlight, List<Query> expansions, int terms) {
    }

    /** The query for {@code text}: one clause per meaningful word, nothing parsed as syntax. */
    private Built build(IndexReader reader, @Nullable String text, SearchMode mode) throws IOException {
        if (text == null || text.isBlank()) {
            return new Built(new MatchAllDocsQuery(), new MatchAllDocsQuery(), List.of(), 0);
        }
        List<String> raw = KnowledgeAnalyzers.tokens(KnowledgeAnalyzers.raw(), text);
        boolean unfinishedLast = mode == SearchMode.AS_YOU_TYPE && !Character.isWhitespace(text.charAt(text.length() - 1));
        // each distinct meaningful word with its stem; the last word, when still being typed, may be a prefix
        Map<String, String> words = new LinkedHashMap<>();
        String prefix = null;
        for (int i = 0; i < raw.size(); i++) {
            String token = raw.get(i);
            boolean last = i == raw.size() - 1;
            if (last && unfinishedLast && token.length() >= 2) {
                prefix = token;
            }
            if (KnowledgeAnalyzers.isStopWord(token)) {
                continue;
            }
            List<String> stems = KnowledgeAnalyzers.tokens(KnowledgeAnalyzers.english(), token);
            if (!stems.isEmpty()) {
                words.putIfAbsent(token, stems.getFirst());
            }
        }
        if (mode == SearchMode.DOCUMENT) {
            words = mostTelling(reader, words, settings.maxQueryTerms());
        }
        else if (words.size() > settings.maxQueryTerms()) {
            words = first(words, settings.maxQueryTerms());
        }
        if (words.isEmpty() && prefix == null) {
            return new Built(new BooleanQuery.Builder().build(), new BooleanQuery.Builder().build(), List.of(), 1);
        }
        boolean fuzzy = mode != SearchMode.DOCUMENT && words.size() <= settings.fuzzyMaxTerms();
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        BooleanQuery.Builder highlight = new BooleanQuery.Builder();
        List<Query> expansions = new ArrayList<>();
        Set<String> seenStems = new LinkedHashSet<>();
        for (Map.Entry<String, String> word : words.entrySet()) {
            String token = word.getKey();
            String stem = word.getValue();
            if (!seenStems.add(stem) && !token.equals(prefix)) {
                continue;
            }
            List<Query> alternatives = new ArrayList<>(fieldsFor(stem, 1f));
            highlight.add(new TermQuery(new Term(BODY, stem)), Occur.SHOULD);
            for (String synonym : synonyms.of(stem)) {
                alternatives.addAll(fieldsFor(synonym, settings.synonymWeight()));
                highlight.add(new TermQuery(new Term(BODY, synonym)), Occur.SHOULD);
            }
            if (fuzzy && token.length() >= 4 && !token.equals(prefix) && rare(reader, stem)) {
                int edits = token.length() >= 8 ? 2 : 1;
                Query typo = new FuzzyQuery(new Term(RAW, token), edits, 1, 16, true);
                alternatives.add(new BoostQuery(typo, 0.6f));
                expansions.add(typo);
            }
            if (token.equals(prefix)) {
                alternatives.add(prefixQuery(token));
                expansions.add(prefixQuery(token));
            }
            query.add(new DisjunctionMaxQuery(alternatives, 0.1f), Occur.SHOULD);
        }
        if (prefix != null && !words.containsKey(prefix)) {
            // an unfinished word that is, so far, a stop word ("ho" of "how"): match it as a prefix only
            query.add(prefixQuery(prefix), Occur.SHOULD);
            expansions.add(prefixQuery(prefix));
        }
        List<String> stems = new ArrayList<>(seenStems);
        if (stems.size() >= 2 && stems.size() <= 6) {
            PhraseQuery.Builder phrase = new PhraseQuery.Builder().setSlop(3);
            stems.forEach(stem -> phrase.add(new Term(TITLE, stem)));
            query.add(new BoostQuery(phrase.build(), settings.titleBoost()), Occur.SHOULD);
        }
        return new Built(query.build(), highlight.build(), expansions, Math.max(1, words.size()));
    }

    /** Whether a word is rare enough in the articles that it may be a typo worth matching loosely. */
    private static boolean rare(IndexReader reader, String stem) throws IOException {
        return reader.docFreq(new Term(TITLE, stem)) + reader.docFreq(new Term(BODY, stem))
                + reader.docFreq(new Term(KEYWORDS, stem)) < 3;
    }

    /**
     * The highlight query with the words that typo-tolerant and prefix clauses actually matched, as
     * plain body terms: highlighting multi-term queries directly would scan the whole term dictionary
     * for every hit.
     */
    private static Query highlightQuery(IndexSearcher searcher, Built built) throws IOException {
        if (built.expansions().isEmpty()) {
            return built.highlight();
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(built.highlight(), Occur.SHOULD);
        Set<Term> matched = new HashSet<>();
        for (Query expansion : built.expansions()) {
            searcher.rewrite(expansion).visit(QueryVisitor.termCollector(matched));
        }
        Set<String> stems = new HashSet<>();
        for (Term term : matched) {
            stems.addAll(KnowledgeAnalyzers.tokens(KnowledgeAnalyzers.english(), term.text()));
        }
        stems.forEach(stem -> query.add(new TermQuery(new Term(BODY, stem)), Occur.SHOULD));
        return query.build();
    }

    private Query prefixQuery(String token) {
        return new BoostQuery(new PrefixQuery(new Term(RAW, token), new MultiTermQuery.TopTermsBlendedFreqScoringRewrite(16)),
                0.8f);
    }

    private List<Query> fieldsFor(String stem, float weight) {
        return List.of(
                new BoostQuery(new TermQuery(new Term(TITLE, stem)), settings.titleBoost() * weight),
                new BoostQuery(new TermQuery(new Term(KEYWORDS, stem)), settings.keywordsBoost() * weight),
                weight == 1f ? new TermQuery(new Term(BODY, stem)) : new BoostQuery(new TermQuery(new Term(BODY, stem)), weight));
    }

    /** The words of a long text that say most about it: present in the index, rarest first. */
    private static Map<String, String> mostTelling(IndexReader reader, Map<String, String> words, int max)
            throws IOException {
        record Scored(String token, String stem, int df) {
        }
        List<Scored> scored = new ArrayList<>();
        Set<String> stems = new LinkedHashSet<>();
        for (Map.Entry<String, String> word : words.entrySet()) {
            if (!stems.add(word.getValue())) {
                continue;
            }
            int df = reader.docFreq(new Term(BODY, word.getValue())) + reader.docFreq(new Term(TITLE, word.getValue()));
            if (df > 0) {
                scored.add(new Scored(word.getKey(), word.getValue(), df));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::df));
        Map<String, String> telling = new LinkedHashMap<>();
        scored.stream().limit(max).forEach(s -> telling.put(s.token(), s.stem()));
        return telling;
    }

    private static Map<String, String> first(Map<String, String> words, int max) {
        Map<String, String> limited = new LinkedHashMap<>();
        words.entrySet().stream().limit(max).forEach(e -> limited.put(e.getKey(), e.getValue()));
        return limited;
    }

    private static Query filtered(Query query, SearchFilter filter) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder().add(query, Occur.MUST);
        if (!filter.statuses().isEmpty()) {
            builder.add(new TermInSetQuery(STATUS, filter.statuses().stream().map(s -> new BytesRef(s.name())).toList()),
                    Occur.FILTER);
        }
        if (!filter.audiences().isEmpty()) {
            builder.add(new TermInSetQuery(AUDIENCE, filter.audiences().stream().map(a -> new BytesRef(a.name())).toList()),
                    Occur.FILTER);
        }
        if (filter.category() != null) {
            builder.add(new TermQuery(new Term(CATEGORY, key(filter.category()))), Occur.FILTER);
        }
        if (filter.service() != null) {
            builder.add(new TermQuery(new Term(SERVICE, key(filter.service()))), Occur.FILTER);
        }
        if (filter.knownErrorOnly()) {
            builder.add(new TermQuery(new Term(KNOWN_ERROR, "true")), Occur.FILTER);
        }
        return builder.build();
    }

    private UnifiedHighlighter highlighter(IndexSearcher searcher) {
        return UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new MarkingFormatter())
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getSentenceInstance(Locale.ROOT), 160, 0.5f))
                .withMaxNoHighlightPassages(1)
                .build();
    }

    private static Map<String, Double> vector(IndexReader reader, String text) throws IOException {
        Map<String, Integer> tf = new HashMap<>();
        for (String stem : KnowledgeAnalyzers.tokens(KnowledgeAnalyzers.english(), text)) {
            tf.merge(stem, 1, Integer::sum);
        }
        int n = Math.max(1, reader.numDocs());
        Map<String, Double> vector = new HashMap<>();
        for (Map.Entry<String, Integer> entry : tf.entrySet()) {
            int df = reader.docFreq(new Term(BODY, entry.getKey()));
            double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            vector.put(entry.getKey(), (1 + Math.log(entry.getValue())) * idf);
        }
        return vector;
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        double dot = 0;
        for (Map.Entry<String, Double> entry : a.entrySet()) {
            Double other = b.get(entry.getKey());
            if (other != null) {
                dot += entry.getValue() * other;
            }
        }
        double norms = norm(a) * norm(b);
        return norms == 0 ? 0 : dot / norms;
    }

    private static double norm(Map<String, Double> vector) {
        double sum = 0;
        for (double value : vector.values()) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }

    static String key(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static FieldType bodyType() {
        FieldType type = new FieldType(TextField.TYPE_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        return type;
    }
}
