package io.liquidator.bench.latency;

import io.liquidator.engine.pipeline.InputPublisher;

/**
 * Publishes ticks on a fixed schedule, open loop: tick {@code k} is due at
 * {@code start + k × 10⁹ / rate} ns. The injector spins until a tick is due and publishes it; if it
 * is already late (the engine was slow and the ring was full, or this thread was descheduled) it
 * publishes at once, without waiting to "catch its breath" and without skipping, so a stall delays
 * every tick behind it and each of those is charged from its own planned time. That is what keeps
 * coordinated omission out of the figures: a closed-loop injector (send, wait for the answer, send)
 * would record one slow tick during a 10 ms stall instead of the thousand that should have been sent.
 *
 * <p>Why spin: at 50 K ticks/s the period is 20 µs, well below what {@code parkNanos} can time
 * (about 50–60 µs of timer slack on Linux). The spinning injector takes one of the two cores,
 * as a market-data thread would. Allocation-free: primitives in, the ring's preallocated slots out.
 */
final class OpenLoopInjector {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private OpenLoopInjector() {
    }

    /** The planned send time of tick {@code k} of a run that starts at {@code start} (System.nanoTime). */
    static long plannedAt(final long start, final long rate, final int k) {
        return start + k * NANOS_PER_SECOND / rate;
    }

    /**
     * Sends ticks {@code 0 .. ticks-1} of {@code path} with sequences (and timestamps) from
     * {@code firstSequence}; returns System.nanoTime after the last publish.
     */
    static long run(final InputPublisher publisher, final PricePath path, final int ticks, final long rate,
                    final long firstSequence, final long start) {
        for (int k = 0; k < ticks; k++) {
            final long due = plannedAt(start, rate, k);
            while (System.nanoTime() - due < 0) {
                Thread.onSpinWait();
            }
            final long seq = firstSequence + k;
            publisher.publishMarkPrice(seq, seq, PricePath.instrumentOf(k), path.price(k));
        }
        return System.nanoTime();
    }
}
