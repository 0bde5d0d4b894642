package org.spoc.local;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's paced compaction: small steps, with writes going on between them, bring the file's
 * chunks back over the target fill rate after a churn of updates and give the space back, and what
 * they rewrite is every document as it was last written, also after the store reopens the file.
 */
class StoreCompactionTests {

    private static final int DOCUMENTS = 1_500;
    private static final int UPDATES_PER_DOCUMENT = 6;

    @TempDir
    Path data;

    private DurableH2Backend backend;
    private MongoServer server;
    private MongoClient client;

    @AfterEach
    void stop() {
        close();
    }

    @Test
    void smallStepsRestoreTheFillRateAndKeepEveryDocumentAsLastWritten() {
        MongoCollection<Document> tickets = open();
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            documents.add(new Document("_id", i).append("revision", 0).append("body", "x".repeat(900)));
        }
        tickets.insertMany(documents);
        // every update is a command of its own, and a checkpoint commits every 25 of them (the store
        // commits once a second: 25 writes is a quiet second under the services)
        for (int revision = 1; revision <= UPDATES_PER_DOCUMENT; revision++) {
            for (int i = 0; i < DOCUMENTS; i++) {
                tickets.updateOne(Filters.eq("_id", i), Updates.combine(Updates.set("revision", revision),
                        Updates.set("body", Integer.toString(revision).repeat(900))));
                if (i % 25 == 24) {
                    backend.commitChanges();
                }
            }
        }
        int before = backend.chunksFillRate();
        long sizeBefore = backend.fileSize();
        assertThat(before).as("fill rate after the churn").isLessThan(DurableH2Backend.COMPACTION_FILL_RATE);

        // the store goes on taking writes between steps, as it does under the services; their commits
        // free the chunks a step has emptied
        MongoCollection<Document> other = client.getDatabase("spoc").getCollection("other");
        int steps = 0;
        while (backend.chunksFillRate() < DurableH2Backend.COMPACTION_FILL_RATE && steps < 200) {
            backend.compactStep();
            steps++;
            for (int i = 0; i < 10; i++) {
                other.insertOne(new Document("step", steps));
            }
            backend.commitChanges();
        }
        assertThat(backend.chunksFillRate()).as("fill rate after %d steps (was %d %%)", steps, before)
                .isGreaterThanOrEqualTo(DurableH2Backend.COMPACTION_FILL_RATE);
        assertThat(steps).as("more than one step: each rewrites a bounded share").isGreaterThan(1);
        assertThat(backend.fileSize()).as("file size after compaction").isLessThan(sizeBefore * 2 / 3);
        assertEveryDocumentAtTheLastRevision(tickets);

        close();
        assertEveryDocumentAtTheLastRevision(open());
    }

    private static void assertEveryDocumentAtTheLastRevision(MongoCollection<Document> tickets) {
        List<Document> found = tickets.find().into(new ArrayList<>());
        assertThat(found).hasSize(DOCUMENTS);
        String body = Integer.toString(UPDATES_PER_DOCUMENT).repeat(900);
        assertThat(found).allSatisfy(document -> {
            assertThat(document.getInteger("revision")).isEqualTo(UPDATES_PER_DOCUMENT);
            assertThat(document.getString("body")).isEqualTo(body);
        });
    }

    private MongoCollection<Document> open() {
        backend = DurableH2Backend.open(data.resolve("store.mv").toString(), DurableH2Backend.Durability.COMMIT);
        backend.retainDeadChunksFor(0);
        server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1, 2);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/?retryWrites=false");
        return client.getDatabase("spoc").getCollection("tickets");
    }

    private void close() {
        if (client != null) {
            client.close();
            server.shutdown();
            backend.close();
            client = null;
        }
    }
}
