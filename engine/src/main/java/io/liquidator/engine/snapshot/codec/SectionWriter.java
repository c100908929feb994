package io.liquidator.engine.snapshot.codec;

import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

/**
 * Writes engine state into a buffer as tagged, length-prefixed sections of little-endian primitive
 * columns. Static and allocation-free: it runs on the engine thread while the engine is paused, so
 * a column is one bulk memory copy (on little-endian hardware) rather than a loop of puts, and the
 * only allocation is the buffer's own growth.
 *
 * <p>Every method takes the index to write at and returns the index after what it wrote, in the
 * style of Agrona/SBE flyweights. A section is {@code tag:int32, length:int32, body}; the length is
 * filled in by {@link #endSection}, so a reader that expects another section, or a body of another
 * size, stops with a message rather than misreading the rest.
 */
public final class SectionWriter {
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Bulk copies are byte-for-byte the little-endian format only on little-endian hardware. */
    static final boolean BULK = BufferUtil.NATIVE_BYTE_ORDER == ByteOrder.LITTLE_ENDIAN;
    static final long LONG_BASE = UnsafeApi.arrayBaseOffset(long[].class);
    static final long INT_BASE = UnsafeApi.arrayBaseOffset(int[].class);
    static final long BOOLEAN_BASE = UnsafeApi.arrayBaseOffset(boolean[].class);

    private SectionWriter() {
    }

    /** A section tag from four ASCII characters ("POSN"), readable in a hex dump. */
    public static int tag(final String fourChars) {
        if (fourChars.length() != 4) {
            throw new IllegalArgumentException("a section tag has four characters: " + fourChars);
        }
        return fourChars.charAt(0) | fourChars.charAt(1) << 8 | fourChars.charAt(2) << 16 | fourChars.charAt(3) << 24;
    }

    /** The tag as its four characters, for messages. */
    public static String tagName(final int tag) {
        final StringBuilder sb = new StringBuilder(4);
        for (int k = 0; k < 4; k++) {
            final char c = (char) ((tag >>> (8 * k)) & 0xFF);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }

    /** Starts a section at {@code index}; returns where its body starts. Pair with {@link #endSection}. */
    public static int beginSection(final MutableDirectBuffer b, final int index, final int tag) {
        b.checkLimit(index + 8);
        b.putInt(index, tag, ORDER);
        b.putInt(index + 4, 0, ORDER);
        return index + 8;
    }

    /** Closes the section begun at {@code sectionStart}: records its body length; returns {@code index}. */
    public static int endSection(final MutableDirectBuffer b, final int sectionStart, final int index) {
        b.putInt(sectionStart + 4, index - sectionStart - 8, ORDER);
        return index;
    }

    public static int putByte(final MutableDirectBuffer b, final int index, final byte value) {
        b.checkLimit(index + 1);
        b.putByte(index, value);
        return index + 1;
    }

    public static int putBoolean(final MutableDirectBuffer b, final int index, final boolean value) {
        return putByte(b, index, value ? (byte) 1 : (byte) 0);
    }

    public static int putInt(final MutableDirectBuffer b, final int index, final int value) {
        b.checkLimit(index + 4);
        b.putInt(index, value, ORDER);
        return index + 4;
    }

    public static int putLong(final MutableDirectBuffer b, final int index, final long value) {
        b.checkLimit(index + 8);
        b.putLong(index, value, ORDER);
        return index + 8;
    }

    /** {@code count} elements of {@code src} from 0, 8 bytes each. */
    public static int putLongs(final MutableDirectBuffer b, final int index, final long[] src, final int count) {
        final int end = checkedEnd(index, count, 8);
        b.checkLimit(end);
        if (BULK) {
            UnsafeApi.copyMemory(src, LONG_BASE, b.byteArray(), b.addressOffset() + index, 8L * count);
        } else {
            for (int k = 0; k < count; k++) {
                b.putLong(index + 8 * k, src[k], ORDER);
            }
        }
        return end;
    }

    /** {@code count} elements of {@code src} from 0, 4 bytes each. */
    public static int putInts(final MutableDirectBuffer b, final int index, final int[] src, final int count) {
        final int end = checkedEnd(index, count, 4);
        b.checkLimit(end);
        if (BULK) {
            UnsafeApi.copyMemory(src, INT_BASE, b.byteArray(), b.addressOffset() + index, 4L * count);
        } else {
            for (int k = 0; k < count; k++) {
                b.putInt(index + 4 * k, src[k], ORDER);
            }
        }
        return end;
    }

    /** {@code count} elements of {@code src} from 0, one byte (0 or 1) each. */
    public static int putBooleans(final MutableDirectBuffer b, final int index, final boolean[] src, final int count) {
        final int end = checkedEnd(index, count, 1);
        b.checkLimit(end);
        if (BULK) {
            // HotSpot stores a boolean as one byte holding 0 or 1: the format's encoding
            UnsafeApi.copyMemory(src, BOOLEAN_BASE, b.byteArray(), b.addressOffset() + index, count);
        } else {
            for (int k = 0; k < count; k++) {
                b.putByte(index + k, src[k] ? (byte) 1 : (byte) 0);
            }
        }
        return end;
    }

    /** A string as its UTF-16 code units (length:int32, then 2 bytes each): exact, and no encoder to allocate. */
    public static int putString(final MutableDirectBuffer b, final int index, final String s) {
        final int n = s.length();
        final int end = checkedEnd(index + 4, n, 2);
        b.checkLimit(end);
        b.putInt(index, n, ORDER);
        for (int k = 0; k < n; k++) {
            b.putChar(index + 4 + 2 * k, s.charAt(k), ORDER);
        }
        return end;
    }

    private static int checkedEnd(final int index, final int count, final int width) {
        final long end = index + (long) count * width;
        if (count < 0 || end > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("snapshot larger than a buffer can hold: " + end + " bytes");
        }
        return (int) end;
    }
}
