package org.spoc.knowledge.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The shipped seed articles, read from the classpath, as index entries. */
final class SeedFixtures {

    static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    private SeedFixtures() {
    }

    static List<SeedArticle> seeds() {
        try {
            Path dir = Path.of(Objects.requireNonNull(SeedFixtures.class.getClassLoader().getResource("seed")).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".md")).sorted()
                        .map(p -> SeedArticle.parse(p.getFileName().toString(), read(p))).toList();
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static IndexedArticle published(SeedArticle seed) {
        return new IndexedArticle(seed.id(), 1, 1, seed.title(), seed.body(), seed.keywords(), seed.category(),
                seed.service(), seed.audience(), ArticleStatus.PUBLISHED, false, null, false, T0);
    }

    static SearchIndex seededIndex() {
        SearchIndex index = SearchIndex.inMemory(SearchSettings.defaults());
        index.upsertAll(seeds().stream().map(SeedFixtures::published).toList());
        return index;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
