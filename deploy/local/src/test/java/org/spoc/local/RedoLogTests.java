package org.spoc.local;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redo log reads back what was flushed, in order, and stops at a record a kill cut short or damaged.
 */
class RedoLogTests {

    @TempDir
    Path data;

    @Test
    void readsBackTheFlushedRecordsInOrderUpToATornOne() throws Exception {
        Path store = data.resolve("store.mv");
        try (RedoLog log = new RedoLog(store)) {
            log.startGeneration(4);
            log.put("ticket-service", "tickets", new Document("_id", "T-1").append("title", "VPN drops").append("n", 1));
            log.put("ticket-service", "tickets", new Document("_id", "T-1").append("title", "VPN drops").append("n", 2));
            log.delete("ticket-service", "tickets", new Document("_id", "T-2").append("title", "printer"));
            log.put("problem-service", "problems", new Document("_id", 7L).append("café", "ü"));
            log.flush();
            assertThat(log.takeUnrecorded()).isFalse();
            log.put("ticket-service", "tickets", new Document("title", "no id"));
            assertThat(log.takeUnrecorded()).as("a document without an _id cannot be recorded").isTrue();
            assertThat(log.takeUnrecorded()).isFalse();
        }
        Path file = RedoLog.file(store, 4);
        long whole = Files.size(file);

        List<RedoLog.Entry> entries = RedoLog.read(store, 4);
        assertThat(entries).extracting(RedoLog.Entry::op)
                .containsExactly(RedoLog.Op.PUT, RedoLog.Op.PUT, RedoLog.Op.DELETE, RedoLog.Op.PUT);
        assertThat(entries.get(1).document()).isEqualTo(new Document("_id", "T-1").append("title", "VPN drops").append("n", 2));
        assertThat(entries.get(2).document()).as("a delete keeps the id only").isEqualTo(new Document("_id", "T-2"));
        assertThat(entries.get(3)).extracting(RedoLog.Entry::database, RedoLog.Entry::collection)
                .containsExactly("problem-service", "problems");
        assertThat(entries.get(3).document().get("café")).isEqualTo("ü");
        assertThat(RedoLog.read(store, 5)).as("no file of that generation").isEmpty();

        // a kill in the middle of the last record's write: the records before it are read
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(whole - 5);
        }
        assertThat(RedoLog.read(store, 4)).hasSize(3);
        // a damaged byte inside the second record: the first is read
        byte[] content = Files.readAllBytes(file);
        int second = ByteBuffer.wrap(content).getInt(0) + 8;
        content[second + 20] ^= 0x5A;
        Files.write(file, content);
        assertThat(RedoLog.read(store, 4)).hasSize(1);
    }

    @Test
    void aNewGenerationDeletesTheOlderFiles() throws Exception {
        Path store = data.resolve("store.mv");
        try (RedoLog log = new RedoLog(store)) {
            log.startGeneration(1);
            log.put("db", "c", new Document("_id", 1));
            log.flush();
            assertThat(log.size()).isPositive();
            log.startGeneration(2);
            assertThat(log.size()).isZero();
            assertThat(log.generation()).isEqualTo(2);
        }
        assertThat(RedoLog.file(store, 1)).doesNotExist();
        assertThat(RedoLog.file(store, 2)).exists();
        assertThat(RedoLog.read(store, 2)).isEmpty();
    }
}
