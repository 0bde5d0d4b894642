package org.spoc.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An acknowledged write (insert, update, delete) survives {@code kill -9} of the store process, whether it
 * was committed or only in the redo log (see {@link DurableH2Backend}), in the default {@code journal}
 * mode (written before the reply, forced to disk within 100 ms) and in {@code fsync} mode. Run with
 * {@code -Dspoc.store.durability=off} to watch the stock H2 backend lose acknowledged writes.
 */
class DocumentStoreDurabilityIntegrationTests {

    private static final int DOCUMENTS = 1_000;

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = { "journal", "fsync" })
    void keepsEveryAcknowledgedInsertWhenTheStoreIsKilled(String mode) throws Exception {
        String durability = System.getProperty("spoc.store.durability", mode);
        int port = ChildJvm.freePort();
        ConcurrentLinkedQueue<ObjectId> acknowledged = new ConcurrentLinkedQueue<>();
        Set<ObjectId> assigned = ConcurrentHashMap.newKeySet();
        Set<ObjectId> deleted = ConcurrentHashMap.newKeySet();
        // a delete in flight when the store is killed may have been applied and logged with its reply unsent:
        // its document may be gone or not, and is not an acknowledged insert lost (CI saw it once, under load)
        Set<ObjectId> deleteSent = ConcurrentHashMap.newKeySet();
        int killAfter = ThreadLocalRandom.current().nextInt(200, 600);

        try (ChildJvm store = startStore(port, durability, "store-1.log")) {
            try (MongoClient client = client(port)) {
                MongoCollection<Document> tickets = client.getDatabase("ticket-service").getCollection("tickets");
                tickets.createIndex(Indexes.ascending("number"), new IndexOptions().unique(true));
                Thread writer = Thread.ofPlatform().name("writer").start(() -> {
                    List<ObjectId> written = new ArrayList<>();
                    for (int i = 0; i < DOCUMENTS; i++) {
                        ObjectId id = new ObjectId();
                        try {
                            tickets.insertOne(new Document("_id", id).append("number", "INC%07d".formatted(i))
                                    .append("title", "printer on floor 3 jams").append("description", "x".repeat(300)));
                            acknowledged.add(id);
                            written.add(id);
                            if (i % 3 == 1) {
                                ObjectId earlier = written.get(i - 1);
                                tickets.updateOne(Filters.eq("_id", earlier), Updates.set("status", "ASSIGNED"));
                                assigned.add(earlier);
                            }
                            if (i % 7 == 6) {
                                ObjectId earlier = written.get(i - 3);
                                deleteSent.add(earlier);
                                tickets.deleteOne(Filters.eq("_id", earlier));
                                deleted.add(earlier);
                            }
                        }
                        catch (MongoException ex) {
                            return; // the store is gone: this write was not acknowledged
                        }
                    }
                });
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= killAfter);
                store.kill(); // Process.destroyForcibly(): SIGKILL on Linux, no shutdown hook runs
                writer.join(Duration.ofSeconds(60));
                assertThat(writer.isAlive()).isFalse();
            }
        }
        assertThat(acknowledged).hasSizeBetween(killAfter, DOCUMENTS - 1);

        try (ChildJvm store = startStore(port, durability, "store-2.log"); MongoClient client = client(port)) {
            MongoCollection<Document> tickets = client.getDatabase("ticket-service").getCollection("tickets");
            Map<Object, Document> stored = new HashMap<>();
            tickets.find().forEach(doc -> stored.put(doc.get("_id"), doc));
            List<ObjectId> lost = acknowledged.stream().filter(id -> !deleteSent.contains(id) && !stored.containsKey(id))
                    .toList();
            System.out.printf("durability=%s acknowledged inserts=%d updates=%d deletes=%d stored after kill=%d lost=%d%n",
                    durability, acknowledged.size(), assigned.size(), deleted.size(), stored.size(), lost.size());
            assertThat(lost).as("acknowledged inserts missing after kill -9").isEmpty();
            assertThat(deleted).as("acknowledged deletes").isNotEmpty()
                    .allSatisfy(id -> assertThat(stored).as("deleted %s", id).doesNotContainKey(id));
            assertThat(assigned).as("acknowledged updates").isNotEmpty().filteredOn(id -> !deleteSent.contains(id))
                    .allSatisfy(id -> assertThat(stored.get(id).getString("status")).as("status of %s", id)
                            .isEqualTo("ASSIGNED"));
            // the unique index came back with the data: a stored number cannot be inserted twice
            Document first = tickets.find().first();
            assertThat(first).isNotNull();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tickets.insertOne(
                    new Document("number", first.getString("number")))).hasMessageContaining("E11000");
        }
    }

    private ChildJvm startStore(int port, String durability, String logName) throws Exception {
        return ChildJvm.startStore(ChildJvm.QUICK, data, port, durability,
                data.resolve(logName));
    }

    private static MongoClient client(int port) {
        return ChildJvm.storeClient(port);
    }
}
