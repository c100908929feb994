package io.liquidator.journal;

import org.agrona.ExpandableArrayBuffer;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * The input journal's writer, the producer API at the raw level: a binary {@link SingleChronicleQueue}
 * in one directory, one raw document per input in the layout of {@link InputRecords}, written with
 * {@code writingDocument()} and {@code Bytes.writeXxx}. Appending a primitive kind allocates nothing
 * in steady state; an instrument update encodes its text straight into the document.
 *
 * <p><b>Input sequence.</b> Every append returns the Chronicle index the document was written at;
 * that index is the input's sequence ({@link InputRecords}), not a field of the record.
 *
 * <p><b>Cycles.</b> Unlike the output journal, the input journal rolls on the wall clock
 * ({@link #DEFAULT_ROLL_CYCLE} unless told otherwise), so that old cycles can be archived once a
 * snapshot covers them. Tests pin the clock with {@link #open(Path, RollCycle, long)} to get the same
 * files and indices on every run. The roll cycle of an existing queue is the one its metadata
 * records; Chronicle ignores a different one passed here (with a warning).
 *
 * <p><b>Several writers.</b> Any number of {@code InputJournal}s, in this process or in others, may
 * append to the same directory: Chronicle serialises appends with a lock in the queue's files, so the
 * documents form one total order, the order of their indices. That order is the order of appending,
 * not of the {@code timestamp} fields: with writers on different clocks a later index can carry an
 * earlier timestamp.
 *
 * <p><b>Threads.</b> One instance is not thread-safe. Its appender is created lazily on the first
 * append, so the journal may be opened on one thread and written from another (Chronicle confines an
 * appender to the thread that creates it), but all appends must then come from that thread. Two
 * threads that both write open an instance each.
 */
public final class InputJournal implements AutoCloseable {
    public static final RollCycle DEFAULT_ROLL_CYCLE = RollCycles.FAST_HOURLY;

    private final SingleChronicleQueue queue;
    private ExcerptAppender appender;
    /** Where the codec writes a record before it is copied into its document (one writer thread). */
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);

    private InputJournal(final SingleChronicleQueue queue) {
        this.queue = queue;
    }

    /** Opens (creating if needed) the journal in {@code directory}, rolling {@link #DEFAULT_ROLL_CYCLE} on the wall clock. */
    public static InputJournal open(final Path directory) {
        return open(directory, DEFAULT_ROLL_CYCLE);
    }

    /** Opens the journal rolling {@code rollCycle} on the wall clock. */
    public static InputJournal open(final Path directory, final RollCycle rollCycle) {
        return new InputJournal(buildQueue(directory, rollCycle, null));
    }

    /** Opens the journal with Chronicle's clock taken from {@code time} (picks the cycle file). */
    public static InputJournal open(final Path directory, final RollCycle rollCycle, final TimeProvider time) {
        return new InputJournal(buildQueue(directory, rollCycle, time));
    }

    /** Opens the journal with Chronicle's clock pinned at {@code fixedTimeMillis}: one cycle file, deterministic indices. */
    public static InputJournal open(final Path directory, final RollCycle rollCycle, final long fixedTimeMillis) {
        return open(directory, rollCycle, () -> fixedTimeMillis);
    }

    static SingleChronicleQueue buildQueue(final Path directory, final RollCycle rollCycle, final TimeProvider time) {
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory).rollCycle(rollCycle);
        if (time != null) {
            builder.timeProvider(time);
        }
        return builder.build();
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

    /** Appends the record the codec just wrote into the scratch buffer; returns its index. */
    private long append(final int length) {
        final ExcerptAppender a = appender();
        try (DocumentContext dc = a.writingDocument()) {
            dc.wire().bytes().write(scratch.byteArray(), 0, length);
        }
        return a.lastIndexAppended();
    }

    /** Appends a MARK_PRICE; returns its index (the input sequence). */
    public long appendMarkPrice(final long timestamp, final int instrument, final long price) {
        return append(InputRecordCodec.encodeMarkPrice(scratch, 0, timestamp, instrument, price));
    }

    /**
     * Appends a POSITION (arguments in {@link InputHandler#onPosition} order); returns its index.
     *
     * @throws IllegalArgumentException when {@code side} is not {@link InputRecords#SIDE_LONG} or
     *                                  {@link InputRecords#SIDE_SHORT}: a record the reader could only
     *                                  report as malformed is refused at the source instead
     */
    public long appendPosition(final long timestamp, final long account, final int instrument, final int side,
                               final long qty, final long entryPrice, final boolean cross,
                               final long isolatedMargin) {
        return append(InputRecordCodec.encodePosition(scratch, 0, timestamp, account, instrument, side, qty, entryPrice,
            cross, isolatedMargin));
    }

    /** Appends a WALLET balance; returns its index. */
    public long appendWallet(final long timestamp, final long account, final int asset, final long balance) {
        return append(InputRecordCodec.encodeWallet(scratch, 0, timestamp, account, asset, balance));
    }

    /** Appends a FUNDING settlement ({@code rate} in 1e-8 units); returns its index. */
    public long appendFunding(final long timestamp, final int instrument, final long rate) {
        return append(InputRecordCodec.encodeFunding(scratch, 0, timestamp, instrument, rate));
    }

    /**
     * Appends an INSTRUMENT update carrying {@code definition} (one YAML instrument entry) as UTF-8;
     * returns its index. An unpaired surrogate in the text is written as {@code '?'}. The text must
     * fit in one Chronicle document.
     */
    public long appendInstrumentUpdate(final long timestamp, final int instrument, final CharSequence definition) {
        return append(InputRecordCodec.encodeInstrumentUpdate(scratch, 0, timestamp, instrument, definition));
    }

    /** Appends a CONTROL command ({@code InputRecords.CONTROL_*}); returns its index. */
    public long appendControl(final long timestamp, final int code) {
        return append(InputRecordCodec.encodeControl(scratch, 0, timestamp, code));
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
