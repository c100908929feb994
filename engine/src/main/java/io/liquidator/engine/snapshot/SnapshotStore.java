package io.liquidator.engine.snapshot;

import io.liquidator.engine.core.LiquidationEngine;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A directory of snapshot files ({@link SnapshotFormat}), named {@code snapshot-<last input seq, 20
 * digits>.snap} so that name order is sequence order. A write is atomic: the bytes go to a temporary
 * file in the same directory, are forced to disk, and the file is renamed into place (then the
 * directory is forced, where the platform allows), so a crash leaves either the old set or the new
 * one, never a half-written snapshot under a snapshot's name. Only the newest {@code retain} are
 * kept. Reading trusts nothing: {@link #newestValid} checks magic, version, length, CRC and the
 * configuration fingerprint, and falls back to an older file, saying why it skipped each newer one.
 *
 * <p>One writer per directory (the engine's snapshot writer thread): temporaries left by a crash are
 * removed by the next successful write.
 */
public final class SnapshotStore {
    public static final int DEFAULT_RETAIN = 3;
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.snap");
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path dir;
    private final int retain;
    /** For {@link #write(LiquidationEngine, long, long)}: capture on the caller's thread, reused. */
    private ExpandableDirectByteBuffer captureBuffer;

    public SnapshotStore(final Path dir) throws IOException {
        this(dir, DEFAULT_RETAIN);
    }

    public SnapshotStore(final Path dir, final int retain) throws IOException {
        if (retain < 1) {
            throw new IllegalArgumentException("retain at least one snapshot, not " + retain);
        }
        this.dir = Files.createDirectories(dir);
        this.retain = retain;
    }

    public Path directory() {
        return dir;
    }

    /** The file name a snapshot after input {@code lastInputSeq} gets. */
    public static String fileName(final long lastInputSeq) {
        if (lastInputSeq < 0) {
            throw new IllegalArgumentException("a snapshot needs a non-negative last input sequence (an engine that has"
                + " accepted an input), not " + lastInputSeq);
        }
        return String.format("snapshot-%020d.snap", lastInputSeq);
    }

    /**
     * Captures {@code engine} on the calling thread and writes it: for tools, tests and shutdown. The
     * engine thread uses {@link AsyncSnapshotWriter} instead, which keeps the file I/O off it.
     */
    public SnapshotInfo write(final LiquidationEngine engine, final long fingerprint, final long outputSeq)
        throws IOException {
        if (captureBuffer == null) {
            captureBuffer = new ExpandableDirectByteBuffer(1 << 16);
        }
        final int length = engine.writeSnapshot(captureBuffer, 0);
        return write(fingerprint, engine.lastInputSequence(), outputSeq, engine.stateHash(), captureBuffer, 0, length);
    }

    /**
     * Writes one snapshot file atomically from {@code body[offset, offset + length)} (what
     * {@link LiquidationEngine#writeSnapshot} wrote), then deletes all but the newest {@code retain}.
     */
    public SnapshotInfo write(final long fingerprint, final long lastInputSeq, final long outputSeq, final long stateHash,
                              final DirectBuffer body, final int offset, final int length) throws IOException {
        final Path target = dir.resolve(fileName(lastInputSeq));
        final Path temp = dir.resolve(target.getFileName() + TEMP_SUFFIX);
        final ByteBuffer header = SnapshotFormat.header(fingerprint, lastInputSeq, outputSeq, stateHash, length);
        final ByteBuffer payload = view(body, offset, length);
        final CRC32C crc = new CRC32C();
        crc.update(header.duplicate());
        crc.update(payload.duplicate());
        final ByteBuffer trailer = ByteBuffer.allocate(SnapshotFormat.TRAILER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0, (int) crc.getValue());
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            final ByteBuffer[] parts = {header, payload, trailer};
            long remaining = (long) SnapshotFormat.HEADER_LENGTH + length + SnapshotFormat.TRAILER_LENGTH;
            while (remaining > 0) {
                remaining -= ch.write(parts);
            }
            ch.force(true);
        } catch (final IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        prune();
        return new SnapshotInfo(target, SnapshotFormat.VERSION, fingerprint, lastInputSeq, outputSeq, stateHash, length,
            (long) SnapshotFormat.HEADER_LENGTH + length + SnapshotFormat.TRAILER_LENGTH);
    }

    /** Snapshot files in the directory, oldest first (by the sequence in their names). */
    public List<Path> files() throws IOException {
        final List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (final Path p : ds) {
                if (NAME.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        }
        Collections.sort(out); // fixed-width digits: name order is sequence order
        return out;
    }

    /** Reads and checks one file (not the fingerprint): for inspection. */
    public static Snapshot read(final Path file) throws IOException {
        final byte[] bytes = Files.readAllBytes(file);
        final SnapshotInfo info = SnapshotFormat.check(file, bytes);
        final Matcher m = NAME.matcher(file.getFileName().toString());
        if (m.matches() && Long.parseLong(m.group(1)) != info.lastInputSequence()) {
            throw new SnapshotFormat.InvalidSnapshotFileException("named for input " + Long.parseLong(m.group(1))
                + " but holds the state after input " + info.lastInputSequence());
        }
        return new Snapshot(info, new UnsafeBuffer(bytes, SnapshotFormat.HEADER_LENGTH, (int) info.bodyLength()));
    }

    /** The newest usable snapshot, and why each newer file was passed over. */
    public record Selection(Snapshot snapshot, List<String> skipped) {
        public Optional<Snapshot> found() {
            return Optional.ofNullable(snapshot);
        }
    }

    /**
     * The newest snapshot that reads back intact and was taken with configuration
     * {@code fingerprint}; every newer file that does not is skipped with a one-line reason
     * ("snapshot-…snap: CRC32C mismatch: …"). No snapshot found is not an error: start from the
     * journal's beginning.
     */
    public Selection newestValid(final long fingerprint) throws IOException {
        final List<Path> all = files();
        final List<String> skipped = new ArrayList<>();
        for (int k = all.size() - 1; k >= 0; k--) {
            final Path p = all.get(k);
            final Snapshot s;
            try {
                s = read(p);
            } catch (final NoSuchFileException gone) {
                skipped.add(p.getFileName() + ": deleted while being read");
                continue;
            } catch (final IOException e) {
                skipped.add(p.getFileName() + ": " + e.getMessage());
                continue;
            }
            if (s.info().fingerprint() != fingerprint) {
                skipped.add(p.getFileName() + ": configuration fingerprint 0x" + Long.toHexString(s.info().fingerprint())
                    + ", expected 0x" + Long.toHexString(fingerprint) + " (taken with another configuration)");
                continue;
            }
            return new Selection(s, List.copyOf(skipped));
        }
        return new Selection(null, List.copyOf(skipped));
    }

    private void prune() throws IOException {
        final List<Path> all = files();
        for (int k = 0; k < all.size() - retain; k++) {
            Files.deleteIfExists(all.get(k));
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
            for (final Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Makes the rename durable; some platforms cannot open a directory, and then the rename is as durable as they make it. */
    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (final IOException | UnsupportedOperationException e) {
            // Windows and some file systems: no directory handle to force
        }
    }

    /** The bytes of {@code b[offset, offset + length)} as a ByteBuffer, without copying where the buffer allows. */
    private static ByteBuffer view(final DirectBuffer b, final int offset, final int length) {
        final ByteBuffer bb = b.byteBuffer();
        if (bb != null) {
            final ByteBuffer d = bb.duplicate();
            d.clear();
            final int from = b.wrapAdjustment() + offset;
            d.limit(from + length).position(from);
            return d;
        }
        final byte[] array = b.byteArray();
        if (array != null) {
            return ByteBuffer.wrap(array, (int) (b.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
        }
        final byte[] copy = new byte[length];
        b.getBytes(offset, copy);
        return ByteBuffer.wrap(copy);
    }
}
