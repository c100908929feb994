package io.liquidator.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * The output journal: a binary {@link SingleChronicleQueue} in one directory, one raw document per
 * record in the layout of {@link EventRecords}, written with {@code writingDocument()} and
 * {@code Bytes.writeXxx} (no MethodWriter, no Wire field names, no allocation in steady state).
 *
 * <p><b>Determinism.</b> Chronicle picks the cycle (file name) from its time provider, not from
 * the records. This journal gives the queue a <em>fixed</em> time ({@link #DEFAULT_CYCLE_TIME_MILLIS},
 * the epoch, unless told otherwise), so every record lands in the same {@link #ROLL_CYCLE} cycle file
 * ({@code 19700101F.cq4}) and two runs over the same inputs write byte-identical {@code .cq4} files.
 * The price is that the queue never rolls; FAST_DAILY holds about 4 billion records per cycle.
 *
 * <p><b>Output sequence.</b> Assigned here: 1 for the first record of an empty queue, +1 per record.
 * Re-opening an existing directory continues after the last record found in it.
 *
 * <p><b>Threads.</b> Not thread-safe. The appender is created lazily on the first append, so the
 * journal may be built on one thread and written from another (Chronicle confines an appender to
 * the thread that creates it), but all appends must then come from that thread.
 */
public final class OutputJournal implements AutoCloseable {
    public static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;
    public static final long DEFAULT_CYCLE_TIME_MILLIS = 0L;

    private final SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private long lastOutputSeq;

    private OutputJournal(final SingleChronicleQueue queue) {
        this.queue = queue;
        this.lastOutputSeq = findLastOutputSeq(queue);
    }

    /** Opens (creating if needed) the journal in {@code directory} with the fixed default cycle time. */
    public static OutputJournal open(final Path directory) {
        return open(directory, DEFAULT_CYCLE_TIME_MILLIS);
    }

    /** Opens the journal with Chronicle's clock pinned at {@code cycleTimeMillis} (picks the cycle file). */
    public static OutputJournal open(final Path directory, final long cycleTimeMillis) {
        return new OutputJournal(buildQueue(directory, cycleTimeMillis));
    }

    static SingleChronicleQueue buildQueue(final Path directory, final long cycleTimeMillis) {
        return SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(ROLL_CYCLE)
            .timeProvider(() -> cycleTimeMillis)
            .build();
    }

    private static long findLastOutputSeq(final SingleChronicleQueue queue) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return 0;
                }
                final Bytes<?> b = dc.wire().bytes();
                return b.readLong(b.readPosition() + EventRecords.OUTPUT_SEQ_OFFSET);
            }
        }
    }

    /** The output sequence of the last record written (0 when the journal is empty). */
    public long lastOutputSequence() {
        return lastOutputSeq;
    }

    /** The directory the queue lives in. */
    public Path directory() {
        return queue.file().toPath();
    }

    /**
     * Starts a {@link QueuePretoucher} on this journal's queue (it must be this queue instance for the
     * appender to find the chunks it maps). The caller owns it and closes it before this journal.
     */
    public QueuePretoucher startPretouch(final long intervalMillis) {
        return QueuePretoucher.start(queue, intervalMillis);
    }

    private ExcerptAppender appender() {
        ExcerptAppender a = appender;
        if (a == null) {
            a = queue.createAppender();
            appender = a;
        }
        return a;
    }

    private long header(final Bytes<?> b, final byte kind, final long inputSeq, final long timestamp,
                        final long account, final int instrument) {
        final long seq = ++lastOutputSeq;
        b.writeByte(kind);
        b.writeByte(EventRecords.VERSION);
        b.writeLong(seq);
        b.writeLong(inputSeq);
        b.writeLong(timestamp);
        b.writeLong(account);
        b.writeInt(instrument);
        return seq;
    }

    /** The fields PARTIAL_LIQUIDATION and LIQUIDATION end with, in the same order (see EventRecords). */
    private static void writeLiquidationTail(final Bytes<?> b, final long markPrice, final long bankruptcyPrice,
                                             final long equity, final long maintenanceMargin, final int tier,
                                             final long marginRatio, final int rule) {
        b.writeLong(markPrice);
        b.writeLong(bankruptcyPrice);
        b.writeLong(equity);
        b.writeLong(maintenanceMargin);
        b.writeInt(tier);
        b.writeLong(marginRatio);
        b.writeInt(rule);
    }

    private static byte bool(final boolean v) {
        return v ? (byte) 1 : (byte) 0;
    }

    /** Appends a MARGIN_CALL; returns its output sequence. */
    public long appendMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                                 final boolean cross, final int level, final long levelRatio, final long markPrice,
                                 final long equity, final long maintenanceMargin, final int tier,
                                 final long marginRatio) {
        try (DocumentContext dc = appender().writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            final long seq = header(b, EventRecords.KIND_MARGIN_CALL, inputSeq, timestamp, account, instrument);
            b.writeByte(bool(cross));
            b.writeInt(level);
            b.writeLong(levelRatio);
            b.writeLong(markPrice);
            b.writeLong(equity);
            b.writeLong(maintenanceMargin);
            b.writeInt(tier);
            b.writeLong(marginRatio);
            return seq;
        }
    }

    /** Appends a PARTIAL_LIQUIDATION; returns its output sequence. */
    public long appendPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                         final int instrument, final int side, final long closedQty,
                                         final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                         final long equity, final long maintenanceMargin, final int tier,
                                         final long marginRatio, final int rule) {
        try (DocumentContext dc = appender().writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            final long seq = header(b, EventRecords.KIND_PARTIAL_LIQUIDATION, inputSeq, timestamp, account, instrument);
            b.writeInt(side);
            b.writeLong(closedQty);
            b.writeLong(remainingQty);
            writeLiquidationTail(b, markPrice, bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
            return seq;
        }
    }

    /** Appends a LIQUIDATION; returns its output sequence. */
    public long appendLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                  final int side, final long qty, final boolean cross, final long markPrice,
                                  final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                  final int tier, final long marginRatio, final int rule) {
        try (DocumentContext dc = appender().writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            final long seq = header(b, EventRecords.KIND_LIQUIDATION, inputSeq, timestamp, account, instrument);
            b.writeInt(side);
            b.writeLong(qty);
            b.writeByte(bool(cross));
            writeLiquidationTail(b, markPrice, bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
            return seq;
        }
    }

    /** Appends an INSURANCE_FUND entry; returns its output sequence. */
    public long appendInsuranceFund(final long inputSeq, final long timestamp, final long account,
                                    final int instrument, final int asset, final long delta, final long balanceAfter) {
        try (DocumentContext dc = appender().writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            final long seq = header(b, EventRecords.KIND_INSURANCE_FUND, inputSeq, timestamp, account, instrument);
            b.writeInt(asset);
            b.writeLong(delta);
            b.writeLong(balanceAfter);
            return seq;
        }
    }

    /** Appends an ADL; returns its output sequence. */
    public long appendAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                          final int side, final long qty, final long price, final long liquidatedAccount,
                          final long rankScore) {
        try (DocumentContext dc = appender().writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            final long seq = header(b, EventRecords.KIND_ADL, inputSeq, timestamp, account, instrument);
            b.writeInt(side);
            b.writeLong(qty);
            b.writeLong(price);
            b.writeLong(liquidatedAccount);
            b.writeLong(rankScore);
            return seq;
        }
    }

    /** Appends a REJECTION; returns its output sequence. */
    public long appendRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                                final int instrument, final int reason) {
        try (DocumentContext dc = appender().writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            final long seq = header(b, EventRecords.KIND_REJECTION, inputSeq, timestamp, account, instrument);
            b.writeInt(inputKind);
            b.writeInt(reason);
            return seq;
        }
    }

    /**
     * A flush hint. The queue is memory-mapped and every document is visible to tailers when its
     * {@code DocumentContext} closes, so there is nothing to do; durability against host loss would
     * need {@code SyncMode.SYNC}, which this journal does not set.
     */
    public void flush() {
    }

    @Override
    public void close() {
        try {
            if (appender != null) {
                appender.close();
                appender = null;
            }
        } finally {
            queue.close();
        }
    }
}
