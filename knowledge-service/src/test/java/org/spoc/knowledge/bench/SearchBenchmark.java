package org.spoc.knowledge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.spoc.knowledge.domain.ArticleStatus;
import org.spoc.knowledge.domain.Audience;
import org.spoc.knowledge.domain.IndexedArticle;
import org.spoc.knowledge.domain.SearchFilter;
import org.spoc.knowledge.domain.SearchIndex;
import org.spoc.knowledge.domain.SearchMode;
import org.spoc.knowledge.domain.SearchPage;
import org.spoc.knowledge.domain.SearchRequest;
import org.spoc.knowledge.domain.SearchSettings;

/**
 * Search benchmark (not a test; run on demand, see the module README): indexes N articles generated
 * from the texts of {@code it-tickets-10k.csv}, measures the latency (HdrHistogram) and throughput of
 * searches as the API runs them (requester filter, page of 10, highlighted snippets; typed queries
 * and as-you-type suggestions), and, in the same run, the naive baseline: a case-insensitive regex
 * scan over the same articles in the embedded Mongo-wire store (mongo-java-server, memory backend).
 *
 * <p>Arguments ({@code key=value}): {@code csv} (default /work/shared/data/it-tickets-10k.csv),
 * {@code articles} (100000), {@code queries} (5000), {@code threads} (2), {@code mongoQueries} (60),
 * {@code seed} (42), {@code highlight} (true), {@code fuzzyMaxTerms} (the default setting; 0 turns typo tolerance off).
 */
public final class SearchBenchmark {

    private static final Pattern WORD = Pattern.compile("[a-z]{4,}");

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            opts.put(arg.substring(0, eq).replaceFirst("^--", ""), arg.substring(eq + 1));
        }
        Path csv = Path.of(opts.getOrDefault("csv", "/work/shared/data/it-tickets-10k.csv"));
        int articles = Integer.parseInt(opts.getOrDefault("articles", "100000"));
        int queries = Integer.parseInt(opts.getOrDefault("queries", "5000"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
        int mongoQueries = Integer.parseInt(opts.getOrDefault("mongoQueries", "60"));
        Random random = new Random(Long.parseLong(opts.getOrDefault("seed", "42")));
        highlight = Boolean.parseBoolean(opts.getOrDefault("highlight", "true"));
        SearchSettings defaults = SearchSettings.defaults();
        SearchSettings settings = new SearchSettings(defaults.titleBoost(), defaults.keywordsBoost(),
                Integer.parseInt(opts.getOrDefault("fuzzyMaxTerms", String.valueOf(defaults.fuzzyMaxTerms()))),
                defaults.synonymWeight(), defaults.maxQueryTerms());
        System.out.printf(Locale.ROOT, "load average at start: %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        List<String[]> rows = readCsv(csv);
        System.out.printf(Locale.ROOT, "SPOC knowledge search benchmark: %,d articles from %,d ticket texts (%s), JDK %s, %d cores%n",
                articles, rows.size(), csv.getFileName(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        List<IndexedArticle> generated = generate(rows, articles, random);
        List<String> typed = queries(rows, queries, random, false);
        List<String> typing = queries(rows, queries, random, true);

        long indexStart = System.nanoTime();
        long indexCpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        try (SearchIndex index = SearchIndex.inMemory(settings)) {
            index.upsertAll(generated);
            double indexSeconds = (System.nanoTime() - indexStart) / 1e9;
            double indexCpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - indexCpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "indexed %,d articles in %.1f s (%,.0f articles/s; %.1f s CPU, %,.0f articles per CPU second)%n%n",
                    articles, indexSeconds, articles / indexSeconds, indexCpu, articles / indexCpu);

            // warm up the JIT and the index's caches
            run(index, typed.subList(0, Math.min(2_000, typed.size())), SearchMode.SEARCH);
            run(index, typing.subList(0, Math.min(1_000, typing.size())), SearchMode.AS_YOU_TYPE);

            List<Row> table = new ArrayList<>();
            table.add(measure("Lucene search (q=, 1 thread)", typed, q -> index.search(request(q, SearchMode.SEARCH))));
            table.add(measure("Lucene as-you-type (1 thread)", typing,
                    q -> index.search(request(q, SearchMode.AS_YOU_TYPE))));
            table.add(measureParallel("Lucene search (q=, " + threads + " threads)", typed, threads,
                    q -> index.search(request(q, SearchMode.SEARCH))));
            table.add(mongoBaseline(generated, typed.subList(0, Math.min(mongoQueries, typed.size()))));
            print(table);
            System.out.printf(Locale.ROOT, "load average at end: %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static boolean highlight = true;

    private static SearchRequest request(String q, SearchMode mode) {
        return new SearchRequest(q, SearchFilter.requesterView(), 0, 10, mode, highlight);
    }

    private static void run(SearchIndex index, List<String> queries, SearchMode mode) {
        queries.forEach(q -> index.search(request(q, mode)));
    }

    /** {@code latency} is wall-clock time per query; {@code cpu} the CPU time the searching thread spent on it. */
    private record Row(String what, long count, double seconds, Histogram latency, Histogram cpu, long hits) {
    }

    private interface Search {
        Object run(String query);
    }

    private static Row measure(String what, List<String> queries, Search search) {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram cpu = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long hits = 0;
        long start = System.nanoTime();
        for (String query : queries) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Object result = search.run(query);
            latency.recordValue(System.nanoTime() - t0);
            cpu.recordValue(Math.max(0, threads.getCurrentThreadCpuTime() - c0));
            hits += result instanceof SearchPage page && !page.hits().isEmpty()
                    || result instanceof List<?> list && !list.isEmpty() ? 1 : 0;
        }
        return new Row(what, queries.size(), (System.nanoTime() - start) / 1e9, latency, cpu, hits);
    }

    private static Row measureParallel(String what, List<String> queries, int threads, Search search) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Row>> parts = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int from = t * queries.size() / threads;
                int to = (t + 1) * queries.size() / threads;
                parts.add(pool.submit(() -> measure(what, queries.subList(from, to), search)));
            }
            Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            Histogram cpu = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            long hits = 0;
            for (Future<Row> part : parts) {
                latency.add(part.get().latency());
                cpu.add(part.get().cpu());
                hits += part.get().hits();
            }
            return new Row(what, queries.size(), (System.nanoTime() - start) / 1e9, latency, cpu, hits);
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** The same articles in the embedded Mongo-wire store, searched by case-insensitive regex on title and body. */
    private static Row mongoBaseline(List<IndexedArticle> articles, List<String> queries) {
        MongoServer server = new MongoServer(new MemoryBackend());
        try {
            server.bind("127.0.0.1", 0);
            InetSocketAddress address = server.getLocalAddress();
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
                MongoCollection<Document> collection = client.getDatabase("bench").getCollection("articles");
                long loadStart = System.nanoTime();
                List<Document> batch = new ArrayList<>();
                for (IndexedArticle a : articles) {
                    batch.add(new Document("_id", a.id()).append("title", a.title()).append("body", a.body())
                            .append("category", a.category()).append("audience", a.audience().name())
                            .append("status", a.status().name()));
                    if (batch.size() == 1_000) {
                        collection.insertMany(batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    collection.insertMany(batch);
                }
                System.out.printf(Locale.ROOT, "loaded %,d articles into the embedded Mongo-wire store in %.1f s%n%n",
                        articles.size(), (System.nanoTime() - loadStart) / 1e9);
                collection.find(filter(queries.getFirst())).limit(10).into(new ArrayList<>());   // warm up
                return measure("MongoDB regex scan (baseline)", queries,
                        q -> collection.find(filter(q)).limit(10).into(new ArrayList<>()));
            }
        }
        finally {
            server.shutdownNow();
        }
    }

    /** What a search without a search engine does: every word must appear in the title or the body. */
    private static Bson filter(String query) {
        List<Bson> words = Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\s+")).filter(w -> !w.isBlank())
                .map(w -> Filters.or(Filters.regex("title", escape(w), "i"), Filters.regex("body", escape(w), "i")))
                .toList();
        List<Bson> all = new ArrayList<>(List.of(Filters.eq("status", "PUBLISHED"), Filters.eq("audience", "REQUESTERS")));
        all.addAll(words);
        return Filters.and(all);
    }

    /** The word as a literal regular expression (the embedded store does not understand \\Q...\\E quoting). */
    private static String escape(String word) {
        StringBuilder regex = new StringBuilder();
        for (char c : word.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                regex.append('\\');
            }
            regex.append(c);
        }
        return regex.toString();
    }

    private static void print(List<Row> rows) {
        String line = "+--------------------------------+-------+---------+---------+---------+---------+---------+---------+---------+--------+";
        System.out.println(line);
        System.out.printf(Locale.ROOT, "| %-30s | %5s | %7s | %7s | %7s | %7s | %7s | %7s | %7s | %6s |%n", "what", "n",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "cpu p50", "cpu p95", "q/s", "found");
        System.out.println(line);
        for (Row r : rows) {
            boolean inProcess = !r.what().startsWith("MongoDB");   // the store works in its own threads
            System.out.printf(Locale.ROOT, "| %-30s | %5d | %7.2f | %7.2f | %7.2f | %7.1f | %7s | %7s | %7.1f | %5.0f%% |%n",
                    r.what(), r.count(), ms(r.latency().getValueAtPercentile(50)), ms(r.latency().getValueAtPercentile(95)),
                    ms(r.latency().getValueAtPercentile(99)), ms(r.latency().getMaxValue()),
                    inProcess ? String.format(Locale.ROOT, "%.2f", ms(r.cpu().getValueAtPercentile(50))) : "n/a",
                    inProcess ? String.format(Locale.ROOT, "%.2f", ms(r.cpu().getValueAtPercentile(95))) : "n/a",
                    r.count() / r.seconds(), 100.0 * r.hits() / r.count());
        }
        System.out.println(line);
        System.out.println("p50..max: wall-clock latency; cpu: CPU time of the searching thread per query (independent of"
                + " other load on the machine; n/a for the store, which works in its own threads); q/s: queries per"
                + " second of wall-clock time; found: queries with at least one hit");
        Row lucene = rows.getFirst();
        Row mongo = rows.getLast();
        System.out.printf(Locale.ROOT, "target p95 <= 20 ms: %s (p95 %.2f ms); Lucene p50 is %.0fx faster than the regex scan%n",
                ms(lucene.latency().getValueAtPercentile(95)) <= 20 ? "MET" : "MISSED",
                ms(lucene.latency().getValueAtPercentile(95)),
                (double) mongo.latency().getValueAtPercentile(50) / lucene.latency().getValueAtPercentile(50));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static List<String[]> readCsv(Path csv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8).subList(1, Files.readAllLines(csv).size())) {
            int comma = line.lastIndexOf(',');
            if (comma > 0) {
                rows.add(new String[] {line.substring(0, comma).replace("\"", ""), line.substring(comma + 1).strip()});
            }
        }
        return rows;
    }

    /** Articles built by mixing ticket texts: a title from one text's words, a body of two or three texts. */
    private static List<IndexedArticle> generate(List<String[]> rows, int count, Random random) {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<IndexedArticle> articles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] base = rows.get(i % rows.size());
            String[] words = base[0].split("\\s+");
            int titleWords = Math.min(words.length, 4 + random.nextInt(5));
            int from = words.length > titleWords ? random.nextInt(words.length - titleWords) : 0;
            String title = String.join(" ", Arrays.copyOfRange(words, from, from + titleWords));
            StringBuilder body = new StringBuilder(base[0]);
            for (int extra = 1 + random.nextInt(2); extra > 0; extra--) {
                body.append("\n\n").append(rows.get(random.nextInt(rows.size()))[0]);
            }
            Audience audience = random.nextInt(10) < 8 ? Audience.REQUESTERS : Audience.AGENTS;
            ArticleStatus status = random.nextInt(10) < 9 ? ArticleStatus.PUBLISHED : ArticleStatus.DRAFT;
            articles.add(new IndexedArticle("a" + i, i + 1, 1, title, body.toString(), List.of(base[1].toLowerCase(Locale.ROOT)),
                    base[1], null, audience, status, false, null, false, t0.plusSeconds(i)));
        }
        return articles;
    }

    /**
     * Queries as users type them: two to four words of one ticket text; one in ten with a typo. For
     * as-you-type, the last word is cut short as if still being typed.
     */
    private static List<String> queries(List<String[]> rows, int count, Random random, boolean unfinished) {
        List<String> queries = new ArrayList<>(count);
        while (queries.size() < count) {
            List<String> words = new ArrayList<>();
            var matcher = WORD.matcher(rows.get(random.nextInt(rows.size()))[0]);
            while (matcher.find()) {
                words.add(matcher.group());
            }
            if (words.size() < 4) {
                continue;
            }
            int n = 2 + random.nextInt(3);
            int from = random.nextInt(words.size() - n + 1);
            List<String> picked = new ArrayList<>(words.subList(from, from + n));
            if (random.nextInt(10) == 0) {
                String w = picked.getFirst();
                int at = 1 + random.nextInt(w.length() - 2);
                picked.set(0, w.substring(0, at) + w.substring(at + 1));   // a dropped letter
            }
            if (unfinished) {
                String last = picked.getLast();
                picked.set(picked.size() - 1, last.substring(0, Math.max(2, last.length() - 2)));
            }
            queries.add(String.join(" ", picked));
        }
        return queries;
    }
}
