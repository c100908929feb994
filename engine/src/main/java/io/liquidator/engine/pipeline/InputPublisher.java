package io.liquidator.engine.pipeline;

import com.lmax.disruptor.RingBuffer;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;

/**
 * Puts inputs on the ring without allocating: each method claims the next slot
 * ({@link RingBuffer#next()}), overwrites the preallocated {@link InputEvent} in place and
 * publishes it, in a {@code finally} so that a claimed slot is always published (an unpublished
 * claim would stall the engine thread for good).
 *
 * <p>Why not {@code ringBuffer.publishEvent(translator, a, b, c)}: the translator's arguments are
 * objects, so every {@code long} would be boxed, and the more than three fields of a position
 * update would need an argument array; and a lambda capturing the values would be a new object per
 * call. The claim/write/publish sequence below is what those helpers do inside, minus the garbage.
 *
 * <p>It is also the {@link InputHandler} every input source decodes into (the input journal's
 * tailer, the CSV replay, the importers), so that live mode and replay publish through the same
 * code; the {@code publish*} methods are the same calls for an embedding Java process, without a
 * source line.
 *
 * <p>Threads: with {@code ProducerType.SINGLE} exactly one thread may publish, ever (the sequencer
 * is unsynchronised; this includes the pipeline's control calls); with {@code MULTI} any number
 * may, but the input {@code sequence} numbers must still reach the ring in increasing order, or the
 * engine rejects the late ones. A full ring makes the caller wait (back-pressure), it never drops.
 */
public final class InputPublisher implements InputHandler {
    private final RingBuffer<InputEvent> ring;
    /** Without a ring: the one event every input is written into and the handler it goes to at once. */
    private final InputEvent direct;
    private final EngineHandler directHandler;
    private long directSequence;
    private InstrumentDecoder instrumentDecoder;

    InputPublisher(final RingBuffer<InputEvent> ring) {
        this.ring = ring;
        this.direct = null;
        this.directHandler = null;
    }

    private InputPublisher(final EngineHandler handler) {
        this.ring = null;
        this.direct = new InputEvent();
        this.directHandler = handler;
    }

    /**
     * A publisher with no ring: each input is handed to {@code handler} on the calling thread, as a
     * batch of one, before the call returns. For a host that already is the single thread in order,
     * such as an Aeron Cluster service (the log is its ring): the inputs still go through this
     * decoding and the same {@link EngineHandler} as {@code run} and {@code replay}. An engine
     * failure propagates out of the publishing call.
     */
    public static InputPublisher direct(final EngineHandler handler) {
        return new InputPublisher(handler);
    }

    private long claim() {
        return ring != null ? ring.next() : directSequence;
    }

    private InputEvent slot(final long sequence) {
        return ring != null ? ring.get(sequence) : direct;
    }

    private void publish(final long sequence) {
        if (ring != null) {
            ring.publish(sequence);
        } else {
            directSequence++;
            directHandler.onEvent(direct, sequence, true);
        }
    }

    /**
     * A publisher onto a ring the caller wired itself. {@link EnginePipeline} builds its own; this is
     * for measurements that must put the very same publishing code in front of another handler (the
     * bench's no-op ring, which gives the Disruptor's own limit to compare the pipeline with).
     */
    public static InputPublisher onRing(final RingBuffer<InputEvent> ring) {
        return new InputPublisher(ring);
    }

    /** How {@link #onInstrumentUpdate} parses definitions; without one, every such update is rejected. */
    public InputPublisher instrumentDecoder(final InstrumentDecoder decoder) {
        this.instrumentDecoder = decoder;
        return this;
    }

    /** Publishes a mark price: the tick. */
    public void publishMarkPrice(final long sequence, final long timestamp, final int instrument, final long price) {
        onMarkPrice(sequence, timestamp, instrument, price, 0);
    }

    @Override
    public void onMarkPrice(final long sequence, final long timestamp, final int instrument, final long price,
                            final long line) {
        final long slot = claim();
        try {
            final InputEvent e = slot(slot);
            e.setMarkPrice(sequence, timestamp, instrument, price);
            e.line(line);
        } finally {
            publish(slot);
        }
    }

    /** Publishes an account's new position on an instrument (qty 0 closes it). */
    public void publishPosition(final long sequence, final long timestamp, final long account, final int instrument,
                                final int side, final long qty, final long entryPrice, final boolean cross,
                                final long isolatedMargin) {
        onPosition(sequence, timestamp, account, instrument, side, qty, entryPrice, cross, isolatedMargin, 0);
    }

    @Override
    public void onPosition(final long sequence, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long entryPrice, final boolean cross,
                           final long isolatedMargin, final long line) {
        final long slot = claim();
        try {
            final InputEvent e = slot(slot);
            e.setPosition(sequence, timestamp, account, instrument, side, qty, entryPrice, cross, isolatedMargin);
            e.line(line);
        } finally {
            publish(slot);
        }
    }

    /** Publishes an account's cross wallet balance in a settlement asset. */
    public void publishWallet(final long sequence, final long timestamp, final long account, final int asset,
                              final long balance) {
        onWallet(sequence, timestamp, account, asset, balance, 0);
    }

    @Override
    public void onWallet(final long sequence, final long timestamp, final long account, final int asset,
                         final long balance, final long line) {
        final long slot = claim();
        try {
            final InputEvent e = slot(slot);
            e.setWallet(sequence, timestamp, account, asset, balance);
            e.line(line);
        } finally {
            publish(slot);
        }
    }

    /** Publishes a funding settlement on an instrument at its current mark. */
    public void publishFunding(final long sequence, final long timestamp, final int instrument, final long rate) {
        onFunding(sequence, timestamp, instrument, rate, 0);
    }

    @Override
    public void onFunding(final long sequence, final long timestamp, final int instrument, final long rate,
                          final long line) {
        final long slot = claim();
        try {
            final InputEvent e = slot(slot);
            e.setFunding(sequence, timestamp, instrument, rate);
            e.line(line);
        } finally {
            publish(slot);
        }
    }

    /**
     * Publishes an instrument's new definition (brackets, fee, profile; same scales). Rare: the
     * {@link Instrument} is built by the caller, off the hot path; the slot only carries the reference.
     */
    public void publishInstrumentUpdate(final long sequence, final long timestamp, final Instrument replacement) {
        publishInstrumentUpdate(sequence, timestamp, replacement, 0);
    }

    private void publishInstrumentUpdate(final long sequence, final long timestamp, final Instrument replacement,
                                         final long line) {
        final long slot = claim();
        try {
            final InputEvent e = slot(slot);
            e.setInstrumentUpdate(sequence, timestamp, replacement);
            e.line(line);
        } finally {
            publish(slot);
        }
    }

    /**
     * Parses the definition here, on the producer's thread, with the {@link #instrumentDecoder}; a
     * definition that does not parse, or names another instrument id, is published as malformed
     * ({@link Rejections#INVALID_INSTRUMENT_DEFINITION}) so that its rejection is journaled in order.
     */
    @Override
    public void onInstrumentUpdate(final long sequence, final long timestamp, final int instrument,
                                   final CharSequence definition, final long line) {
        Instrument replacement = null;
        if (instrumentDecoder != null) {
            try {
                replacement = instrumentDecoder.decode(instrument, definition, "instrument update " + sequence);
            } catch (final RuntimeException invalid) {
                replacement = null;
            }
        }
        if (replacement == null || replacement.id() != instrument) {
            onMalformed(sequence, timestamp, InputRecords.KIND_INSTRUMENT, Rejections.INVALID_INSTRUMENT_DEFINITION,
                line);
            return;
        }
        publishInstrumentUpdate(sequence, timestamp, replacement, line);
    }

    /** A snapshot request in the input stream: handled by the pipeline's snapshot hook, in order. */
    @Override
    public void onControl(final long sequence, final long timestamp, final int code, final long line) {
        if (code == InputRecords.CONTROL_SNAPSHOT) {
            publishControl(InputEvent.CONTROL_SNAPSHOT, 0);
        } else {
            onMalformed(sequence, timestamp, InputRecords.KIND_CONTROL, Rejections.MALFORMED_RECORD, line);
        }
    }

    /** Publishes an input the source could not decode, so that the engine journals its rejection. */
    public void publishUnknown(final long sequence, final long timestamp) {
        onMalformed(sequence, timestamp, InputEvent.UNKNOWN, Rejections.UNKNOWN_INPUT_KIND, 0);
    }

    @Override
    public void onMalformed(final long sequence, final long timestamp, final int kind, final int reason,
                            final long line) {
        final long slot = claim();
        try {
            final InputEvent e = slot(slot);
            e.setMalformed(sequence, timestamp, kind, reason);
            e.line(line);
        } finally {
            publish(slot);
        }
    }

    void publishControl(final int code, final long token) {
        final long slot = claim();
        try {
            slot(slot).setControl(code, token);
        } finally {
            publish(slot);
        }
    }
}
