package org.spoc.knowledge;

import org.spoc.testkit.ServiceClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.spoc.events.CloudEvent;
import org.spoc.events.EventType;
import org.spoc.events.Topics;
import org.spoc.events.knowledge.ArticleEvent;
import org.spoc.events.knowledge.DraftProposed;
import org.spoc.events.knowledge.KnowledgeSuggested;
import org.spoc.events.problem.ProblemEvent;
import org.spoc.events.problem.ProblemSnapshot;
import org.spoc.events.ticket.Level;
import org.spoc.events.ticket.Priority;
import org.spoc.events.ticket.TicketEvent;
import org.spoc.events.ticket.TicketSnapshot;
import org.spoc.events.ticket.TicketStatus;
import org.spoc.events.ticket.TicketType;
import org.spoc.knowledge.domain.Article;
import org.spoc.knowledge.domain.ArticleContent;
import org.spoc.knowledge.domain.ArticleOrigin;
import org.spoc.knowledge.domain.ArticleStore;
import org.spoc.knowledge.domain.Audience;
import org.spoc.knowledge.domain.IndexSync;
import org.spoc.testkit.KafkaEvents;
import org.spoc.testkit.SpocIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service against Kafka and MongoDB from the testkit, through its HTTP API and its topics.
 * The periodic catch-up is slowed down so that what the events do is what is tested.
 */
@SpocIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spoc.knowledge.sync-interval=1h")
class KnowledgeServiceIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    ArticleStore store;

    @Autowired
    IndexSync sync;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private ServiceClient api() {
        return new ServiceClient(port);
    }

    @Test
    void publishesAReviewedArticleAndShowsItToRequestersOnlyOncePublished() {
        String word = "quokka" + UUID.randomUUID().toString().substring(0, 6);
        try (KafkaEvents knowledge = KafkaEvents.on(Topics.KNOWLEDGE)) {
            ServiceClient.Response created = api().post("hank", "/api/knowledge/articles", """
                    {"title": "Configure the %s badge reader", "body": "Hold the **badge** to the reader.",
                     "keywords": ["badge"], "category": "Facilities", "audience": "REQUESTERS"}""".formatted(word));
            assertThat(created.status()).isEqualTo(201);
            String id = created.body().get("id").asString();
            assertThat(created.body().get("status").asString()).isEqualTo("DRAFT");

            assertThat(search("alice", word)).isEmpty();
            assertThat(api().get("alice", "/api/knowledge/articles/" + id).status()).isEqualTo(404);
            assertThat(search("hank", word)).containsExactly(id);

            assertThat(transition("hank", id, "IN_REVIEW").status()).isEqualTo(200);
            assertThat(transition("hank", id, "PUBLISHED").status()).isEqualTo(403);
            assertThat(transition("mia", id, "PUBLISHED").status()).isEqualTo(200);

            CloudEvent published = knowledge.awaitEvent(EventType.KNOWLEDGE_PUBLISHED, id, TIMEOUT);
            assertThat(published.data(ArticleEvent.class).article().title()).contains(word);
            assertThat(published.data(ArticleEvent.class).actor()).isEqualTo("mia");
            assertThat(search("alice", word)).containsExactly(id);
            assertThat(api().get("alice", "/api/knowledge/articles/" + id).body().get("body").asString())
                    .contains("**badge**");

            ServiceClient.Response illegal = transition("mia", id, "IN_REVIEW");
            assertThat(illegal.status()).isEqualTo(409);
            assertThat(illegal.body().get("allowed").toString()).contains("RETIRED");

            assertThat(transition("mia", id, "RETIRED").status()).isEqualTo(200);
            knowledge.awaitEvent(EventType.KNOWLEDGE_RETIRED, id, TIMEOUT);
            assertThat(search("alice", word)).isEmpty();
        }
    }

    @Test
    void keepsEveryVersionReadable() {
        String id = api().post("hank", "/api/knowledge/articles", """
                {"title": "Printer codes", "body": "Code 1 means paper.", "audience": "AGENTS"}""").body().get("id").asString();

        ServiceClient.Response edited = api().put("hank", "/api/knowledge/articles/" + id, """
                {"title": "Printer error codes", "body": "Code 1 means paper. Code 2 means toner.", "audience": "AGENTS"}""");

        assertThat(edited.body().get("version").asInt()).isEqualTo(2);
        assertThat(api().get("pete", "/api/knowledge/articles/" + id + "?version=1").body().get("title").asString())
                .isEqualTo("Printer codes");
        JsonNode current = api().get("pete", "/api/knowledge/articles/" + id).body();
        assertThat(current.get("title").asString()).isEqualTo("Printer error codes");
        assertThat(current.get("versions")).hasSize(2);
        assertThat(api().get("pete", "/api/knowledge/articles/" + id + "?version=7").status()).isEqualTo(404);
    }

    @Test
    void rejectsUnknownAndReadOnlyFieldsNamingThem() {
        ServiceClient.Response readOnly = api().post("hank", "/api/knowledge/articles", """
                {"title": "t", "body": "b", "audience": "AGENTS", "status": "PUBLISHED"}""");
        ServiceClient.Response missing = api().post("hank", "/api/knowledge/articles", """
                {"title": "t", "body": "b"}""");
        ServiceClient.Response requester = api().post("alice", "/api/knowledge/articles", """
                {"title": "t", "body": "b", "audience": "REQUESTERS"}""");

        assertThat(readOnly.status()).isEqualTo(400);
        assertThat(readOnly.body().get("field").asString()).isEqualTo("status");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("field").asString()).isEqualTo("audience");
        assertThat(requester.status()).isEqualTo(403);
    }

    @Test
    void searchesSafelyWhateverTheQuerySays() {
        for (String q : List.of("vpn AND (", "{\"$where\": \"1\"}", "title:*", "\\", "~~~")) {
            ServiceClient.Response response = api().get("alice", "/api/knowledge/articles?q=" + ServiceClient.q(q));
            assertThat(response.status()).as(q).isEqualTo(200);
        }
        assertThat(api().get("alice", "/api/knowledge/articles?q=vpn&size=500").status()).isEqualTo(400);
        assertThat(search("alice", "vpn dropping")).contains("kb-vpn-drops");
    }

    @Test
    void indexesAnArticlePublishedOnAnotherReplicaWithinOneSecond() {
        awaitAssigned("knowledge-index");
        String word = "narwhal" + UUID.randomUUID().toString().substring(0, 6);
        Instant now = Instant.now();
        Article article = Article.draft("other-" + word, store.nextRevision(),
                new ArticleContent("The " + word + " kiosk", "Restart the kiosk.", List.of(), null, null,
                        Audience.REQUESTERS, null), ArticleOrigin.AUTHORED, "mia", now);
        Article published = withPublished(article);
        store.insert(published, List.of());   // as another replica would, without touching this replica's index
        assertThat(search("alice", word)).isEmpty();

        KafkaEvents.publish(CloudEvent.of(EventType.KNOWLEDGE_PUBLISHED, published.id(),
                new ArticleEvent(published.snapshot(), "mia"), now));

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> search("alice", word).contains(published.id()));
    }

    @Test
    void catchesUpOnChangesNoEventAnnounces() {
        String word = "axolotl" + UUID.randomUUID().toString().substring(0, 6);
        Article draft = Article.draft("draft-" + word, store.nextRevision(), new ArticleContent("The " + word + " draft",
                "Draft text.", List.of(), null, null, Audience.AGENTS, null), ArticleOrigin.AUTHORED, "nora", Instant.now());
        store.insert(draft, List.of());
        assertThat(search("hank", word)).isEmpty();

        sync.catchUp();

        assertThat(search("hank", word)).containsExactly(draft.id());
    }

    @Test
    void suggestsArticlesForAnOpenedTicket() {
        String ticketId = "t-" + UUID.randomUUID();
        try (KafkaEvents knowledge = KafkaEvents.on(Topics.KNOWLEDGE)) {
            KafkaEvents.publish(ticketEvent(EventType.TICKET_OPENED, ticketId, "VPN keeps disconnecting",
                    "Since this morning my VPN connection drops every few minutes when I work from home.", null, null));

            KnowledgeSuggested suggested = knowledge.awaitEvent(EventType.KNOWLEDGE_SUGGESTED, ticketId, TIMEOUT)
                    .data(KnowledgeSuggested.class);

            assertThat(suggested.ticketId()).isEqualTo(ticketId);
            assertThat(suggested.suggestions()).isNotEmpty();
            assertThat(suggested.suggestions().getFirst().articleId()).isEqualTo("kb-vpn-drops");
            assertThat(suggested.suggestions().getFirst().snippet()).isNotBlank();
        }
    }

    @Test
    void turnsAKnownErrorIntoAPublishedArticleThatLeadsSuggestions() {
        String problemId = "p-" + UUID.randomUUID().toString().substring(0, 8);
        String ticketId = "t-" + UUID.randomUUID();
        try (KafkaEvents knowledge = KafkaEvents.on(Topics.KNOWLEDGE)) {
            Instant now = Instant.now();
            ProblemSnapshot problem = new ProblemSnapshot(problemId, "PRB0000042",
                    "Outlook closes when opening calendar invitations", "KNOWN_ERROR", "P3", "Email", "Email", null,
                    "A faulty add-in update", "Open the invitation in Outlook on the web (outlook.office.com) until the fix ships.",
                    true, 4, 3, now, now, null);
            KafkaEvents.publish(CloudEvent.of(EventType.PROBLEM_KNOWN_ERROR, problemId,
                    new ProblemEvent(problem, List.of(), null, "vera"), now));

            CloudEvent published = knowledge.awaitEvent(EventType.KNOWLEDGE_PUBLISHED, "ke-" + problemId, TIMEOUT);
            assertThat(published.data(ArticleEvent.class).article().knownError()).isTrue();
            assertThat(api().get("alice", "/api/knowledge/articles/ke-" + problemId).body().get("body").asString())
                    .contains("Outlook on the web");

            KafkaEvents.publish(ticketEvent(EventType.TICKET_OPENED, ticketId, "Outlook crashes on calendar invites",
                    "Every time I open a meeting invitation Outlook closes.", null, null));
            KnowledgeSuggested suggested = knowledge.awaitEvent(EventType.KNOWLEDGE_SUGGESTED, ticketId, TIMEOUT)
                    .data(KnowledgeSuggested.class);
            assertThat(suggested.suggestions().getFirst().articleId()).isEqualTo("ke-" + problemId);
            assertThat(suggested.suggestions().getFirst().knownError()).isTrue();
        }
    }

    @Test
    void proposesOneDraftForTenSimilarResolutions() {
        String marker = "zx" + UUID.randomUUID().toString().substring(0, 5);
        String notes = "Ran the head cleaning cycle twice from the plotter maintenance menu, then replaced the "
                + marker + " ink cartridge; prints are sharp again.";
        try (KafkaEvents knowledge = KafkaEvents.on(Topics.KNOWLEDGE)) {
            List<String> tickets = IntStream.range(0, 10).mapToObj(i -> "t-" + marker + "-" + i).toList();
            tickets.forEach(id -> KafkaEvents.publish(ticketEvent(EventType.TICKET_RESOLVED, id,
                    "Plotter prints faint streaky lines", "The design studio plotter prints faint lines on every sheet.",
                    notes, TicketStatus.RESOLVED)));

            CloudEvent proposed = knowledge.awaitEvent(EventType.KNOWLEDGE_DRAFT_PROPOSED,
                    e -> e.data(DraftProposed.class).title().contains("Plotter"), TIMEOUT);
            String draftId = proposed.data(DraftProposed.class).articleId();
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                    api().get("mia", "/api/knowledge/articles/" + draftId).body().get("occurrences").asInt())
                    .isEqualTo(10));

            assertThat(knowledge.events().stream().filter(e -> e.type().equals(EventType.KNOWLEDGE_DRAFT_PROPOSED.type()))
                    .filter(e -> e.data(DraftProposed.class).title().contains("Plotter"))).hasSize(1);
            JsonNode draft = api().get("mia", "/api/knowledge/articles/" + draftId).body();
            assertThat(draft.get("status").asString()).isEqualTo("DRAFT");
            assertThat(draft.get("body").asString()).contains(marker);
            assertThat(api().get("alice", "/api/knowledge/articles/" + draftId).status()).isEqualTo(404);
        }
    }

    @Test
    void countsFeedbackDeflectionsAndKnowledgeGaps() {
        JsonNode before = api().get("mia", "/api/knowledge/stats").body();

        api().post("alice", "/api/knowledge/articles/kb-wifi-guest/feedback", "{\"helpful\": true}");
        api().post("bob", "/api/knowledge/articles/kb-wifi-guest/feedback", "{\"helpful\": true}");
        ServiceClient.Response changed = api().post("bob", "/api/knowledge/articles/kb-wifi-guest/feedback", "{\"helpful\": false}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().get("helpful").asLong()).isEqualTo(1);
        assertThat(changed.body().get("notHelpful").asLong()).isEqualTo(1);

        assertThat(api().post("alice", "/api/knowledge/deflections",
                "{\"kind\": \"SUGGESTIONS_SHOWN\", \"articleIds\": [\"kb-wifi-guest\", \"kb-wifi-office\"]}").status())
                .isEqualTo(202);
        api().post("alice", "/api/knowledge/deflections", "{\"kind\": \"ARTICLE_OPENED\", \"articleIds\": [\"kb-wifi-guest\"]}");
        api().post("alice", "/api/knowledge/deflections", "{\"kind\": \"TICKET_ABANDONED\", \"articleIds\": [\"kb-wifi-guest\"]}");
        assertThat(api().post("alice", "/api/knowledge/deflections", "{\"kind\": \"WHATEVER\"}").status()).isEqualTo(400);
        String gap = "glockenspiel tuning schedule " + UUID.randomUUID().toString().substring(0, 4);
        api().get("alice", "/api/knowledge/articles?q=" + ServiceClient.q(gap));

        JsonNode after = api().get("mia", "/api/knowledge/stats?top=100").body();
        assertThat(after.get("suggestionsShown").asLong()).isEqualTo(before.get("suggestionsShown").asLong() + 1);
        assertThat(after.get("ticketsAbandoned").asLong()).isEqualTo(before.get("ticketsAbandoned").asLong() + 1);
        assertThat(after.get("deflectionRate").asDouble()).isGreaterThan(0);
        assertThat(after.get("gapSearches").asLong()).isGreaterThan(before.get("gapSearches").asLong());
        assertThat(after.get("topGaps").toString()).contains(gap);
        JsonNode article = api().get("hank", "/api/knowledge/articles/kb-wifi-guest/stats").body();
        assertThat(article.get("deflections").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(article.get("opened").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(api().get("alice", "/api/knowledge/stats").status()).isEqualTo(403);
    }

    @Test
    void suggestsWhileTheRequesterTypes() {
        ServiceClient.Response response = api().get("alice", "/api/knowledge/suggestions?text=" + ServiceClient.q("my outlook is not receiv"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("items").get(0).get("id").asString()).isEqualTo("kb-outlook-sync");
    }

    private List<String> search(String user, String q) {
        ServiceClient.Response response = api().get(user, "/api/knowledge/articles?q=" + ServiceClient.q(q));
        assertThat(response.status()).isEqualTo(200);
        return response.body().get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }

    private ServiceClient.Response transition(String user, String id, String to) {
        return api().post(user, "/api/knowledge/articles/" + id + "/transitions", "{\"to\": \"" + to + "\"}");
    }

    private void awaitAssigned(String listenerId) {
        MessageListenerContainer container = listeners.getListenerContainer(listenerId);
        assertThat(container).isNotNull();
        await().atMost(TIMEOUT).until(() -> container.getAssignedPartitions() != null
                && !container.getAssignedPartitions().isEmpty());
    }

    private static Article withPublished(Article draft) {
        return new Article(draft.id(), draft.revision(), org.spoc.knowledge.domain.ArticleStatus.PUBLISHED,
                draft.versions(), draft.origin(), draft.problemId(), false, false, 0, null, List.of(), 0,
                draft.createdBy(), draft.createdAt(), draft.updatedAt(), draft.updatedAt());
    }

    private static CloudEvent ticketEvent(EventType type, String id, String title, String description,
            String resolution, TicketStatus status) {
        Instant now = Instant.now();
        TicketSnapshot ticket = new TicketSnapshot(id, "INC" + Math.abs(id.hashCode() % 10_000_000), TicketType.INCIDENT,
                title, description, status != null ? status : TicketStatus.NEW, Priority.P3, Level.MEDIUM, Level.MEDIUM,
                null, null, null, null, "alice", "service-desk", 1, null, "portal", null,
                status == TicketStatus.RESOLVED ? "FIXED" : null, null, status == TicketStatus.RESOLVED ? 3 : 1, now, now,
                null, status == TicketStatus.RESOLVED ? now : null, null);
        return CloudEvent.of(type, id, new TicketEvent(ticket, List.of(), "hank", resolution, null, null), now);
    }
}
