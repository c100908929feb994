package io.liquidator.engine.demo;

import io.liquidator.engine.pipeline.AfterInputHook;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Times each tick where it is processed, on the engine thread, without allocating there.
 *
 * <p>What is measured: a tick's time on the engine thread, from the moment the engine could start
 * on it (the later of its publication and the end of the input before it) to the end of its own
 * handling, every event it caused appended to the output journal
 * ({@link AfterInputHook#afterInput} comes after them). When the ring holds a backlog (the demo's
 * usual case: the feed runs ahead) that is the engine's processing time; when the engine was
 * waiting for the tick, its wake-up is included. The end-of-batch journal flush of one input is
 * charged to the next.
 *
 * <p>Threads: the feed (the one producer) calls {@link #published} just before each input goes on
 * the ring; the engine thread calls {@link #afterInput}. The stamps live in a circular array of
 * twice the ring's size: the producer can only be writing input {@code n}'s slot once input
 * {@code n − ring} has been consumed, so it never overwrites a stamp still to be read, and the
 * ring's publication orders the stamp before the engine reads it.
 */
final class TickTimer implements AfterInputHook {
    /** Largest tick time recorded exactly: longer ones are recorded as this. */
    private static final long MAX_NANOS = 60_000_000_000L;

    private final long[] publishedAt;
    private final boolean[] tick;
    private final int mask;
    private final Histogram histogram = new Histogram(MAX_NANOS, 3);
    private final AtomicLong ticksHandled = new AtomicLong();
    private long previousDone;
    private long firstTickStart;
    private long lastTickDone;
    private long ticks;

    /** @param ringSize the pipeline's ring size (a power of 2) */
    TickTimer(final int ringSize) {
        final int slots = Integer.highestOneBit(Math.max(2, ringSize)) * 2;
        this.publishedAt = new long[slots];
        this.tick = new boolean[slots];
        this.mask = slots - 1;
    }

    /** Producer thread: input {@code sequence} is about to be published. */
    void published(final long sequence, final boolean isTick) {
        final int i = (int) (sequence & mask);
        tick[i] = isTick;
        publishedAt[i] = System.nanoTime();
    }

    /** Engine thread, after each input and its events. */
    @Override
    public void afterInput(final long sequence) {
        final long now = System.nanoTime();
        final int i = (int) (sequence & mask);
        if (tick[i]) {
            final long start = Math.max(previousDone, publishedAt[i]);
            histogram.recordValue(Math.min(MAX_NANOS, Math.max(0, now - start)));
            if (ticks++ == 0) {
                firstTickStart = start;
            }
            lastTickDone = now;
            ticksHandled.lazySet(ticks);
        }
        previousDone = now;
    }

    /** Ticks the engine has finished (any thread; for the progress display). */
    long ticksHandled() {
        return ticksHandled.get();
    }

    /** The distribution of tick times, ns; read once the pipeline has closed. */
    Histogram histogram() {
        return histogram;
    }

    /** Engine-thread time from the start of the first tick to the end of the last, ns (after close). */
    long tickSpanNanos() {
        return ticks == 0 ? 0 : lastTickDone - firstTickStart;
    }

    /** Ticks timed (after close). */
    long ticks() {
        return ticks;
    }
}
