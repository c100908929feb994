package io.liquidator.engine.snapshot.codec;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * Reads what {@link SectionWriter} wrote: a cursor over {@code [offset, offset + length)} of a
 * buffer that checks every read against the end, so a truncated or misaligned snapshot fails with
 * the section and offset named, never with an index error or a silently wrong column. Restore runs
 * once at start-up, so this one is an object and may allocate.
 */
public final class SectionReader {
    private final DirectBuffer buffer;
    private final int start;
    private final int limit;
    private int position;

    public SectionReader(final DirectBuffer buffer, final int offset, final int length) {
        if (offset < 0 || length < 0 || (long) offset + length > buffer.capacity()) {
            throw new SnapshotException("snapshot range [" + offset + ", " + ((long) offset + length)
                + ") is outside the buffer of " + buffer.capacity() + " bytes");
        }
        this.buffer = buffer;
        this.start = offset;
        this.limit = offset + length;
        this.position = offset;
    }

    /** Bytes read so far, from the start of the snapshot. */
    public int consumed() {
        return position - start;
    }

    public int remaining() {
        return limit - position;
    }

    /**
     * Enters the next section, which must carry {@code tag}; returns the index its body ends at, for
     * {@link #leaveSection}.
     */
    public int enterSection(final int tag) {
        require(8, SectionWriter.tagName(tag) + " section header");
        final int found = buffer.getInt(position, SectionWriter.ORDER);
        if (found != tag) {
            throw new SnapshotException("expected the " + SectionWriter.tagName(tag) + " section at byte " + consumed()
                + " but found tag '" + SectionWriter.tagName(found) + "' (0x" + Integer.toHexString(found)
                + "): not a snapshot of this format, or a corrupt one");
        }
        final int length = buffer.getInt(position + 4, SectionWriter.ORDER);
        position += 8;
        if (length < 0 || length > remaining()) {
            throw new SnapshotException("section " + SectionWriter.tagName(tag) + " claims " + length + " bytes but only "
                + remaining() + " remain: truncated snapshot");
        }
        return position + length;
    }

    /** Whether the next section (if any remains) carries {@code tag}: for a section that only some snapshots have. */
    public boolean nextSectionIs(final int tag) {
        return remaining() >= 8 && buffer.getInt(position, SectionWriter.ORDER) == tag;
    }

    /** Checks that the section just read ended exactly where its length said. */
    public void leaveSection(final int tag, final int end) {
        if (position != end) {
            throw new SnapshotException("section " + SectionWriter.tagName(tag) + " holds " + (end - position)
                + " bytes more than this engine reads (" + (position < end ? "unread" : "over-read")
                + "): written by another layout");
        }
    }

    public byte getByte() {
        require(1, "byte");
        return buffer.getByte(position++);
    }

    public boolean getBoolean() {
        final byte b = getByte();
        if (b != 0 && b != 1) {
            throw new SnapshotException("byte " + (consumed() - 1) + " should be a boolean (0 or 1) but is " + b);
        }
        return b == 1;
    }

    public int getInt() {
        require(4, "int");
        final int v = buffer.getInt(position, SectionWriter.ORDER);
        position += 4;
        return v;
    }

    public long getLong() {
        require(8, "long");
        final long v = buffer.getLong(position, SectionWriter.ORDER);
        position += 8;
        return v;
    }

    /** A count that must lie in {@code [0, max]}. */
    public int getCount(final String what, final int max) {
        final int n = getInt();
        if (n < 0 || n > max) {
            throw new SnapshotException(what + " is " + n + " at byte " + (consumed() - 4) + ", outside [0, " + max + "]");
        }
        return n;
    }

    public void getLongs(final long[] dst, final int count) {
        require(8L * count, count + " longs");
        if (SectionWriter.BULK) {
            UnsafeApi.copyMemory(buffer.byteArray(), buffer.addressOffset() + position, dst, SectionWriter.LONG_BASE,
                8L * count);
        } else {
            for (int k = 0; k < count; k++) {
                dst[k] = buffer.getLong(position + 8 * k, SectionWriter.ORDER);
            }
        }
        position += 8 * count;
    }

    public void getInts(final int[] dst, final int count) {
        require(4L * count, count + " ints");
        if (SectionWriter.BULK) {
            UnsafeApi.copyMemory(buffer.byteArray(), buffer.addressOffset() + position, dst, SectionWriter.INT_BASE,
                4L * count);
        } else {
            for (int k = 0; k < count; k++) {
                dst[k] = buffer.getInt(position + 4 * k, SectionWriter.ORDER);
            }
        }
        position += 4 * count;
    }

    /** Booleans are checked one by one: a stray byte must not become a JVM boolean that is neither. */
    public void getBooleans(final boolean[] dst, final int count) {
        require(count, count + " booleans");
        for (int k = 0; k < count; k++) {
            final byte b = buffer.getByte(position + k);
            if (b != 0 && b != 1) {
                throw new SnapshotException("byte " + (consumed() + k) + " should be a boolean (0 or 1) but is " + b);
            }
            dst[k] = b == 1;
        }
        position += count;
    }

    public String getString() {
        final int n = getCount("string length", 1 << 16);
        require(2L * n, "string of " + n + " characters");
        final char[] chars = new char[n];
        for (int k = 0; k < n; k++) {
            chars[k] = buffer.getChar(position + 2 * k, SectionWriter.ORDER);
        }
        position += 2 * n;
        return new String(chars);
    }

    private void require(final long bytes, final String what) {
        if (bytes > remaining()) {
            throw new SnapshotException("truncated snapshot: " + what + " at byte " + consumed() + " needs " + bytes
                + " bytes, " + remaining() + " remain");
        }
    }
}
