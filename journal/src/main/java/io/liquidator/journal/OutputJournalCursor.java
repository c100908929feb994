package io.liquidator.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.MutableDirectBuffer;

/**
 * Reads an {@link OutputJournal}'s records as raw bytes from a given output sequence on: the source
 * a cluster member streams events to a subscriber from, so that live delivery and a catch-up after a
 * failover are one mechanism (the journal is the truth; egress is a view of it). The journal holds
 * one document per record and never rolls, so record {@code s} is at the first index + (s - 1):
 * seeking is one {@code moveToIndex}, and reading on is the tailer's next document.
 *
 * <p>Not thread-safe; use it on the thread that created it.
 */
public final class OutputJournalCursor implements AutoCloseable {
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    /** The output sequence of the record the next {@link #copyNext} returns. */
    private long next = 1;
    private boolean positioned;

    OutputJournalCursor(final SingleChronicleQueue queue) {
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    /** The next {@link #copyNext} returns the record with this output sequence (1-based). */
    public void seek(final long outputSeq) {
        next = Math.max(1, outputSeq);
        positioned = false;
    }

    /** The output sequence of the record the next {@link #copyNext} returns. */
    public long next() {
        return next;
    }

    /**
     * Copies the next record into {@code dst} at {@code offset} if it is written and fits in
     * {@code room} bytes; returns its length, 0 when it is not written yet, or -1 when it does not fit
     * (nothing is consumed then).
     */
    public int copyNext(final MutableDirectBuffer dst, final int offset, final int room) {
        if (!positioned) {
            tailer.toStart();
            final long first = tailer.index();
            if (next > 1 && !tailer.moveToIndex(first + next - 1)) {
                return 0;
            }
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                // not written yet; before the first successful read, seek again next time (a tailer
                // placed on an empty queue is not trusted to see the cycle file appear)
                return 0;
            }
            positioned = true;
            final Bytes<?> b = dc.wire().bytes();
            final int length = (int) b.readRemaining();
            if (length > room) {
                dc.rollbackOnClose();
                return -1;
            }
            final long p = b.readPosition();
            final long seq = b.readLong(p + EventRecords.OUTPUT_SEQ_OFFSET);
            if (seq != next) {
                throw new IllegalStateException("output record " + seq + " found where " + next + " was expected in "
                    + queue.file());
            }
            for (int i = 0; i < length; i++) {
                dst.putByte(offset + i, b.readByte(p + i));
            }
            next++;
            return length;
        }
    }

    @Override
    public void close() {
        tailer.close();
    }
}
