package io.liquidator.bench.compare;

import io.liquidator.journal.EventRecords;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * The naive baseline's threads, as a first attempt wires them: a producer thread turns each tick
 * into an object with a {@link BigDecimal} price and puts it on one {@link ArrayBlockingQueue}; a
 * consumer thread takes them off and runs the {@link NaiveBook}'s full scan for each, handing the
 * decisions to a consumer.
 *
 * <p>Capped by time, not by ticks: the consumer stops after the first tick that ends past the
 * budget (and at least {@code minTicks} ticks), so that a million positions, where one tick takes
 * a good fraction of a second, still finishes. The throughput is the ticks handled over the time
 * from the producer's start to the end of the last one handled.
 */
final class NaiveBaseline {
    private static final int QUEUE_CAPACITY = 1024;

    private NaiveBaseline() {
    }

    /** What one timed run did. */
    record Result(long ticks, long nanos, long decisions, long liquidations) {
        double ticksPerSecond() {
            return ticks * 1e9 / nanos;
        }
    }

    /** A tick as the producer hands it over. */
    private record NaiveTick(int index, int instrument, BigDecimal price) {
    }

    private static final NaiveTick END = new NaiveTick(-1, -1, null);

    /**
     * Runs {@code book} on ticks {@code 0..} of the stream for about {@code budgetNanos}; decisions
     * go to {@code sink} (on the consumer thread).
     */
    static Result run(final NaiveBook book, final TickStream stream, final long budgetNanos, final int minTicks,
                      final Consumer<NaiveDecision> sink) throws InterruptedException {
        final BlockingQueue<NaiveTick> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final Thread producer = new Thread(() -> {
            try {
                for (int t = 0; t < stream.length(); t++) {
                    queue.put(new NaiveTick(t, stream.instrument(t), book.priceOf(stream.instrument(t), stream.price(t))));
                }
                queue.put(END);
            } catch (final InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }, "naive-producer");
        final long[] outcome = new long[4];
        final long start = System.nanoTime();
        final Thread consumer = new Thread(() -> {
            long ticks = 0;
            long decisions = 0;
            long liquidations = 0;
            long end = start;
            try {
                while (true) {
                    final NaiveTick tick = queue.take();
                    if (tick == END) {
                        break;
                    }
                    final List<NaiveDecision> out = book.onTick(tick.index(), tick.instrument(), tick.price());
                    for (final NaiveDecision d : out) {
                        decisions++;
                        if (d.kind == EventRecords.KIND_LIQUIDATION) {
                            liquidations++;
                        }
                        sink.accept(d);
                    }
                    ticks++;
                    end = System.nanoTime();
                    if (end - start >= budgetNanos && ticks >= minTicks) {
                        break;
                    }
                }
            } catch (final InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            outcome[0] = ticks;
            outcome[1] = end - start;
            outcome[2] = decisions;
            outcome[3] = liquidations;
        }, "naive-consumer");
        producer.start();
        consumer.start();
        consumer.join();
        producer.interrupt();
        producer.join();
        return new Result(outcome[0], outcome[1], outcome[2], outcome[3]);
    }

    /** Runs every tick of the stream on the calling thread (no queue, no clock): the baseline check. */
    static void replay(final NaiveBook book, final TickStream stream, final Consumer<NaiveDecision> sink) {
        for (int t = 0; t < stream.length(); t++) {
            for (final NaiveDecision d : book.onTick(t, stream.instrument(t),
                book.priceOf(stream.instrument(t), stream.price(t)))) {
                sink.accept(d);
            }
        }
    }
}
