package io.liquidator.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Reads an {@link OutputJournal} directory from the start, decoding each document in place (absolute
 * reads at the {@link EventRecords} offsets, no copies) into an {@link EventRecordVisitor}.
 * Reading allocates nothing in steady state. Not thread-safe.
 */
public final class OutputJournalReader implements AutoCloseable {
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;

    private OutputJournalReader(final SingleChronicleQueue queue) {
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    public static OutputJournalReader open(final Path directory) {
        return new OutputJournalReader(OutputJournal.buildQueue(directory, OutputJournal.DEFAULT_CYCLE_TIME_MILLIS));
    }

    /** Reads the next record into {@code visitor}; false when there is none (yet). */
    public boolean readOne(final EventRecordVisitor visitor) {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return false;
                }
                if (!dc.isData()) {
                    continue;
                }
                decode(dc.wire().bytes(), visitor);
                return true;
            }
        }
    }

    /** Reads every record available now; returns how many. */
    public long readAll(final EventRecordVisitor visitor) {
        long n = 0;
        while (readOne(visitor)) {
            n++;
        }
        return n;
    }

    private static boolean bool(final Bytes<?> b, final long at) {
        return b.readByte(at) != 0;
    }

    static void decode(final Bytes<?> b, final EventRecordVisitor v) {
        final long p = b.readPosition();
        final long length = b.readRemaining();
        final int kind = b.readByte(p + EventRecords.KIND_OFFSET);
        final int version = b.readByte(p + EventRecords.VERSION_OFFSET);
        final int expected = EventRecords.length(kind);
        if (expected < 0) {
            throw new IllegalStateException("unknown record kind " + kind + " at byte " + p);
        }
        if (version != EventRecords.VERSION) {
            throw new IllegalStateException("unsupported version " + version + " of " + EventRecords.name(kind));
        }
        if (length < expected) {
            throw new IllegalStateException(EventRecords.name(kind) + " record too short: " + length + " < " + expected);
        }
        final long outputSeq = b.readLong(p + EventRecords.OUTPUT_SEQ_OFFSET);
        final long inputSeq = b.readLong(p + EventRecords.INPUT_SEQ_OFFSET);
        final long timestamp = b.readLong(p + EventRecords.TIMESTAMP_OFFSET);
        final long account = b.readLong(p + EventRecords.ACCOUNT_OFFSET);
        final int instrument = b.readInt(p + EventRecords.INSTRUMENT_OFFSET);
        switch (kind) {
            case EventRecords.KIND_MARGIN_CALL:
                v.onMarginCall(outputSeq, inputSeq, timestamp, account, instrument, bool(b, p + 38),
                    b.readInt(p + 39), b.readLong(p + 43), b.readLong(p + 51), b.readLong(p + 59),
                    b.readLong(p + 67), b.readInt(p + 75), b.readLong(p + 79));
                break;
            case EventRecords.KIND_PARTIAL_LIQUIDATION:
                v.onPartialLiquidation(outputSeq, inputSeq, timestamp, account, instrument, b.readInt(p + 38),
                    b.readLong(p + 42), b.readLong(p + 50), b.readLong(p + 58), b.readLong(p + 66),
                    b.readLong(p + 74), b.readLong(p + 82), b.readInt(p + 90), b.readLong(p + 94),
                    b.readInt(p + 102));
                break;
            case EventRecords.KIND_LIQUIDATION:
                v.onLiquidation(outputSeq, inputSeq, timestamp, account, instrument, b.readInt(p + 38),
                    b.readLong(p + 42), bool(b, p + 50), b.readLong(p + 51), b.readLong(p + 59),
                    b.readLong(p + 67), b.readLong(p + 75), b.readInt(p + 83), b.readLong(p + 87),
                    b.readInt(p + 95));
                break;
            case EventRecords.KIND_INSURANCE_FUND:
                v.onInsuranceFund(outputSeq, inputSeq, timestamp, account, instrument, b.readInt(p + 38),
                    b.readLong(p + 42), b.readLong(p + 50));
                break;
            case EventRecords.KIND_ADL:
                v.onAdl(outputSeq, inputSeq, timestamp, account, instrument, b.readInt(p + 38), b.readLong(p + 42),
                    b.readLong(p + 50), b.readLong(p + 58), b.readLong(p + 66));
                break;
            case EventRecords.KIND_REJECTION:
                v.onRejection(outputSeq, inputSeq, timestamp, account, instrument, b.readInt(p + 38),
                    b.readInt(p + 42), b.readLong(p + 46));
                break;
            case EventRecords.KIND_GUARD:
                v.onGuard(outputSeq, inputSeq, timestamp, account, instrument, b.readInt(p + 38), b.readInt(p + 42),
                    b.readLong(p + 46), b.readLong(p + 54));
                break;
            default:
                throw new IllegalStateException("unreachable kind " + kind);
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
