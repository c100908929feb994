package io.liquidator.bench.latency;

import io.liquidator.engine.pipeline.AfterInputHook;

import java.util.Arrays;

/**
 * Stamps, on the engine thread, the moment each measured tick is done: {@code System.nanoTime()}
 * right after the engine has handled the tick, which includes appending every event it caused to
 * the output journal (the engine emits synchronously into its sink). One plain store into a
 * preallocated {@code long[]} indexed by the tick's position in the run: no allocation, no
 * histogram work on the engine thread; latencies are computed afterwards, off the measured path.
 *
 * <p>Inputs outside the armed range (the book, its restores, the marks that reset it) are ignored.
 * Threads: {@link #arm} is called by the producer while the engine thread is idle (after a probe),
 * and the ticks it then publishes carry the armed fields to the engine thread (the ring's publish
 * is a release, the engine's read of it an acquire); the stamps are read back after a probe that
 * waited for the last tick.
 */
final class CompletionRecorder implements AfterInputHook {
    private final long[] done;
    private long firstSequence = Long.MAX_VALUE;
    private int count;

    CompletionRecorder(final int capacity) {
        this.done = new long[capacity];
    }

    /** Records ticks with sequences {@code firstSequence .. firstSequence + count - 1} from now on. */
    void arm(final long firstSequence, final int count) {
        if (count > done.length) {
            throw new IllegalArgumentException("capacity " + done.length + " < " + count + " ticks");
        }
        Arrays.fill(done, 0, count, 0L);
        this.firstSequence = firstSequence;
        this.count = count;
    }

    @Override
    public void afterInput(final long sequence) {
        final long k = sequence - firstSequence;
        if (k >= 0 && k < count) {
            done[(int) k] = System.nanoTime();
        }
    }

    /** When the {@code k}-th tick of the armed run was done (System.nanoTime), 0 if it has not been. */
    long doneAt(final int k) {
        return done[k];
    }
}
