package io.liquidator.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * The input journal's tailer: reads documents in index order, decodes each in place (absolute reads
 * at the {@link InputRecords} offsets, no copies) and hands it to an {@link InputHandler} with
 * {@code inputSeq} = the document's index and {@code line} = 0. Reading a primitive kind allocates
 * nothing in steady state; an instrument's text is decoded into one reused {@code StringBuilder}.
 *
 * <p><b>Malformed records.</b> A document that cannot be decoded is passed on as
 * {@link InputHandler#onMalformed} and the reader moves on to the next one; decoding never throws out
 * of {@link #poll}. Checked in this order: an unknown kind is {@link Rejections#UNKNOWN_INPUT_KIND}
 * (with kind 0); a version other than {@link InputRecords#VERSION} is
 * {@link Rejections#UNKNOWN_RECORD_VERSION}; a record shorter than its kind's layout (or than its
 * text) is {@link Rejections#TRUNCATED_RECORD}; a side other than &plusmn;1, a cross flag other than
 * 0/1, a negative text length or text that is not UTF-8 is {@link Rejections#MALFORMED_RECORD}. The
 * timestamp passed with it is the record's when the record holds the whole header, else 0.
 *
 * <p><b>Position.</b> The tailer is not named: the position to resume from is the last input index
 * the engine's snapshot covers ({@link #afterIndex}), and a named tailer would keep a second,
 * possibly disagreeing, copy of it inside the queue. An exception thrown by the handler propagates
 * out of {@code poll}; the record it was given counts as read.
 *
 * <p>Not thread-safe: one thread polls.
 */
public final class InputJournalReader implements AutoCloseable {
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final StringBuilder text = new StringBuilder(256);
    private long lastReadIndex = -1;

    private InputJournalReader(final SingleChronicleQueue queue) {
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    /** Opens the journal in {@code directory} (creating it if needed), positioned at the start. */
    public static InputJournalReader open(final Path directory) {
        return open(directory, InputJournal.DEFAULT_ROLL_CYCLE);
    }

    /**
     * Opens with {@code rollCycle}, which only matters if the queue does not exist yet: an existing
     * queue's metadata wins.
     */
    public static InputJournalReader open(final Path directory, final RollCycle rollCycle) {
        return new InputJournalReader(InputJournal.buildQueue(directory, rollCycle, null));
    }

    /** Positions at the first record; the next poll reads it. */
    public void toStart() {
        tailer.toStart();
        lastReadIndex = -1;
    }

    /**
     * Positions so that the next record read is the one after {@code index}: recovery from a snapshot
     * that holds the last applied input index. A negative index means none was applied
     * ({@link #toStart()}).
     *
     * @throws IllegalArgumentException when there is no record at {@code index} (the queue does not
     *                                  belong to that snapshot, or its cycle files were removed); the
     *                                  position is then undefined until the next toStart/afterIndex
     */
    public void afterIndex(final long index) {
        if (index < 0) {
            toStart();
            return;
        }
        if (!tailer.moveToIndex(index)) {
            throw new IllegalArgumentException("no input record at index " + index + " (0x" + Long.toHexString(index)
                + ") in " + queue.file());
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                throw new IllegalArgumentException("no input record at index " + index + " in " + queue.file());
            }
        }
        lastReadIndex = index;
    }

    /**
     * Reads up to {@code limit} records available now and dispatches each to {@code handler};
     * returns how many it read, 0 when there is nothing new (the caller then idles).
     */
    public int poll(final InputHandler handler, final int limit) {
        int n = 0;
        while (n < limit) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                if (!dc.isData()) {
                    continue;
                }
                final long index = dc.index();
                lastReadIndex = index;
                n++;
                decode(dc.wire().bytes(), index, handler);
            }
        }
        return n;
    }

    /** The index of the last record read (or skipped to by {@link #afterIndex}); -1 before any. */
    public long lastReadIndex() {
        return lastReadIndex;
    }

    /** The index of the last record in the queue, -1 when it is empty. Not for the hot path: it looks at the files. */
    public long lastIndex() {
        return queue.lastIndex();
    }

    private void decode(final Bytes<?> b, final long index, final InputHandler h) {
        final long p = b.readPosition();
        final long length = b.readRemaining();
        final long timestamp = length >= InputRecords.HEADER_LENGTH ? b.readLong(p + InputRecords.TIMESTAMP_OFFSET) : 0L;
        final int kind = length > InputRecords.KIND_OFFSET ? b.readByte(p + InputRecords.KIND_OFFSET) : 0;
        final int expected = InputRecords.length(kind);
        if (expected < 0) {
            h.onMalformed(index, timestamp, 0, length == 0 ? Rejections.TRUNCATED_RECORD : Rejections.UNKNOWN_INPUT_KIND, 0);
            return;
        }
        if (length <= InputRecords.VERSION_OFFSET) {
            h.onMalformed(index, timestamp, kind, Rejections.TRUNCATED_RECORD, 0);
            return;
        }
        if (b.readByte(p + InputRecords.VERSION_OFFSET) != InputRecords.VERSION) {
            h.onMalformed(index, timestamp, kind, Rejections.UNKNOWN_RECORD_VERSION, 0);
            return;
        }
        if (length < expected) {
            h.onMalformed(index, timestamp, kind, Rejections.TRUNCATED_RECORD, 0);
            return;
        }
        switch (kind) {
            case InputRecords.KIND_MARK_PRICE:
                h.onMarkPrice(index, timestamp, b.readInt(p + InputRecords.MARK_PRICE_INSTRUMENT_OFFSET),
                    b.readLong(p + InputRecords.MARK_PRICE_PRICE_OFFSET), 0);
                break;
            case InputRecords.KIND_POSITION: {
                final int side = b.readByte(p + InputRecords.POSITION_SIDE_OFFSET);
                final int cross = b.readByte(p + InputRecords.POSITION_CROSS_OFFSET);
                if ((side != InputRecords.SIDE_LONG && side != InputRecords.SIDE_SHORT) || (cross & ~1) != 0) {
                    h.onMalformed(index, timestamp, kind, Rejections.MALFORMED_RECORD, 0);
                    break;
                }
                h.onPosition(index, timestamp, b.readLong(p + InputRecords.POSITION_ACCOUNT_OFFSET),
                    b.readInt(p + InputRecords.POSITION_INSTRUMENT_OFFSET), side,
                    b.readLong(p + InputRecords.POSITION_QTY_OFFSET),
                    b.readLong(p + InputRecords.POSITION_ENTRY_PRICE_OFFSET), cross == 1,
                    b.readLong(p + InputRecords.POSITION_ISOLATED_MARGIN_OFFSET), 0);
                break;
            }
            case InputRecords.KIND_WALLET:
                h.onWallet(index, timestamp, b.readLong(p + InputRecords.WALLET_ACCOUNT_OFFSET),
                    b.readInt(p + InputRecords.WALLET_ASSET_OFFSET), b.readLong(p + InputRecords.WALLET_BALANCE_OFFSET), 0);
                break;
            case InputRecords.KIND_FUNDING:
                h.onFunding(index, timestamp, b.readInt(p + InputRecords.FUNDING_INSTRUMENT_OFFSET),
                    b.readLong(p + InputRecords.FUNDING_RATE_OFFSET), 0);
                break;
            case InputRecords.KIND_INSTRUMENT: {
                final int textLength = b.readInt(p + InputRecords.INSTRUMENT_TEXT_LENGTH_OFFSET);
                if (textLength < 0) {
                    h.onMalformed(index, timestamp, kind, Rejections.MALFORMED_RECORD, 0);
                    break;
                }
                if (length - InputRecords.INSTRUMENT_TEXT_OFFSET < textLength) {
                    h.onMalformed(index, timestamp, kind, Rejections.TRUNCATED_RECORD, 0);
                    break;
                }
                final StringBuilder sb = text;
                sb.setLength(0);
                if (!Utf8.decode(b, p + InputRecords.INSTRUMENT_TEXT_OFFSET, textLength, sb)) {
                    h.onMalformed(index, timestamp, kind, Rejections.MALFORMED_RECORD, 0);
                    break;
                }
                h.onInstrumentUpdate(index, timestamp, b.readInt(p + InputRecords.INSTRUMENT_INSTRUMENT_OFFSET), sb, 0);
                break;
            }
            case InputRecords.KIND_CONTROL:
                h.onControl(index, timestamp, b.readInt(p + InputRecords.CONTROL_CODE_OFFSET), 0);
                break;
            default:
                // unreachable: InputRecords.length rejected it
                h.onMalformed(index, timestamp, 0, Rejections.UNKNOWN_INPUT_KIND, 0);
                break;
        }
    }

    @Override
    public void close() {
        try {
            tailer.close();
        } finally {
            queue.close();
        }
    }
}
