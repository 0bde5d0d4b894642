package org.spoc.local;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Map;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the store's maps write documents and compare index keys. The H2 backend of mongo-java-server
 * uses H2's {@link ObjectDataType} for everything, which falls back to Java serialization for
 * documents and index keys: every commit serialized whole pages of documents with
 * {@code ObjectOutputStream}, and every lookup in a unique index (the {@code _id} index of every
 * collection included) serialized both keys at each step of the binary search, because
 * {@link KeyValue} is not {@code Comparable}. Together that was about a third of the store's CPU in
 * the bench profile.
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
     * Unique-index keys compared by their values, as MongoDB orders them, instead of by their Java
     * serialization. The order differs from the one written before, so maps of this type are rebuilt
     * when a store written by an earlier version opens (see {@link IndexedH2Database}).
     */
    static final class IndexKeys extends ObjectDataType {

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
