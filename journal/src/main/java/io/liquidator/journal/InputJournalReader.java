package io.liquidator.journal;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.ExpandableArrayBuffer;
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
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
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

    /**
     * Copies the document into the reused scratch buffer (records are 14-48 bytes; an instrument's
     * text grows it once) and decodes it with the {@link InputRecordCodec} every transport shares.
     */
    private void decode(final Bytes<?> b, final long index, final InputHandler h) {
        final long p = b.readPosition();
        final int length = (int) Math.min(b.readRemaining(), Integer.MAX_VALUE);
        scratch.checkLimit(length);
        b.read(p, scratch.byteArray(), 0, length);
        InputRecordCodec.decode(scratch, 0, length, index, 0, text, h);
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
