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
    /** Where each record is assembled before it is appended (or compared, see {@link #resumeFrom}). */
    private final Bytes<?> scratch = Bytes.allocateElasticDirect(256);
    private long lastOutputSeq;
    /** After {@link #resumeFrom}: records up to this sequence are already in the journal. */
    private long writtenUpTo;
    private ExcerptTailer verifier;
    private long verifyFromIndex;

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

    /** Starts a record in the scratch buffer: its header with the next output sequence. */
    private Bytes<?> header(final byte kind, final long inputSeq, final long timestamp, final long account,
                            final int instrument) {
        final long seq = lastOutputSeq + 1;
        final Bytes<?> b = scratch;
        b.clear();
        b.writeByte(kind);
        b.writeByte(EventRecords.VERSION);
        b.writeLong(seq);
        b.writeLong(inputSeq);
        b.writeLong(timestamp);
        b.writeLong(account);
        b.writeInt(instrument);
        return b;
    }

    /**
     * Ends the record in the scratch buffer: appends it as one document or, while re-running inputs
     * whose events the journal already holds (after {@link #resumeFrom}), checks it against the
     * record written before and appends nothing. One extra copy of ≤ 106 bytes per event buys a
     * single write path for both.
     */
    private long commit() {
        final long seq = lastOutputSeq + 1;
        if (seq <= writtenUpTo) {
            verifyAgainstWritten(seq);
        } else {
            try (DocumentContext dc = appender().writingDocument()) {
                dc.wire().bytes().write(scratch, scratch.readPosition(), scratch.readRemaining());
            }
        }
        lastOutputSeq = seq;
        return seq;
    }

    private void verifyAgainstWritten(final long seq) {
        if (verifier == null) {
            // created here, on the appending thread: Chronicle confines a tailer to the thread that uses it
            verifier = queue.createTailer();
            if (!verifier.moveToIndex(verifyFromIndex)) {
                throw new IllegalStateException("cannot find output record " + seq + " in the journal");
            }
        }
        try (DocumentContext dc = verifier.readingDocument()) {
            if (!dc.isPresent()) {
                throw new IllegalStateException("output record " + seq + " should be in the journal but is not");
            }
            final Bytes<?> written = dc.wire().bytes();
            final long length = scratch.readRemaining();
            boolean same = written.readRemaining() == length;
            for (long i = 0; same && i < length; i++) {
                same = written.readByte(written.readPosition() + i) == scratch.readByte(scratch.readPosition() + i);
            }
            if (!same) {
                throw new IllegalStateException("re-running the input after a restart produced output record " + seq
                    + " differently from the one journaled before (" + EventRecords.name(scratch.readByte(0))
                    + "): the engine is not deterministic, or the configuration or snapshot changed");
            }
        }
        if (seq == writtenUpTo) {
            verifier.close();
            verifier = null;
        }
    }

    /**
     * Exactly-once after a restart. The engine restarted from a snapshot taken when the journal
     * held {@code outputSeqAtSnapshot} records and re-runs the inputs after it; it regenerates the
     * events up to the last one journaled before the crash, in the same order (it is deterministic).
     * From here on the first {@code lastOutputSequence() - outputSeqAtSnapshot} records are not
     * appended again but compared, byte for byte, with the ones already there (a difference throws:
     * something made the engine diverge), and the records after them are appended as new.
     *
     * @throws IllegalArgumentException if the journal holds fewer records than the snapshot says
     */
    public void resumeFrom(final long outputSeqAtSnapshot) {
        if (outputSeqAtSnapshot < 0 || outputSeqAtSnapshot > lastOutputSeq) {
            throw new IllegalArgumentException("the snapshot was taken after output record " + outputSeqAtSnapshot
                + " but the journal holds " + lastOutputSeq + ": it is not this snapshot's journal");
        }
        if (outputSeqAtSnapshot == lastOutputSeq) {
            return;
        }
        writtenUpTo = lastOutputSeq;
        try (ExcerptTailer t = queue.createTailer()) {
            t.toStart();
            // one document per record, never rolled: record s sits at the first index + (s - 1)
            verifyFromIndex = t.index() + outputSeqAtSnapshot;
        }
        lastOutputSeq = outputSeqAtSnapshot;
    }

    /** Records re-run since {@link #resumeFrom} that were already journaled and so not appended again. */
    public boolean isCatchingUp() {
        return lastOutputSeq < writtenUpTo;
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
        final Bytes<?> b = header(EventRecords.KIND_MARGIN_CALL, inputSeq, timestamp, account, instrument);
        b.writeByte(bool(cross));
        b.writeInt(level);
        b.writeLong(levelRatio);
        b.writeLong(markPrice);
        b.writeLong(equity);
        b.writeLong(maintenanceMargin);
        b.writeInt(tier);
        b.writeLong(marginRatio);
        return commit();
    }

    /** Appends a PARTIAL_LIQUIDATION; returns its output sequence. */
    public long appendPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                         final int instrument, final int side, final long closedQty,
                                         final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                         final long equity, final long maintenanceMargin, final int tier,
                                         final long marginRatio, final int rule) {
        final Bytes<?> b = header(EventRecords.KIND_PARTIAL_LIQUIDATION, inputSeq, timestamp, account, instrument);
        b.writeInt(side);
        b.writeLong(closedQty);
        b.writeLong(remainingQty);
        writeLiquidationTail(b, markPrice, bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
        return commit();
    }

    /** Appends a LIQUIDATION; returns its output sequence. */
    public long appendLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                  final int side, final long qty, final boolean cross, final long markPrice,
                                  final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                  final int tier, final long marginRatio, final int rule) {
        final Bytes<?> b = header(EventRecords.KIND_LIQUIDATION, inputSeq, timestamp, account, instrument);
        b.writeInt(side);
        b.writeLong(qty);
        b.writeByte(bool(cross));
        writeLiquidationTail(b, markPrice, bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
        return commit();
    }

    /** Appends an INSURANCE_FUND entry; returns its output sequence. */
    public long appendInsuranceFund(final long inputSeq, final long timestamp, final long account,
                                    final int instrument, final int asset, final long delta, final long balanceAfter) {
        final Bytes<?> b = header(EventRecords.KIND_INSURANCE_FUND, inputSeq, timestamp, account, instrument);
        b.writeInt(asset);
        b.writeLong(delta);
        b.writeLong(balanceAfter);
        return commit();
    }

    /** Appends an ADL; returns its output sequence. */
    public long appendAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                          final int side, final long qty, final long price, final long liquidatedAccount,
                          final long rankScore) {
        final Bytes<?> b = header(EventRecords.KIND_ADL, inputSeq, timestamp, account, instrument);
        b.writeInt(side);
        b.writeLong(qty);
        b.writeLong(price);
        b.writeLong(liquidatedAccount);
        b.writeLong(rankScore);
        return commit();
    }

    /** Appends a REJECTION ({@code line}: the input's source line, 0 if none); returns its output sequence. */
    public long appendRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                                final int instrument, final int reason, final long line) {
        final Bytes<?> b = header(EventRecords.KIND_REJECTION, inputSeq, timestamp, account, instrument);
        b.writeInt(inputKind);
        b.writeInt(reason);
        b.writeLong(line);
        return commit();
    }

    /**
     * Appends a GUARD: the price guard of {@code instrument} tripped or released ({@link Guards} codes)
     * on a tick at {@code price}, judged against {@code referencePrice}; returns its output sequence.
     */
    public long appendGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                            final int state, final long price, final long referencePrice) {
        final Bytes<?> b = header(EventRecords.KIND_GUARD, inputSeq, timestamp, 0, instrument);
        b.writeInt(reason);
        b.writeInt(state);
        b.writeLong(price);
        b.writeLong(referencePrice);
        return commit();
    }

    /**
     * Appends a record another journal wrote, as it is (a consumer of the cluster's events keeping
     * its own copy, which {@code liquidator dump} then reads like any output journal); returns its
     * output sequence. The record must be the next one: its output sequence must be exactly one past
     * the last record here, so that a copy can hold neither a gap nor a duplicate.
     *
     * @throws IllegalArgumentException when the record is shorter than a header, of an unknown kind,
     *                                  or not the next output sequence
     */
    public long appendRecord(final org.agrona.DirectBuffer record, final int offset, final int length) {
        if (length < EventRecords.HEADER_LENGTH || EventRecords.length(record.getByte(offset + EventRecords.KIND_OFFSET)) < 0) {
            throw new IllegalArgumentException("not an output record: " + length + " bytes, kind "
                + record.getByte(offset + EventRecords.KIND_OFFSET));
        }
        final long seq = record.getLong(offset + EventRecords.OUTPUT_SEQ_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
        if (seq != lastOutputSeq + 1) {
            throw new IllegalArgumentException("output record " + seq + " is not the next one: the journal ends at "
                + lastOutputSeq);
        }
        final Bytes<?> b = scratch;
        b.clear();
        for (int i = 0; i < length; i++) {
            b.writeByte(record.getByte(offset + i));
        }
        return commit();
    }

    /**
     * A reader of this journal's records by output sequence, as raw bytes: how a cluster member
     * streams its events to a subscriber from wherever that subscriber got to. Create and use it on
     * the thread that appends (Chronicle confines a tailer to its thread).
     */
    public OutputJournalCursor cursor() {
        return new OutputJournalCursor(queue);
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
        scratch.releaseLast();
        if (verifier != null) {
            verifier.close();
            verifier = null;
        }
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
