package io.liquidator.journal;

import net.openhft.chronicle.bytes.Bytes;
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

    private static void header(final Bytes<?> b, final byte kind, final long timestamp) {
        b.writeByte(kind);
        b.writeByte(InputRecords.VERSION);
        b.writeLong(timestamp);
    }

    /** Appends a MARK_PRICE; returns its index (the input sequence). */
    public long appendMarkPrice(final long timestamp, final int instrument, final long price) {
        final ExcerptAppender a = appender();
        try (DocumentContext dc = a.writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            header(b, InputRecords.KIND_MARK_PRICE, timestamp);
            b.writeInt(instrument);
            b.writeLong(price);
        }
        return a.lastIndexAppended();
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
        if (side != InputRecords.SIDE_LONG && side != InputRecords.SIDE_SHORT) {
            throw new IllegalArgumentException("side must be +1 or -1, was " + side);
        }
        final ExcerptAppender a = appender();
        try (DocumentContext dc = a.writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            header(b, InputRecords.KIND_POSITION, timestamp);
            b.writeLong(account);
            b.writeInt(instrument);
            b.writeByte((byte) side);
            b.writeByte(cross ? (byte) 1 : (byte) 0);
            b.writeLong(qty);
            b.writeLong(entryPrice);
            b.writeLong(isolatedMargin);
        }
        return a.lastIndexAppended();
    }

    /** Appends a WALLET balance; returns its index. */
    public long appendWallet(final long timestamp, final long account, final int asset, final long balance) {
        final ExcerptAppender a = appender();
        try (DocumentContext dc = a.writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            header(b, InputRecords.KIND_WALLET, timestamp);
            b.writeLong(account);
            b.writeInt(asset);
            b.writeLong(balance);
        }
        return a.lastIndexAppended();
    }

    /** Appends a FUNDING settlement ({@code rate} in 1e-8 units); returns its index. */
    public long appendFunding(final long timestamp, final int instrument, final long rate) {
        final ExcerptAppender a = appender();
        try (DocumentContext dc = a.writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            header(b, InputRecords.KIND_FUNDING, timestamp);
            b.writeInt(instrument);
            b.writeLong(rate);
        }
        return a.lastIndexAppended();
    }

    /**
     * Appends an INSTRUMENT update carrying {@code definition} (one YAML instrument entry) as UTF-8;
     * returns its index. An unpaired surrogate in the text is written as {@code '?'}. The text must
     * fit in one Chronicle document.
     */
    public long appendInstrumentUpdate(final long timestamp, final int instrument, final CharSequence definition) {
        final ExcerptAppender a = appender();
        try (DocumentContext dc = a.writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            header(b, InputRecords.KIND_INSTRUMENT, timestamp);
            b.writeInt(instrument);
            final long lengthAt = b.writePosition();
            b.writeInt(0);
            final int length = Utf8.encode(definition, b);
            b.writeInt(lengthAt, length);
        }
        return a.lastIndexAppended();
    }

    /** Appends a CONTROL command ({@code InputRecords.CONTROL_*}); returns its index. */
    public long appendControl(final long timestamp, final int code) {
        final ExcerptAppender a = appender();
        try (DocumentContext dc = a.writingDocument()) {
            final Bytes<?> b = dc.wire().bytes();
            header(b, InputRecords.KIND_CONTROL, timestamp);
            b.writeInt(code);
        }
        return a.lastIndexAppended();
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
