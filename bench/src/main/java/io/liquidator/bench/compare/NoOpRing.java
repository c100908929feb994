package io.liquidator.bench.compare;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.liquidator.engine.pipeline.InputEvent;
import io.liquidator.engine.pipeline.InputPublisher;
import io.liquidator.engine.pipeline.WaitStrategyChoice;

/**
 * The Disruptor's own limit on this machine, measured like for like with the pipeline: a ring of
 * the same size, wait strategy and producer type, of the same {@link InputEvent} slots, fed by the
 * same {@link InputPublisher} code, whose one handler does nothing but read the slot's price (as the
 * Disruptor's own throughput tests do, so that the slot's cache line still travels to the consumer).
 * Whatever the pipeline loses against this is the engine's and the journal's doing.
 */
final class NoOpRing implements AutoCloseable {
    private final Disruptor<InputEvent> disruptor;
    private final RingBuffer<InputEvent> ring;
    private final InputPublisher in;
    private final Reader reader = new Reader();
    private long seq;

    NoOpRing(final int ringSize, final WaitStrategyChoice waitStrategy) {
        this.disruptor = new Disruptor<>(InputEvent::new, ringSize, r -> {
            final Thread t = new Thread(r, "no-op-handler");
            t.setDaemon(true);
            return t;
        }, ProducerType.SINGLE, waitStrategy.create());
        disruptor.handleEventsWith(reader);
        this.ring = disruptor.start();
        this.in = InputPublisher.onRing(ring);
    }

    /**
     * Publishes ticks {@code [from, to)} back to back and waits until the handler has read the last
     * one; returns the nanoseconds from the first publish.
     */
    long run(final TickStream ticks, final int from, final int to) {
        final long start = System.nanoTime();
        for (int t = from; t < to; t++) {
            seq++;
            in.publishMarkPrice(seq, seq, ticks.instrument(t), ticks.price(t));
        }
        final long last = ring.getCursor();
        while (ring.getMinimumGatingSequence() < last) {
            Thread.onSpinWait();
        }
        return System.nanoTime() - start;
    }

    /** The sum of the prices read, so that the reads cannot be optimised away. */
    long checksum() {
        return reader.sum;
    }

    @Override
    public void close() {
        disruptor.halt();
    }

    /** Reads the price of every slot, nothing else. */
    private static final class Reader implements EventHandler<InputEvent> {
        private volatile long sum;
        private long local;

        @Override
        public void onEvent(final InputEvent e, final long sequence, final boolean endOfBatch) {
            local += e.price();
            if (endOfBatch) {
                sum = local;
            }
        }
    }
}
