package io.liquidator.engine.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.snapshot.Snapshot;
import io.liquidator.engine.snapshot.SnapshotFormat;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The service's part of an Aeron Cluster snapshot. It is the engine's own snapshot image (the bytes
 * of a {@code .snap} file: header, sections, CRC32C; {@link SnapshotFormat#toImage}) preceded by
 * what the cluster service adds: the input count and each client's last applied input number,
 * written in client id order so that equal states give equal bytes.
 *
 * <pre>
 * 0  magic "LIQCLUS1"     8
 * 8  total length i64     of everything after this field
 * 16 input count i64
 * 24 clients i32, then clients x (clientId i64, lastClientSeq i64), ascending clientId
 * .. engine image length i32, then the engine image
 * </pre>
 * Sent in fragments of the publication's largest unfragmented payload, read back until the total
 * length has arrived.
 */
final class ClusterSnapshot {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final byte[] MAGIC = "LIQCLUS1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ClusterSnapshot() {
    }

    /** What {@link #load} read: the checked engine snapshot and the service's own state. */
    record Loaded(Snapshot snapshot, long inputSeq, Long2LongHashMap clients) {
    }

    static byte[] image(final LiquidationEngine engine, final long fingerprint, final long inputSeq, final long outputSeq,
                        final Long2LongHashMap clients) {
        final ExpandableDirectByteBuffer body = new ExpandableDirectByteBuffer(1 << 16);
        final int bodyLength = engine.writeSnapshot(body, 0);
        final byte[] engineImage = SnapshotFormat.toImage(fingerprint, engine.lastInputSequence(), outputSeq,
            engine.stateHash(), body, 0, bodyLength);
        final long[] ids = new long[clients.size()];
        final Long2LongHashMap.KeyIterator keys = clients.keySet().iterator();
        for (int i = 0; keys.hasNext(); i++) {
            ids[i] = keys.nextValue();
        }
        Arrays.sort(ids);
        final int length = 16 + 8 + 4 + ids.length * 16 + 4 + engineImage.length;
        final UnsafeBuffer out = new UnsafeBuffer(new byte[length]);
        out.putBytes(0, MAGIC);
        out.putLong(8, length - 16L, LE);
        out.putLong(16, inputSeq, LE);
        out.putInt(24, ids.length, LE);
        int at = 28;
        for (final long id : ids) {
            out.putLong(at, id, LE);
            out.putLong(at + 8, clients.get(id), LE);
            at += 16;
        }
        out.putInt(at, engineImage.length, LE);
        out.putBytes(at + 4, engineImage);
        return out.byteArray();
    }

    static void take(final ExclusivePublication publication, final IdleStrategy idle, final LiquidationEngine engine,
                     final long fingerprint, final long inputSeq, final long outputSeq, final Long2LongHashMap clients) {
        final byte[] image = image(engine, fingerprint, inputSeq, outputSeq, clients);
        final UnsafeBuffer b = new UnsafeBuffer(image);
        final int chunk = publication.maxPayloadLength();
        for (int at = 0; at < image.length; ) {
            final int n = Math.min(chunk, image.length - at);
            idle.reset();
            long result;
            while ((result = publication.offer(b, at, n)) < 0) {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                    throw new IllegalStateException("cannot write the cluster snapshot: publication " + result);
                }
                idle.idle();
            }
            at += n;
        }
    }

    static Loaded load(final Image image, final IdleStrategy idle) {
        final Reader reader = new Reader();
        idle.reset();
        while (!reader.done()) {
            final int fragments = image.poll(reader, 64);
            if (fragments == 0) {
                if (image.isClosed() || image.isEndOfStream()) {
                    throw new IllegalStateException("the cluster snapshot ended after " + reader.received + " bytes");
                }
                idle.idle();
            } else {
                idle.reset();
            }
        }
        return reader.parse();
    }

    private static final class Reader implements io.aeron.logbuffer.FragmentHandler {
        private byte[] data;
        private int received;
        private int total = -1;

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length,
                               final io.aeron.logbuffer.Header header) {
            if (data == null) {
                // the first fragment is a whole unfragmented payload, far longer than the 16-byte head
                if (length < 16) {
                    throw new IllegalStateException("not a liquidator cluster snapshot: first fragment of " + length + " B");
                }
                final long rest = buffer.getLong(offset + 8, LE);
                if (rest < 0 || rest > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("not a liquidator cluster snapshot: length " + rest);
                }
                total = (int) (16 + rest);
                data = new byte[total];
            }
            if (received + length > total) {
                throw new IllegalStateException("the cluster snapshot is longer than its header says (" + total + " B)");
            }
            buffer.getBytes(offset, data, received, length);
            received += length;
        }

        boolean done() {
            return total >= 0 && received >= total;
        }

        Loaded parse() {
            final UnsafeBuffer b = new UnsafeBuffer(data, 0, total);
            for (int i = 0; i < MAGIC.length; i++) {
                if (data[i] != MAGIC[i]) {
                    throw new IllegalStateException("not a liquidator cluster snapshot: bad magic");
                }
            }
            final long inputSeq = b.getLong(16, LE);
            final int count = b.getInt(24, LE);
            final Long2LongHashMap clients = new Long2LongHashMap(0L);
            int at = 28;
            for (int i = 0; i < count; i++) {
                clients.put(b.getLong(at, LE), b.getLong(at + 8, LE));
                at += 16;
            }
            final int engineLength = b.getInt(at, LE);
            final byte[] engineImage = Arrays.copyOfRange(data, at + 4, at + 4 + engineLength);
            try {
                return new Loaded(SnapshotFormat.fromImage(engineImage), inputSeq, clients);
            } catch (final SnapshotFormat.InvalidSnapshotFileException e) {
                throw new IllegalStateException("the engine snapshot inside the cluster snapshot is damaged: "
                    + e.getMessage(), e);
            }
        }
    }
}
