package org.spoc.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

import static org.awaitility.Awaitility.await;

/**
 * Measures acknowledged single-document inserts per second against a DocumentStore child process
 * for each durability mode. Run by hand: {@code java -cp <test classpath> org.spoc.local.StoreInsertRate [count] [threads]}.
 */
public final class StoreInsertRate {

    private StoreInsertRate() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        for (String mode : new String[] { "off", "commit", "fsync" }) {
            Path dir = Files.createTempDirectory("store-rate-" + mode);
            int port = ChildJvm.freePort();
            try (ChildJvm store = ChildJvm.start(DocumentStore.class, dir.resolve("store.log"), "--port",
                    String.valueOf(port), "--data", dir.toString(), "--durability", mode)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> store.log().contains("listening"));
                try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port + "/?retryWrites=false")) {
                    MongoCollection<Document> tickets = client.getDatabase("rate").getCollection("tickets");
                    for (int i = 0; i < 500; i++) { // warm-up
                        tickets.insertOne(new Document("warm", i));
                    }
                    long start = System.nanoTime();
                    Thread[] workers = new Thread[threads];
                    for (int t = 0; t < threads; t++) {
                        int offset = t;
                        workers[t] = Thread.ofPlatform().start(() -> {
                            for (int i = offset; i < count; i += threads) {
                                tickets.insertOne(new Document("n", i).append("title", "VPN drops every ten minutes")
                                        .append("description", "x".repeat(400)));
                            }
                        });
                    }
                    for (Thread worker : workers) {
                        worker.join();
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("durability=%-6s threads=%d inserts=%d  %.0f inserts/s%n", mode, threads, count,
                            count / seconds);
                }
            }
        }
    }
}
