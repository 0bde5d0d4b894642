package org.spoc.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;

/**
 * The store's redo log: every document a write stores or removes, in the order the collection applied
 * it, written to a file before the write's reply. The MVStore is then committed about once a second
 * instead of after every write command (a commit serializes every page the command changed, the path
 * from each map's root to it and the chunk's metadata: 36 % of the store's CPU at 10 tickets/s), and a
 * kill between two commits loses nothing acknowledged: the log is applied again when the store opens.
 *
 * <p>Records are physical: the whole document as stored, or the {@code _id} of the one removed. Applying
 * them again in order leaves each document as the last record left it, whatever of them the file
 * already held. Each commit starts a new log file ({@code <store>.redo.<generation>}) and stores the
 * generation it starts in the same commit (see {@link DurableH2Backend}), so the store reopens with
 * exactly the log written after its last commit; older files are deleted.
 *
 * <p>A record is {@code [length][crc32c][op][collection][BSON]}; reading stops at the first record that is
 * cut short or does not match its checksum (a write the kill interrupted, which was never acknowledged).
 */
final class RedoLog implements AutoCloseable {

    /** A record's kind: a document stored whole, or the document with an {@code _id} removed. */
    enum Op {
        PUT, DELETE
    }

    /** One stored or removed document of collection {@code database.collection}. */
    record Entry(Op op, String database, String collection, Document document) {
    }

    private static final int HEADER = 8;

    private final Path storeFile;
    /** Records written by commands since the last {@link #flush()}; guarded by {@code this}. */
    private ByteBuf pending = Unpooled.buffer(64 * 1024);
    /** Written and flushed under {@link #writing} only. */
    private volatile @Nullable FileChannel channel;
    /** Whether a generation was ever started: from then on a write the log cannot take is {@linkplain #takeUnrecorded() unrecorded}. */
    private volatile boolean started;
    private long generation;
    private volatile long bytes;
    private volatile boolean unforced;
    private final Object writing = new Object();
    /** Set by a write this log cannot record (a document without an {@code _id}, no file): its command commits instead. */
    private final ThreadLocal<Boolean> unrecorded = ThreadLocal.withInitial(() -> false);

    RedoLog(Path storeFile) {
        this.storeFile = storeFile;
    }

    static Path file(Path storeFile, long generation) {
        return storeFile.resolveSibling(storeFile.getFileName() + ".redo." + generation);
    }

    /** Records that {@code document} is now stored in {@code database.collection}. No-op while the log is closed. */
    void put(String database, String collection, Document document) {
        append(Op.PUT, database, collection, document);
    }

    /** Records that the document {@code removed} is no longer in {@code database.collection}. */
    void delete(String database, String collection, Document removed) {
        append(Op.DELETE, database, collection, removed);
    }

    private void append(Op op, String database, String collection, Document document) {
        if (channel == null && !started) {
            return; // recovery re-applying the log: the commit that ends it covers these writes
        }
        Object id = document.get("_id");
        if (channel == null || id == null || id instanceof Missing) {
            // no file (a new one could not be started) or no _id to replay it by: the command commits
            unrecorded.set(true);
            return;
        }
        Document body = op == Op.PUT ? document : new Document("_id", id);
        byte[] databaseName = database.getBytes(StandardCharsets.UTF_8);
        byte[] collectionName = collection.getBytes(StandardCharsets.UTF_8);
        ByteBuf record = Unpooled.buffer(HEADER + 5 + databaseName.length + collectionName.length + 256);
        try {
            record.writerIndex(HEADER);
            record.writeByte(op.ordinal());
            record.writeShort(databaseName.length);
            record.writeBytes(databaseName);
            record.writeShort(collectionName.length);
            record.writeBytes(collectionName);
            BsonEncoder.encodeDocument(body, record);
            int length = record.writerIndex() - HEADER;
            CRC32C crc = new CRC32C();
            crc.update(record.nioBuffer(HEADER, length));
            record.setInt(0, length);
            record.setInt(4, (int) crc.getValue());
            synchronized (this) {
                pending.writeBytes(record);
            }
        }
        finally {
            record.release();
        }
    }

    /**
     * Whether a write this thread made since the last call could not be recorded (the caller then
     * commits instead); clears the mark.
     */
    boolean takeUnrecorded() {
        boolean value = unrecorded.get();
        if (value) {
            unrecorded.set(false);
        }
        return value;
    }

    /**
     * Writes every record appended so far to the file (to the operating system: it survives a kill of
     * this process). Records appended by other threads meanwhile go with them: one write for many commands.
     */
    void flush() throws IOException {
        synchronized (writing) {
            ByteBuf batch;
            synchronized (this) {
                if (pending.readableBytes() == 0) {
                    return;
                }
                batch = pending;
                pending = Unpooled.buffer(Math.max(64 * 1024, batch.capacity() / 2));
            }
            try {
                FileChannel out = channel;
                if (out == null) {
                    throw new IOException("the redo log is closed");
                }
                ByteBuffer buffer = batch.nioBuffer();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                bytes += batch.readableBytes();
                unforced = true;
            }
            finally {
                batch.release();
            }
        }
    }

    /** Forces what was flushed to disk (survives a power loss). */
    void force() throws IOException {
        synchronized (writing) {
            FileChannel out = channel;
            if (unforced && out != null) {
                unforced = false;
                out.force(false);
            }
        }
    }

    /** Bytes written to the current file: none means nothing changed since the last commit. */
    long size() {
        return bytes;
    }

    long generation() {
        return generation;
    }

    /**
     * Starts file {@code next} and deletes every older one: the caller has committed everything the old
     * files hold, with {@code next} as the store's generation, and holds the store's exclusive lock.
     */
    void startGeneration(long next) throws IOException {
        synchronized (writing) {
            synchronized (this) {
                pending.clear(); // what was appended is in the commit just made
            }
            closeChannel();
            channel = FileChannel.open(file(storeFile, next), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            generation = next;
            started = true;
            bytes = 0;
            unforced = false;
            deleteBefore(next);
        }
    }

    private void deleteBefore(long next) throws IOException {
        String prefix = storeFile.getFileName() + ".redo.";
        String current = file(storeFile, next).getFileName().toString();
        try (var files = Files.list(storeFile.toAbsolutePath().getParent())) {
            for (Path path : files.toList()) {
                String name = path.getFileName().toString();
                if (name.startsWith(prefix) && !name.equals(current)) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (writing) {
            closeChannel();
        }
    }

    /**
     * The records of generation {@code generation}'s file in the order written, up to the first that is
     * cut short or damaged; none when there is no such file.
     */
    static List<Entry> read(Path storeFile, long generation) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file(storeFile, generation));
        }
        catch (NoSuchFileException ex) {
            return List.of();
        }
        ByteBuffer buffer = ByteBuffer.wrap(content);
        List<Entry> entries = new ArrayList<>();
        while (buffer.remaining() >= HEADER) {
            int length = buffer.getInt(buffer.position());
            int checksum = buffer.getInt(buffer.position() + 4);
            if (length < 5 || length > buffer.remaining() - HEADER) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(content, buffer.position() + HEADER, length);
            if ((int) crc.getValue() != checksum) {
                break;
            }
            ByteBuf record = Unpooled.wrappedBuffer(content, buffer.position() + HEADER, length);
            Op op = Op.values()[record.readByte()];
            String database = record.readCharSequence(record.readShort(), StandardCharsets.UTF_8).toString();
            String collection = record.readCharSequence(record.readShort(), StandardCharsets.UTF_8).toString();
            entries.add(new Entry(op, database, collection, BsonDecoder.decodeBson(record)));
            buffer.position(buffer.position() + HEADER + length);
        }
        return entries;
    }
}
