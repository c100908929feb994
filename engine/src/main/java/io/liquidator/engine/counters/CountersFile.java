package io.liquidator.engine.counters;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The counters of a running engine in one memory-mapped file, laid out like Aeron's CnC file: a
 * small header, then the Agrona {@link CountersManager}'s metadata buffer (one 512-byte record per
 * counter: state, type id, label), then its values buffer (one 128-byte, cache-line padded slot per
 * counter). The engine writes values with ordered stores into the mapping; any other process maps
 * the same file and reads them with a {@link CountersReader} ({@code liquidator stat}), without a
 * system call or a lock on either side.
 *
 * <p>Header (little-endian, 128 bytes so the buffers after it stay cache-line aligned):
 * <pre>
 *   0  int   magic 'LQCT'         16 long  pid of the writer
 *   4  int   layout version (1)   24 long  writer start, epoch ms
 *   8  int   metadata length      32 long  writer closed, epoch ms (0 while it runs)
 *  12  int   values length
 * </pre>
 *
 * <p>Why a file and not JMX: the reader needs no connection to the engine's JVM and cannot slow it
 * down, and the values survive the writer, so a dead engine's last figures can still be read.
 */
public final class CountersFile implements AutoCloseable {
    public static final int MAGIC = 0x5443514C; // "LQCT" little-endian
    public static final int VERSION = 1;
    static final int HEADER_LENGTH = 128;
    private static final int MAGIC_OFFSET = 0;
    private static final int VERSION_OFFSET = 4;
    private static final int METADATA_LENGTH_OFFSET = 8;
    private static final int VALUES_LENGTH_OFFSET = 12;
    private static final int PID_OFFSET = 16;
    private static final int START_OFFSET = 24;
    private static final int CLOSED_OFFSET = 32;
    /** Room for this many counters (about 80 KB of file). */
    public static final int DEFAULT_CAPACITY = 128;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final UnsafeBuffer metadata;
    private final UnsafeBuffer values;
    private final CountersManager manager;
    private boolean closed;

    private CountersFile(final Path path, final MappedByteBuffer mapped, final boolean writer) {
        this.path = path;
        this.mapped = mapped;
        if (mapped.capacity() < HEADER_LENGTH) {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(path + " is not a liquidator counters file (too short)");
        }
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        if (header.getIntVolatile(MAGIC_OFFSET) != MAGIC) {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(path + " is not a liquidator counters file");
        }
        if (header.getInt(VERSION_OFFSET) != VERSION) {
            final int v = header.getInt(VERSION_OFFSET);
            IoUtil.unmap(mapped);
            throw new IllegalStateException(path + " has counters layout version " + v + ", this build reads " + VERSION);
        }
        final int metaLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        if (metaLength < 0 || valuesLength < 0 || (long) HEADER_LENGTH + metaLength + valuesLength > mapped.capacity()) {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(path + " is truncated: its header describes more than the file holds");
        }
        this.metadata = new UnsafeBuffer(mapped, HEADER_LENGTH, metaLength);
        this.values = new UnsafeBuffer(mapped, HEADER_LENGTH + metaLength, valuesLength);
        this.manager = writer ? new CountersManager(metadata, values, StandardCharsets.US_ASCII) : null;
    }

    /**
     * Creates (replacing any previous one) a counters file with room for {@code capacity} counters,
     * stamped with this process's pid and the time.
     */
    public static CountersFile create(final Path path, final int capacity) {
        final int valuesLength = capacity * CountersReader.COUNTER_LENGTH;
        final int metaLength = capacity * CountersReader.METADATA_LENGTH;
        try {
            final Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create the counters file " + path, e);
        }
        final MappedByteBuffer mapped = IoUtil.mapNewFile(path.toFile(), HEADER_LENGTH + (long) metaLength + valuesLength,
            true);
        final UnsafeBuffer h = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        h.putInt(VERSION_OFFSET, VERSION);
        h.putInt(METADATA_LENGTH_OFFSET, metaLength);
        h.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        h.putLong(PID_OFFSET, ProcessHandle.current().pid());
        h.putLong(START_OFFSET, System.currentTimeMillis());
        h.putLong(CLOSED_OFFSET, 0);
        h.putIntVolatile(MAGIC_OFFSET, MAGIC); // last: a reader that sees the magic sees the lengths
        return new CountersFile(path, mapped, true);
    }

    /**
     * Maps an existing counters file for reading (another process's, usually).
     *
     * @throws NoSuchFileException when there is no such file
     * @throws IllegalStateException when it is not a counters file of this layout
     */
    public static CountersFile open(final Path path) throws NoSuchFileException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString());
        }
        return new CountersFile(path, IoUtil.mapExistingFile(path.toFile(), FileChannel.MapMode.READ_ONLY, "counters"),
            false);
    }

    /** Allocates counters (the writer only; at start-up, never on the engine thread). */
    public CountersManager manager() {
        if (manager == null) {
            throw new IllegalStateException(path + " was opened for reading");
        }
        return manager;
    }

    /** Reads the counters: labels, type ids and values. */
    public CountersReader reader() {
        return manager != null ? manager : new CountersReader(metadata, values, StandardCharsets.US_ASCII);
    }

    public Path path() {
        return path;
    }

    /** The writer's process id. */
    public long pid() {
        return header.getLong(PID_OFFSET);
    }

    /** When the writer created the file, epoch ms. */
    public long startEpochMillis() {
        return header.getLong(START_OFFSET);
    }

    /** When the writer closed the file, epoch ms; 0 while it runs (or if it died without closing). */
    public long closedEpochMillis() {
        return header.getLongVolatile(CLOSED_OFFSET);
    }

    /** Unmaps the file; the writer first stamps the time it stopped. The file stays for later readers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (manager != null) {
            header.putLongVolatile(CLOSED_OFFSET, System.currentTimeMillis());
            mapped.force();
        }
        IoUtil.unmap(mapped);
    }
}
