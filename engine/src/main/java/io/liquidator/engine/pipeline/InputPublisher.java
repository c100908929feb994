package io.liquidator.engine.pipeline;

import com.lmax.disruptor.RingBuffer;
import io.liquidator.engine.instrument.Instrument;

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
 * <p>Threads: with {@code ProducerType.SINGLE} exactly one thread may publish, ever (the sequencer
 * is unsynchronised; this includes the pipeline's control calls); with {@code MULTI} any number
 * may, but the input {@code sequence} numbers must still reach the ring in increasing order, or the
 * engine rejects the late ones. A full ring makes the caller wait (back-pressure), it never drops.
 */
public final class InputPublisher {
    private final RingBuffer<InputEvent> ring;

    InputPublisher(final RingBuffer<InputEvent> ring) {
        this.ring = ring;
    }

    /** Publishes a mark price: the tick. */
    public void publishMarkPrice(final long sequence, final long timestamp, final int instrument, final long price) {
        final long slot = ring.next();
        try {
            ring.get(slot).setMarkPrice(sequence, timestamp, instrument, price);
        } finally {
            ring.publish(slot);
        }
    }

    /** Publishes an account's new position on an instrument (qty 0 closes it). */
    public void publishPosition(final long sequence, final long timestamp, final long account, final int instrument,
                                final int side, final long qty, final long entryPrice, final boolean cross,
                                final long isolatedMargin) {
        final long slot = ring.next();
        try {
            ring.get(slot).setPosition(sequence, timestamp, account, instrument, side, qty, entryPrice, cross,
                isolatedMargin);
        } finally {
            ring.publish(slot);
        }
    }

    /** Publishes an account's cross wallet balance in a settlement asset. */
    public void publishWallet(final long sequence, final long timestamp, final long account, final int asset,
                              final long balance) {
        final long slot = ring.next();
        try {
            ring.get(slot).setWallet(sequence, timestamp, account, asset, balance);
        } finally {
            ring.publish(slot);
        }
    }

    /** Publishes a funding settlement on an instrument at its current mark. */
    public void publishFunding(final long sequence, final long timestamp, final int instrument, final long rate) {
        final long slot = ring.next();
        try {
            ring.get(slot).setFunding(sequence, timestamp, instrument, rate);
        } finally {
            ring.publish(slot);
        }
    }

    /**
     * Publishes an instrument's new definition (brackets, fee, profile; same scales). Rare: the
     * {@link Instrument} is built by the caller, off the hot path; the slot only carries the reference.
     */
    public void publishInstrumentUpdate(final long sequence, final long timestamp, final Instrument replacement) {
        final long slot = ring.next();
        try {
            ring.get(slot).setInstrumentUpdate(sequence, timestamp, replacement);
        } finally {
            ring.publish(slot);
        }
    }

    /** Publishes an input the source could not decode, so that the engine journals its rejection. */
    public void publishUnknown(final long sequence, final long timestamp) {
        final long slot = ring.next();
        try {
            ring.get(slot).setUnknown(sequence, timestamp);
        } finally {
            ring.publish(slot);
        }
    }

    void publishControl(final int code, final long token) {
        final long slot = ring.next();
        try {
            ring.get(slot).setControl(code, token);
        } finally {
            ring.publish(slot);
        }
    }
}
