package io.liquidator.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Encodes and decodes the {@link InputRecords} layouts over Agrona buffers, whatever carries the
 * bytes: a Chronicle document of the input journal ({@link InputJournal}, {@link InputJournalReader})
 * or an Aeron Cluster ingress message. One codec for every transport is what lets the cluster apply
 * exactly the records the journal holds, rejected for exactly the same reasons.
 *
 * <p>Every {@code encode*} writes one whole record at {@code offset} and returns its length; the
 * buffer must have room (an {@code ExpandableArrayBuffer} grows). Little-endian explicitly, as the
 * journal's Chronicle {@code Bytes} are on x86 and ARM.
 */
public final class InputRecordCodec {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private InputRecordCodec() {
    }

    private static void header(final MutableDirectBuffer b, final int at, final byte kind, final long timestamp) {
        b.putByte(at + InputRecords.KIND_OFFSET, kind);
        b.putByte(at + InputRecords.VERSION_OFFSET, InputRecords.VERSION);
        b.putLong(at + InputRecords.TIMESTAMP_OFFSET, timestamp, LE);
    }

    public static int encodeMarkPrice(final MutableDirectBuffer b, final int at, final long timestamp,
                                      final int instrument, final long price) {
        header(b, at, InputRecords.KIND_MARK_PRICE, timestamp);
        b.putInt(at + InputRecords.MARK_PRICE_INSTRUMENT_OFFSET, instrument, LE);
        b.putLong(at + InputRecords.MARK_PRICE_PRICE_OFFSET, price, LE);
        return InputRecords.MARK_PRICE_LENGTH;
    }

    /**
     * @throws IllegalArgumentException when {@code side} is not ±1: a record the reader could only
     *                                  report as malformed is refused at the source instead
     */
    public static int encodePosition(final MutableDirectBuffer b, final int at, final long timestamp,
                                     final long account, final int instrument, final int side, final long qty,
                                     final long entryPrice, final boolean cross, final long isolatedMargin) {
        if (side != InputRecords.SIDE_LONG && side != InputRecords.SIDE_SHORT) {
            throw new IllegalArgumentException("side must be +1 or -1, was " + side);
        }
        header(b, at, InputRecords.KIND_POSITION, timestamp);
        b.putLong(at + InputRecords.POSITION_ACCOUNT_OFFSET, account, LE);
        b.putInt(at + InputRecords.POSITION_INSTRUMENT_OFFSET, instrument, LE);
        b.putByte(at + InputRecords.POSITION_SIDE_OFFSET, (byte) side);
        b.putByte(at + InputRecords.POSITION_CROSS_OFFSET, cross ? (byte) 1 : (byte) 0);
        b.putLong(at + InputRecords.POSITION_QTY_OFFSET, qty, LE);
        b.putLong(at + InputRecords.POSITION_ENTRY_PRICE_OFFSET, entryPrice, LE);
        b.putLong(at + InputRecords.POSITION_ISOLATED_MARGIN_OFFSET, isolatedMargin, LE);
        return InputRecords.POSITION_LENGTH;
    }

    public static int encodeWallet(final MutableDirectBuffer b, final int at, final long timestamp, final long account,
                                   final int asset, final long balance) {
        header(b, at, InputRecords.KIND_WALLET, timestamp);
        b.putLong(at + InputRecords.WALLET_ACCOUNT_OFFSET, account, LE);
        b.putInt(at + InputRecords.WALLET_ASSET_OFFSET, asset, LE);
        b.putLong(at + InputRecords.WALLET_BALANCE_OFFSET, balance, LE);
        return InputRecords.WALLET_LENGTH;
    }

    public static int encodeFunding(final MutableDirectBuffer b, final int at, final long timestamp,
                                    final int instrument, final long rate) {
        header(b, at, InputRecords.KIND_FUNDING, timestamp);
        b.putInt(at + InputRecords.FUNDING_INSTRUMENT_OFFSET, instrument, LE);
        b.putLong(at + InputRecords.FUNDING_RATE_OFFSET, rate, LE);
        return InputRecords.FUNDING_LENGTH;
    }

    /** The definition as UTF-8 (an unpaired surrogate becomes {@code '?'}). */
    public static int encodeInstrumentUpdate(final MutableDirectBuffer b, final int at, final long timestamp,
                                             final int instrument, final CharSequence definition) {
        header(b, at, InputRecords.KIND_INSTRUMENT, timestamp);
        b.putInt(at + InputRecords.INSTRUMENT_INSTRUMENT_OFFSET, instrument, LE);
        final int length = Utf8.encode(definition, b, at + InputRecords.INSTRUMENT_TEXT_OFFSET);
        b.putInt(at + InputRecords.INSTRUMENT_TEXT_LENGTH_OFFSET, length, LE);
        return InputRecords.INSTRUMENT_LENGTH + length;
    }

    public static int encodeControl(final MutableDirectBuffer b, final int at, final long timestamp, final int code) {
        header(b, at, InputRecords.KIND_CONTROL, timestamp);
        b.putInt(at + InputRecords.CONTROL_CODE_OFFSET, code, LE);
        return InputRecords.CONTROL_LENGTH;
    }

    /**
     * Decodes the record in {@code b[offset, offset + length)} into one call on {@code h}, with the
     * given input sequence and source line. Never throws for bad bytes: a record that cannot be
     * decoded becomes one {@link InputHandler#onMalformed} call. Checked in this order: an unknown
     * kind is {@link Rejections#UNKNOWN_INPUT_KIND} (with kind 0); a version other than
     * {@link InputRecords#VERSION} is {@link Rejections#UNKNOWN_RECORD_VERSION}; a record shorter than
     * its kind's layout (or than its text) is {@link Rejections#TRUNCATED_RECORD}; a side other than
     * ±1, a cross flag other than 0/1, a negative text length or text that is not UTF-8 is
     * {@link Rejections#MALFORMED_RECORD}. The timestamp passed with it is the record's when the
     * record holds the whole header, else 0. {@code text} is the caller's reused builder for an
     * instrument's definition (valid only during the call).
     */
    public static void decode(final DirectBuffer b, final int offset, final int length, final long inputSeq,
                              final long line, final StringBuilder text, final InputHandler h) {
        final int p = offset;
        final long timestamp = length >= InputRecords.HEADER_LENGTH ? b.getLong(p + InputRecords.TIMESTAMP_OFFSET, LE) : 0L;
        final int kind = length > InputRecords.KIND_OFFSET ? b.getByte(p + InputRecords.KIND_OFFSET) : 0;
        final int expected = InputRecords.length(kind);
        if (expected < 0) {
            h.onMalformed(inputSeq, timestamp, 0, length == 0 ? Rejections.TRUNCATED_RECORD : Rejections.UNKNOWN_INPUT_KIND,
                line);
            return;
        }
        if (length <= InputRecords.VERSION_OFFSET) {
            h.onMalformed(inputSeq, timestamp, kind, Rejections.TRUNCATED_RECORD, line);
            return;
        }
        if (b.getByte(p + InputRecords.VERSION_OFFSET) != InputRecords.VERSION) {
            h.onMalformed(inputSeq, timestamp, kind, Rejections.UNKNOWN_RECORD_VERSION, line);
            return;
        }
        if (length < expected) {
            h.onMalformed(inputSeq, timestamp, kind, Rejections.TRUNCATED_RECORD, line);
            return;
        }
        switch (kind) {
            case InputRecords.KIND_MARK_PRICE:
                h.onMarkPrice(inputSeq, timestamp, b.getInt(p + InputRecords.MARK_PRICE_INSTRUMENT_OFFSET, LE),
                    b.getLong(p + InputRecords.MARK_PRICE_PRICE_OFFSET, LE), line);
                break;
            case InputRecords.KIND_POSITION: {
                final int side = b.getByte(p + InputRecords.POSITION_SIDE_OFFSET);
                final int cross = b.getByte(p + InputRecords.POSITION_CROSS_OFFSET);
                if ((side != InputRecords.SIDE_LONG && side != InputRecords.SIDE_SHORT) || (cross & ~1) != 0) {
                    h.onMalformed(inputSeq, timestamp, kind, Rejections.MALFORMED_RECORD, line);
                    break;
                }
                h.onPosition(inputSeq, timestamp, b.getLong(p + InputRecords.POSITION_ACCOUNT_OFFSET, LE),
                    b.getInt(p + InputRecords.POSITION_INSTRUMENT_OFFSET, LE), side,
                    b.getLong(p + InputRecords.POSITION_QTY_OFFSET, LE),
                    b.getLong(p + InputRecords.POSITION_ENTRY_PRICE_OFFSET, LE), cross == 1,
                    b.getLong(p + InputRecords.POSITION_ISOLATED_MARGIN_OFFSET, LE), line);
                break;
            }
            case InputRecords.KIND_WALLET:
                h.onWallet(inputSeq, timestamp, b.getLong(p + InputRecords.WALLET_ACCOUNT_OFFSET, LE),
                    b.getInt(p + InputRecords.WALLET_ASSET_OFFSET, LE), b.getLong(p + InputRecords.WALLET_BALANCE_OFFSET, LE),
                    line);
                break;
            case InputRecords.KIND_FUNDING:
                h.onFunding(inputSeq, timestamp, b.getInt(p + InputRecords.FUNDING_INSTRUMENT_OFFSET, LE),
                    b.getLong(p + InputRecords.FUNDING_RATE_OFFSET, LE), line);
                break;
            case InputRecords.KIND_INSTRUMENT: {
                final int textLength = b.getInt(p + InputRecords.INSTRUMENT_TEXT_LENGTH_OFFSET, LE);
                if (textLength < 0) {
                    h.onMalformed(inputSeq, timestamp, kind, Rejections.MALFORMED_RECORD, line);
                    break;
                }
                if (length - InputRecords.INSTRUMENT_TEXT_OFFSET < textLength) {
                    h.onMalformed(inputSeq, timestamp, kind, Rejections.TRUNCATED_RECORD, line);
                    break;
                }
                text.setLength(0);
                if (!Utf8.decode(b, p + InputRecords.INSTRUMENT_TEXT_OFFSET, textLength, text)) {
                    h.onMalformed(inputSeq, timestamp, kind, Rejections.MALFORMED_RECORD, line);
                    break;
                }
                h.onInstrumentUpdate(inputSeq, timestamp, b.getInt(p + InputRecords.INSTRUMENT_INSTRUMENT_OFFSET, LE), text,
                    line);
                break;
            }
            case InputRecords.KIND_CONTROL:
                h.onControl(inputSeq, timestamp, b.getInt(p + InputRecords.CONTROL_CODE_OFFSET, LE), line);
                break;
            default:
                // unreachable: InputRecords.length rejected it
                h.onMalformed(inputSeq, timestamp, 0, Rejections.UNKNOWN_INPUT_KIND, line);
                break;
        }
    }
}
