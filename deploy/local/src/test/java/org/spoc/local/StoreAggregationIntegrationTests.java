package org.spoc.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting and aggregating a collection takes memory for what the pipeline keeps, not for the whole
 * collection: a store whose heap is a fraction of the collection's documents counts them, as a service's
 * {@code countDocuments} of its open tickets, or the bench's 100k SLA clocks, needs it to.
 */
class StoreAggregationIntegrationTests {

    /** About 1.5 KB of BSON each, many times that as decoded documents: far more than the heap below. */
    private static final int DOCUMENTS = 30_000;

    @TempDir
    Path data;

    @Test
    void aStoreCountsACollectionLargerThanItsHeap() throws Exception {
        int port = ChildJvm.freePort();
        List<String> smallHeap = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError");
        try (ChildJvm store = ChildJvm.startStore(smallHeap, data, port, "commit", data.resolve("store.log"));
                MongoClient client = ChildJvm.storeClient(port)) {
            MongoCollection<Document> clocks = client.getDatabase("escalation-service").getCollection("ticket_slas");
            clocks.createIndex(Indexes.ascending("open"));
            String text = "The VPN client drops every few minutes on the third floor. ".repeat(20);
            for (int from = 0; from < DOCUMENTS; from += 1_000) {
                List<Document> batch = new ArrayList<>();
                for (int i = from; i < from + 1_000; i++) {
                    batch.add(new Document("_id", "T-" + i).append("open", i % 10 != 0).append("team", "team-" + i % 3)
                            .append("description", text).append("history", List.of(new Document("at", i), new Document("at", i + 1))));
                }
                clocks.insertMany(batch, new InsertManyOptions().ordered(false));
            }

            assertThat(clocks.countDocuments(Filters.eq("open", true))).isEqualTo(27_000);
            assertThat(clocks.countDocuments(Filters.eq("team", "team-1"))).isEqualTo(10_000); // no index: a scan
            assertThat(clocks.countDocuments()).isEqualTo(DOCUMENTS);
            List<Document> perTeam = clocks.aggregate(List.of(Aggregates.match(Filters.eq("open", false)),
                    Aggregates.group("$team", Accumulators.sum("n", 1)), Aggregates.sort(new Document("_id", 1))))
                    .into(new ArrayList<>());
            assertThat(perTeam).extracting(d -> d.get("_id") + "=" + d.get("n"))
                    .containsExactly("team-0=1000", "team-1=1000", "team-2=1000");
            assertThat(store.process().isAlive()).as("store: %s", store.log()).isTrue();
        }
    }
}
