package io.liquidator.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Strict UTF-8 straight between a {@code CharSequence}/{@code StringBuilder} and an Agrona buffer
 * (the input records' codec, whatever carries them: a Chronicle document or an Aeron message), so that instrument definitions cost no intermediate {@code byte[]} or {@code String}.
 * Hand-written because Chronicle's own {@code appendUtf8} encodes a surrogate pair as two 3-byte
 * sequences (CESU-8), which other UTF-8 readers of the journal would reject, and its parser is
 * lenient where the journal's reader must report a malformed record.
 */
final class Utf8 {
    private Utf8() {
    }

    /**
     * Writes {@code text} as UTF-8 at {@code offset}; returns the number of bytes written. The
     * buffer must have room (an expandable buffer grows).
     * An unpaired surrogate is written as {@code '?'}, as {@code String.getBytes(UTF_8)} does.
     */
    static int encode(final CharSequence text, final MutableDirectBuffer b, final int offset) {
        int w = offset;
        final int n = text.length();
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c < 0x80) {
                b.putByte(w++, (byte) (c));
            } else if (c < 0x800) {
                b.putByte(w++, (byte) (0xC0 | (c >>> 6)));
                b.putByte(w++, (byte) (0x80 | (c & 0x3F)));
            } else if (!Character.isSurrogate(c)) {
                b.putByte(w++, (byte) (0xE0 | (c >>> 12)));
                b.putByte(w++, (byte) (0x80 | ((c >>> 6) & 0x3F)));
                b.putByte(w++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                final int cp = Character.toCodePoint(c, text.charAt(++i));
                b.putByte(w++, (byte) (0xF0 | (cp >>> 18)));
                b.putByte(w++, (byte) (0x80 | ((cp >>> 12) & 0x3F)));
                b.putByte(w++, (byte) (0x80 | ((cp >>> 6) & 0x3F)));
                b.putByte(w++, (byte) (0x80 | (cp & 0x3F)));
            } else {
                b.putByte(w++, (byte) ('?'));
            }
        }
        return w - offset;
    }

    /**
     * Appends the {@code length} UTF-8 bytes at absolute offset {@code from} to {@code out}; false
     * (with {@code out} partly filled) when they are not well-formed UTF-8: a stray continuation
     * byte, a truncated sequence, an overlong form, an encoded surrogate or a code point past U+10FFFF.
     */
    static boolean decode(final DirectBuffer b, final int from, final int length, final StringBuilder out) {
        int p = from;
        final int end = from + length;
        while (p < end) {
            final int b0 = (b.getByte(p++) & 0xFF);
            if (b0 < 0x80) {
                out.append((char) b0);
            } else if (b0 < 0xC2) {
                return false;
            } else if (b0 < 0xE0) {
                if (end - p < 1) {
                    return false;
                }
                final int b1 = (b.getByte(p++) & 0xFF);
                if (!continuation(b1)) {
                    return false;
                }
                out.append((char) (((b0 & 0x1F) << 6) | (b1 & 0x3F)));
            } else if (b0 < 0xF0) {
                if (end - p < 2) {
                    return false;
                }
                final int b1 = (b.getByte(p++) & 0xFF);
                final int b2 = (b.getByte(p++) & 0xFF);
                if (!continuation(b1) || !continuation(b2)) {
                    return false;
                }
                final int cp = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
                if (cp < 0x800 || Character.isSurrogate((char) cp)) {
                    return false;
                }
                out.append((char) cp);
            } else if (b0 < 0xF5) {
                if (end - p < 3) {
                    return false;
                }
                final int b1 = (b.getByte(p++) & 0xFF);
                final int b2 = (b.getByte(p++) & 0xFF);
                final int b3 = (b.getByte(p++) & 0xFF);
                if (!continuation(b1) || !continuation(b2) || !continuation(b3)) {
                    return false;
                }
                final int cp = ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F);
                if (cp < 0x10000 || cp > Character.MAX_CODE_POINT) {
                    return false;
                }
                out.append(Character.highSurrogate(cp)).append(Character.lowSurrogate(cp));
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(final int b) {
        return (b & 0xC0) == 0x80;
    }
}
