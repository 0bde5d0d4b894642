package org.spoc.knowledge.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SearchIndexTests {

    private final SearchIndex index = SearchIndex.inMemory(SearchSettings.defaults());

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void matchesWordsByTheirStem() {
        index.upsert(article("a1", "Printing problems", "The printers on floor two are not printing documents."));

        assertThat(ids("printer prints")).containsExactly("a1");
    }

    @Test
    void toleratesATypoInShortQueries() {
        index.upsert(article("a1", "Reset your password", "Use the self-service password portal."));
        index.upsert(article("a2", "Order a monitor", "Monitors are ordered from the catalog."));

        assertThat(ids("pasword")).containsExactly("a1");
        assertThat(ids("moniter")).containsExactly("a2");
    }

    @Test
    void ranksATitleMatchAboveABodyMatch() {
        index.upsert(article("body", "Office moves", "Bring your docking station when the team moves desks."));
        index.upsert(article("title", "Docking station not working", "Unplug the cable and plug it in again."));

        assertThat(ids("docking station")).containsExactly("title", "body");
    }

    @Test
    void ranksAKeywordMatchAboveABodyMatch() {
        index.upsert(new IndexedArticle("kw", 1, 1, "Connecting from home", "Start the client and sign in.",
                List.of("globalprotect"), null, null, Audience.REQUESTERS, ArticleStatus.PUBLISHED, false, null, false,
                SeedFixtures.T0));
        index.upsert(new IndexedArticle("body", 1, 1, "Client list", "GlobalProtect is one of many clients we run.",
                List.of("clients"), null, null, Audience.REQUESTERS, ArticleStatus.PUBLISHED, false, null, false,
                SeedFixtures.T0));
        IntStream.range(0, 5).forEach(i -> index.upsert(new IndexedArticle("filler" + i, 1, 1, "Filler " + i,
                "Some other text about printers and screens number " + i, List.of("printer", "screen"), null, null,
                Audience.REQUESTERS, ArticleStatus.PUBLISHED, false, null, false, SeedFixtures.T0)));

        assertThat(ids("globalprotect")).containsExactly("kw", "body");
    }

    @Test
    void findsAnArticleBySynonymsAndSpellingVariants() {
        index.upsert(article("wifi", "Connect to the Wi-Fi", "Choose the CORP network."));

        assertThat(ids("wireless")).containsExactly("wifi");
        assertThat(ids("WiFi")).containsExactly("wifi");
    }

    @Test
    void filtersByStatusAudienceAndCategory() {
        index.upsert(article("pub", "VPN guide", "Connect the VPN."));
        index.upsert(with(article("draft", "VPN draft", "Connect the VPN."), ArticleStatus.DRAFT, Audience.REQUESTERS, "Network"));
        index.upsert(with(article("agents", "VPN for agents", "Connect the VPN."), ArticleStatus.PUBLISHED, Audience.AGENTS, "Network"));

        assertThat(ids("vpn", SearchFilter.requesterView())).containsExactly("pub");
        assertThat(ids("vpn", SearchFilter.any())).containsExactlyInAnyOrder("pub", "draft", "agents");
        assertThat(ids("vpn", SearchFilter.any().withCategory("network"))).containsExactlyInAnyOrder("draft", "agents");
        assertThat(ids("vpn", SearchFilter.any().withStatuses(Set.of(ArticleStatus.DRAFT)))).containsExactly("draft");
    }

    @Test
    void highlightsMatchedWordsInAnEscapedSnippet() {
        index.upsert(article("a1", "Scanner", "Put pages & documents (fewer than 50 < 51) in the feeder, then press Start to scan."));

        SearchHit hit = index.search(SearchRequest.of("scan documents", SearchFilter.any(), 5)).hits().getFirst();

        assertThat(hit.snippet()).contains("<mark>documents</mark>").contains("&amp;").contains("&lt; 51");
        assertThat(hit.plainSnippet()).contains("documents (fewer than 50 < 51)").doesNotContain("<mark>");
    }

    @Test
    void highlightsOnlyTheHitsACallerKeepsInTheOrderItChose() {
        IntStream.range(0, 6).forEach(i -> index.upsert(article("a" + i, "Printer note " + i,
                "The printer on floor " + i + " jams when printing duplex. " + "paper ".repeat(i + 1))));
        SearchRequest request = new SearchRequest("printer jams duplex", SearchFilter.any(), 0, 10, SearchMode.DOCUMENT, true);
        List<SearchHit> all = index.search(request).hits();

        List<SearchHit> kept = index.search(request, hits -> List.of(hits.get(4), hits.get(1))).hits();

        assertThat(all).hasSize(6).allSatisfy(hit -> assertThat(hit.snippet()).contains("<mark>"));
        assertThat(kept).extracting(SearchHit::id).containsExactly(all.get(4).id(), all.get(1).id());
        assertThat(kept).extracting(SearchHit::snippet).containsExactly(all.get(4).snippet(), all.get(1).snippet());
        assertThat(kept).extracting(SearchHit::plainSnippet)
                .containsExactly(all.get(4).plainSnippet(), all.get(1).plainSnippet());
    }

    @Test
    void pagesThroughHitsBestFirst() {
        IntStream.range(0, 25).forEach(i -> index.upsert(article("a" + i, "Laptop note " + i, "laptop ".repeat(i + 1))));

        SearchPage first = index.search(new SearchRequest("laptop", SearchFilter.any(), 0, 10, SearchMode.SEARCH, false));
        SearchPage third = index.search(new SearchRequest("laptop", SearchFilter.any(), 2, 10, SearchMode.SEARCH, false));

        assertThat(first.total()).isEqualTo(25);
        assertThat(first.hits()).hasSize(10);
        assertThat(third.hits()).hasSize(5);
        assertThat(first.hits().getFirst().score()).isGreaterThanOrEqualTo(first.hits().getLast().score());
        assertThat(third.hits()).extracting(SearchHit::id).doesNotContainAnyElementsOf(
                first.hits().stream().map(SearchHit::id).toList());
    }

    @Test
    void listsNewestFirstWithoutText() {
        index.upsert(article("old", "Old", "text"));
        index.upsert(new IndexedArticle("new", 1, 1, "New", "text", List.of(), null, null, Audience.REQUESTERS,
                ArticleStatus.PUBLISHED, false, null, false, SeedFixtures.T0.plusSeconds(60)));

        assertThat(ids(null)).containsExactly("new", "old");
    }

    @Test
    void matchesTheUnfinishedLastWordAsAPrefixWhileTyping() {
        index.upsert(article("a1", "Outlook not syncing", "Mail does not arrive."));

        SearchPage page = index.search(new SearchRequest("outlo", SearchFilter.any(), 0, 5, SearchMode.AS_YOU_TYPE, true));

        assertThat(page.hits()).extracting(SearchHit::id).containsExactly("a1");
    }

    @Test
    void treatsQuerySyntaxAsPlainText() {
        index.upsert(article("a1", "VPN guide", "Connect the VPN."));

        for (String text : List.of("vpn AND (", "\"vpn", "title:vpn~ ^3 *", "{$where: 1}", "???", "-", "\\")) {
            assertThat(index.search(SearchRequest.of(text, SearchFilter.any(), 5)).hits()).isNotNull();
        }
        assertThat(ids("title:vpn AND (")).containsExactly("a1");
    }

    @Test
    void keepsOnlyTheNewestRevision() {
        index.upsert(article("a1", "Printer guide", "printer"));
        index.upsert(new IndexedArticle("a1", 3, 2, "Scanner guide", "scanner", List.of(), null, null,
                Audience.REQUESTERS, ArticleStatus.PUBLISHED, false, null, false, SeedFixtures.T0));
        boolean older = index.upsert(new IndexedArticle("a1", 2, 1, "Printer guide", "printer", List.of(), null, null,
                Audience.REQUESTERS, ArticleStatus.PUBLISHED, false, null, false, SeedFixtures.T0));

        assertThat(older).isFalse();
        assertThat(ids("scanner")).containsExactly("a1");
        assertThat(ids("printer")).isEmpty();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void scoresIdenticalTextAsMostSimilar() {
        index.upsert(article("same", "VPN certificate", "Reinstalled the VPN client and renewed the machine certificate."));
        index.upsert(article("other", "VPN slow", "The VPN is slow over hotel Wi-Fi; use a cable."));

        List<SimilarArticle> similar = index.similar(
                "VPN certificate\nReinstalled the VPN client and renewed the machine certificate.", SearchFilter.any(), 5);

        assertThat(similar.getFirst().id()).isEqualTo("same");
        assertThat(similar.getFirst().similarity()).isGreaterThan(0.95);
        assertThat(similar.get(1).similarity()).isLessThan(0.5);
    }

    @Test
    void keepsTheIndexInMemoryMappedFilesUnderADataDirectory(@TempDir Path dir) {
        try (SearchIndex onDisk = SearchIndex.onDisk(dir, SearchSettings.defaults())) {
            onDisk.upsert(article("a1", "VPN guide", "Connect the VPN."));

            assertThat(onDisk.search(SearchRequest.of("vpn", SearchFilter.any(), 5)).hits()).extracting(SearchHit::id)
                    .containsExactly("a1");
        }
        assertThat(dir.toFile().list()).isNotEmpty();
    }

    @Test
    void removesAnArticle() {
        index.upsert(article("a1", "VPN guide", "Connect the VPN."));

        index.remove("a1");

        assertThat(ids("vpn")).isEmpty();
        assertThat(index.revisionOf("a1")).isEqualTo(-1);
    }

    private List<String> ids(String text) {
        return ids(text, SearchFilter.any());
    }

    private List<String> ids(String text, SearchFilter filter) {
        return index.search(new SearchRequest(text, filter, 0, 10, SearchMode.SEARCH, false)).hits().stream()
                .map(SearchHit::id).toList();
    }

    private static IndexedArticle article(String id, String title, String body) {
        return new IndexedArticle(id, 1, 1, title, body, List.of(), null, null, Audience.REQUESTERS,
                ArticleStatus.PUBLISHED, false, null, false, SeedFixtures.T0);
    }

    private static IndexedArticle with(IndexedArticle a, ArticleStatus status, Audience audience, String category) {
        return new IndexedArticle(a.id(), a.revision(), a.version(), a.title(), a.body(), a.keywords(), category,
                a.service(), audience, status, a.knownError(), a.problemId(), a.problemOpen(), a.updatedAt());
    }
}
