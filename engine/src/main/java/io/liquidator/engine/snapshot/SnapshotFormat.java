package io.liquidator.engine.snapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The snapshot file layout, little-endian:
 * <pre>
 *  0  magic               8  "LIQSNAP\0"
 *  8  format version      4
 * 12  header length       4  (56: a reader can tell a newer, longer header from a corrupt one)
 * 16  fingerprint         8  of the configuration, supplied by the caller
 * 24  last input seq      8
 * 32  output seq          8  the output journal's event count at the snapshot
 * 40  state hash          8  LiquidationEngine.stateHash()
 * 48  body length         8
 * 56  body                   LiquidationEngine.writeSnapshot's sections
 *  …  CRC32C              4  over every byte before it
 * </pre>
 * No timestamp: two snapshots of the same state at the same sequences are the same bytes.
 */
public final class SnapshotFormat {
    public static final byte[] MAGIC = "LIQSNAP\0".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 56;
    public static final int TRAILER_LENGTH = 4;

    private SnapshotFormat() {
    }

    static ByteBuffer header(final long fingerprint, final long lastInputSeq, final long outputSeq, final long stateHash,
                             final long bodyLength) {
        final ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).putInt(VERSION).putInt(HEADER_LENGTH).putLong(fingerprint).putLong(lastInputSeq).putLong(outputSeq)
            .putLong(stateHash).putLong(bodyLength);
        return h.flip();
    }

    /**
     * Checks a whole file's bytes; returns its header, or throws {@link InvalidSnapshotFileException}
     * with a one-line reason (bad magic, unknown version, truncated, CRC mismatch).
     */
    static SnapshotInfo check(final java.nio.file.Path path, final byte[] file) throws InvalidSnapshotFileException {
        if (file.length < HEADER_LENGTH + TRAILER_LENGTH) {
            throw new InvalidSnapshotFileException("truncated: " + file.length + " bytes, shorter than a header and CRC ("
                + (HEADER_LENGTH + TRAILER_LENGTH) + ")");
        }
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < MAGIC.length; k++) {
            if (file[k] != MAGIC[k]) {
                throw new InvalidSnapshotFileException("not a snapshot: bad magic");
            }
        }
        final int version = b.getInt(8);
        if (version != VERSION) {
            throw new InvalidSnapshotFileException("format version " + version + ", this build reads " + VERSION);
        }
        final int headerLength = b.getInt(12);
        if (headerLength != HEADER_LENGTH) {
            throw new InvalidSnapshotFileException("header length " + headerLength + ", expected " + HEADER_LENGTH);
        }
        final long bodyLength = b.getLong(48);
        final long expected = HEADER_LENGTH + bodyLength + TRAILER_LENGTH;
        if (bodyLength < 0 || expected != file.length) {
            throw new InvalidSnapshotFileException((file.length < expected ? "truncated" : "overlong") + ": " + file.length
                + " bytes, the header says " + expected);
        }
        final CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - TRAILER_LENGTH);
        final int stored = b.getInt(file.length - TRAILER_LENGTH);
        if ((int) crc.getValue() != stored) {
            throw new InvalidSnapshotFileException("CRC32C mismatch: stored 0x" + Integer.toHexString(stored) + ", computed 0x"
                + Integer.toHexString((int) crc.getValue()));
        }
        return new SnapshotInfo(path, version, b.getLong(16), b.getLong(24), b.getLong(32), b.getLong(40), bodyLength,
            file.length);
    }

    /**
     * The bytes a snapshot file would hold (header, body, CRC32C), as one array: what a cluster member
     * writes into Aeron Cluster's snapshot, so that a cluster snapshot is the engine's own format and
     * is checked the same way on load ({@link #fromImage}).
     */
    public static byte[] toImage(final long fingerprint, final long lastInputSeq, final long outputSeq,
                                 final long stateHash, final org.agrona.DirectBuffer body, final int offset,
                                 final int length) {
        final byte[] image = new byte[HEADER_LENGTH + length + TRAILER_LENGTH];
        header(fingerprint, lastInputSeq, outputSeq, stateHash, length).get(image, 0, HEADER_LENGTH);
        body.getBytes(offset, image, HEADER_LENGTH, length);
        final CRC32C crc = new CRC32C();
        crc.update(image, 0, image.length - TRAILER_LENGTH);
        ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putInt(image.length - TRAILER_LENGTH, (int) crc.getValue());
        return image;
    }

    /** Checks an image made by {@link #toImage} (magic, version, length, CRC) and returns it as a snapshot. */
    public static Snapshot fromImage(final byte[] image) throws InvalidSnapshotFileException {
        final SnapshotInfo info = check(null, image);
        return new Snapshot(info, new org.agrona.concurrent.UnsafeBuffer(image, HEADER_LENGTH, (int) info.bodyLength()));
    }

    /** Why a file is not a usable snapshot; the message is one line. */
    public static final class InvalidSnapshotFileException extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        InvalidSnapshotFileException(final String reason) {
            super(reason);
        }
    }
}
