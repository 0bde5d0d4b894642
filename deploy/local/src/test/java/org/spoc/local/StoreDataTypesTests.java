package org.spoc.local;

import java.nio.ByteBuffer;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's keys and positions come back from a page as they went in, whether this version or an
 * earlier one (H2's {@link ObjectDataType}, Java serialization) wrote them.
 */
class StoreDataTypesTests {

    private static final ObjectId ID = new ObjectId("65a1b2c3d4e5f60718293a4b");

    @Test
    void readsBackEveryKindOfKeyItWrites() {
        List<Object> keys = List.of(ID, "T-7", 42L, 7, 2.5,
                new KeyValue(ID), new KeyValue("INC0000042"), new KeyValue(3, 3L, 3.0, true, false, "ü€𝄞"),
                new KeyValue("team-1", ID, -1L),
                // not plain: still Java-serialized, as before
                new KeyValue((Object) null), new KeyValue(new Document("a", 1)), new KeyValue("T-1", null));
        StoreDataTypes.Keys type = new StoreDataTypes.IndexKeys();
        WriteBuffer buffer = new WriteBuffer();
        for (Object key : keys) {
            type.write(buffer, key);
        }
        ByteBuffer written = buffer.getBuffer().flip();
        for (Object key : keys) {
            Object read = type.read(written);
            assertThat(read).isEqualTo(key);
            if (key instanceof KeyValue value) {
                // the same element types: 3, 3L and 3.0 are different keys to the index's map
                assertThat(((KeyValue) read).stream().map(e -> e == null ? null : e.getClass()).toList())
                        .isEqualTo(value.stream().map(e -> e == null ? null : e.getClass()).toList());
            }
        }
        assertThat(written.hasRemaining()).isFalse();
    }

    @Test
    void writesAnObjectIdAsItsTwelveBytesAndATag() {
        WriteBuffer buffer = new WriteBuffer();
        new StoreDataTypes.Keys().write(buffer, ID);
        assertThat(buffer.position()).isEqualTo(13);
        new StoreDataTypes.Keys().write(buffer, new KeyValue(ID));
        assertThat(buffer.position()).isEqualTo(13 + 15);
    }

    @Test
    void readsKeysAnEarlierVersionWrote() {
        List<Object> keys = List.of(ID, "T-7", new KeyValue(ID), new KeyValue("INC0000042", 3));
        WriteBuffer buffer = new WriteBuffer();
        ObjectDataType before = new ObjectDataType();
        for (Object key : keys) {
            before.write(buffer, key);
        }
        ByteBuffer written = buffer.getBuffer().flip();
        StoreDataTypes.Keys type = new StoreDataTypes.IndexKeys();
        for (Object key : keys) {
            assertThat(type.read(written)).isEqualTo(key);
        }
    }
}
