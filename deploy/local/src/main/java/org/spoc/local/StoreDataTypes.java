package org.spoc.local;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Map;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the store's maps write documents and compare index keys. The H2 backend of mongo-java-server
 * uses H2's {@link ObjectDataType} for everything, which falls back to Java serialization for
 * documents and index keys: every commit serialized whole pages of documents with
 * {@code ObjectOutputStream}, and every lookup in a unique index (the {@code _id} index of every
 * collection included) serialized both keys at each step of the binary search, because
 * {@link KeyValue} is not {@code Comparable}. Together that was about a third of the store's CPU in
 * the bench profile. The keys themselves (a document's {@code _id}, a unique index's key) were still
 * Java-serialized in every page a commit wrote: {@link Keys} writes them as their bytes.
 */
final class StoreDataTypes {

    private StoreDataTypes() {
    }

    /**
     * Documents as BSON, behind a tag byte {@link ObjectDataType} never writes (its tags end at 119), so
     * pages written before are still read through it and rewritten as BSON when they next change.
     */
    static final class Documents extends ObjectDataType {

        private static final byte BSON = (byte) 0xFE;

        @Override
        public void write(WriteBuffer buffer, Object value) {
            if (!(value instanceof Document document)) {
                super.write(buffer, value);
                return;
            }
            ByteBuf bson = Unpooled.buffer(512);
            try {
                BsonEncoder.encodeDocument(document, bson);
                buffer.put(BSON);
                buffer.put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
            }
            finally {
                bson.release();
            }
        }

        @Override
        public Object read(ByteBuffer buffer) {
            if (buffer.get(buffer.position()) != BSON) {
                return super.read(buffer);
            }
            int start = buffer.position() + 1;
            int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start);
            Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(buffer.duplicate().position(start).limit(start + length)));
            buffer.position(start + length);
            return document;
        }

        /** An estimate for the page cache and page splits, without encoding the document. */
        @Override
        public int getMemory(Object value) {
            return value instanceof Document document ? 24 + estimate(document) : super.getMemory(value);
        }

        private static int estimate(Object value) {
            if (value instanceof Map<?, ?> map) {
                int size = 48;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    size += 40 + estimate(entry.getKey()) + estimate(entry.getValue());
                }
                return size;
            }
            if (value instanceof Collection<?> values) {
                int size = 40;
                for (Object element : values) {
                    size += 8 + estimate(element);
                }
                return size;
            }
            if (value instanceof CharSequence text) {
                return 40 + text.length();
            }
            return 24;
        }
    }

    /**
     * Document positions (a collection's keys, a unique index's values: the documents' {@code _id}s)
     * and unique-index keys: {@link ObjectId}s, and {@link KeyValue}s of strings, numbers, booleans and
     * ObjectIds, are written as a tag byte {@link ObjectDataType} never writes and their bytes instead
     * of through Java serialization. A commit writes the keys of every page it rewrites, the inner
     * pages on the way from a map's root to each changed entry included, and each of them went through
     * a new {@code ObjectOutputStream}; pages read back from the file went through an
     * {@code ObjectInputStream}: a fifth of the store's CPU in a profile of {@code StoreWriteCost}.
     * Other values, and keys written before, are written and read by {@link ObjectDataType} as
     * before; the order of the keys is {@link ObjectDataType}'s, unchanged.
     */
    static class Keys extends ObjectDataType {

        private static final byte OBJECT_ID = (byte) 0xFD;
        private static final byte KEY_VALUE = (byte) 0xFC;
        private static final byte STRING = 1;
        private static final byte LONG = 2;
        private static final byte INTEGER = 3;
        private static final byte DOUBLE = 4;
        private static final byte TRUE = 5;
        private static final byte FALSE = 6;

        @Override
        public void write(WriteBuffer buffer, Object value) {
            if (value instanceof ObjectId id) {
                buffer.put(OBJECT_ID).put(id.toByteArray());
            }
            else if (value instanceof KeyValue key && isPlain(key)) {
                buffer.put(KEY_VALUE).putVarInt(key.size());
                for (Object element : key) {
                    writeElement(buffer, element);
                }
            }
            else {
                super.write(buffer, value);
            }
        }

        private static boolean isPlain(KeyValue key) {
            for (Object element : key) {
                if (!(element instanceof ObjectId || element instanceof String || element instanceof Long
                        || element instanceof Integer || element instanceof Double || element instanceof Boolean)) {
                    return false;
                }
            }
            return true;
        }

        private static void writeElement(WriteBuffer buffer, Object element) {
            switch (element) {
                case ObjectId id -> buffer.put(OBJECT_ID).put(id.toByteArray());
                case String text -> buffer.put(STRING).putVarInt(text.length()).putStringData(text, text.length());
                case Long number -> buffer.put(LONG).putLong(number);
                case Integer number -> buffer.put(INTEGER).putInt(number);
                case Double number -> buffer.put(DOUBLE).putDouble(number);
                case Boolean flag -> buffer.put(flag ? TRUE : FALSE);
                default -> throw new IllegalArgumentException("not a plain key value: " + element.getClass());
            }
        }

        @Override
        public Object read(ByteBuffer buffer) {
            byte tag = buffer.get(buffer.position());
            if (tag == OBJECT_ID) {
                buffer.get();
                return readObjectId(buffer);
            }
            if (tag != KEY_VALUE) {
                return super.read(buffer);
            }
            buffer.get();
            Object[] elements = new Object[DataUtils.readVarInt(buffer)];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = readElement(buffer);
            }
            return new KeyValue(elements);
        }

        private static Object readElement(ByteBuffer buffer) {
            byte tag = buffer.get();
            return switch (tag) {
                case OBJECT_ID -> readObjectId(buffer);
                case STRING -> DataUtils.readString(buffer, DataUtils.readVarInt(buffer));
                case LONG -> buffer.getLong();
                case INTEGER -> buffer.getInt();
                case DOUBLE -> buffer.getDouble();
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                default -> throw new IllegalStateException("unknown key element tag " + tag);
            };
        }

        private static ObjectId readObjectId(ByteBuffer buffer) {
            byte[] bytes = new byte[12];
            buffer.get(bytes);
            return new ObjectId(bytes);
        }

        /** An estimate for the page cache and page splits (Java serialization's would be far larger). */
        @Override
        public int getMemory(Object value) {
            if (value instanceof ObjectId) {
                return 48;
            }
            if (value instanceof KeyValue key) {
                int size = 40;
                for (Object element : key) {
                    size += element instanceof String text ? 48 + text.length() : 48;
                }
                return size;
            }
            return super.getMemory(value);
        }
    }

    /**
     * Unique-index keys compared by their values, as MongoDB orders them, instead of by their Java
     * serialization. The order differs from the one written before, so maps of this type are rebuilt
     * when a store written by an earlier version opens (see {@link IndexedH2Database}).
     */
    static final class IndexKeys extends Keys {

        private static final ValueComparator ORDER = ValueComparator.asc();

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue left && b instanceof KeyValue right) {
                int order = compareKeys(left, right);
                // values the comparator holds equal but the index keeps apart (null and missing): as before
                return order != 0 || left.equals(right) ? order : super.compare(a, b);
            }
            return super.compare(a, b);
        }

        private static int compareKeys(KeyValue left, KeyValue right) {
            int common = Math.min(left.size(), right.size());
            for (int i = 0; i < common; i++) {
                int order = ORDER.compare(left.get(i), right.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(left.size(), right.size());
        }
    }
}
