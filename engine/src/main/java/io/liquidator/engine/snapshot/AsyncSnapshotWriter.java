package io.liquidator.engine.snapshot;

import io.liquidator.engine.core.LiquidationEngine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes snapshots without putting file I/O on the engine thread. The engine thread calls
 * {@link #capture} between inputs: the state is copied into one of two reusable buffers (the only
 * work it pays for, a few bulk copies) and handed to a daemon writer thread, which writes and
 * fsyncs the file. If the previous snapshot is still being written, the capture is skipped and
 * {@code false} returned: a snapshot is an optimisation of recovery time, and the engine must never
 * wait on a disk.
 *
 * <p>The two buffers alternate, so the engine never writes into the buffer the writer last read,
 * even when the writer is slow to notice it has finished; and before it reports itself idle the
 * writer grows the other buffer to the last snapshot's size plus an eighth, so only the very first
 * capture pays for growing a buffer on the engine thread (pass {@code initialCapacity} to avoid even
 * that). Hand-off is one volatile field and {@link LockSupport#unpark}: no lock, no queue node, no
 * allocation on the engine thread.
 */
public final class AsyncSnapshotWriter implements AutoCloseable {
    /** Where a captured snapshot goes; {@link SnapshotStore#write(long, long, long, long, DirectBuffer, int, int)}. */
    @FunctionalInterface
    public interface Target {
        SnapshotInfo write(long fingerprint, long lastInputSeq, long outputSeq, long stateHash, DirectBuffer body,
                           int offset, int length) throws IOException;
    }

    private static final int NONE = -1;

    /** What the engine thread hands over with a buffer; preallocated, one per buffer. */
    private static final class Job {
        final ExpandableDirectByteBuffer buffer;
        int length;
        long lastInputSeq;
        long outputSeq;
        long stateHash;

        Job(final int initialCapacity) {
            buffer = new ExpandableDirectByteBuffer(initialCapacity);
        }
    }

    private final Target target;
    private final long fingerprint;
    private final Job[] jobs;
    private final Thread writer;
    /** The job being written (set by the engine thread, cleared by the writer), or NONE. */
    private volatile int pending = NONE;
    private volatile boolean running = true;
    private int nextJob;
    private boolean closed;

    private volatile long captured;
    private volatile long skipped;
    private volatile long lastCaptureNanos;
    private volatile long written;
    private volatile long failed;
    private volatile SnapshotInfo lastWritten;
    private volatile Throwable lastError;

    /** Writes to {@code store} with configuration {@code fingerprint}. */
    public AsyncSnapshotWriter(final SnapshotStore store, final long fingerprint) {
        this(store::write, fingerprint, 1 << 20);
    }

    /** As above, with buffers presized to {@code initialCapacity} bytes (about 118 bytes per position). */
    public AsyncSnapshotWriter(final SnapshotStore store, final long fingerprint, final int initialCapacity) {
        this(store::write, fingerprint, initialCapacity);
    }

    /**
     * @param initialCapacity starting size of each of the two buffers (they grow to the largest snapshot
     *                        taken, then stay there)
     */
    public AsyncSnapshotWriter(final Target target, final long fingerprint, final int initialCapacity) {
        this.target = target;
        this.fingerprint = fingerprint;
        this.jobs = new Job[] {new Job(initialCapacity), new Job(initialCapacity)};
        this.writer = new Thread(this::run, "liquidator-snapshot-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Engine thread, between inputs: copies {@code engine}'s state and queues it for writing with
     * {@code outputSeq} (the output journal's event count now). Returns false, having done nothing,
     * if the previous snapshot is still being written.
     */
    public boolean capture(final LiquidationEngine engine, final long outputSeq) {
        if (closed) {
            throw new IllegalStateException("snapshot writer is closed");
        }
        if (pending != NONE) {
            skipped++;
            return false;
        }
        final Job job = jobs[nextJob];
        final long start = System.nanoTime();
        job.length = engine.writeSnapshot(job.buffer, 0);
        job.lastInputSeq = engine.lastInputSequence();
        job.stateHash = engine.stateHash();
        job.outputSeq = outputSeq;
        lastCaptureNanos = System.nanoTime() - start;
        captured++;
        pending = nextJob;
        nextJob ^= 1;
        LockSupport.unpark(writer);
        return true;
    }

    /** True while a captured snapshot is being written (a capture now would be skipped). */
    public boolean busy() {
        return pending != NONE;
    }

    /** Engine-thread time of the last capture (serialisation and state hash), in nanoseconds. */
    public long lastCaptureNanos() {
        return lastCaptureNanos;
    }

    public long captured() {
        return captured;
    }

    public long skipped() {
        return skipped;
    }

    public long written() {
        return written;
    }

    public long failed() {
        return failed;
    }

    /** The last file written, or null. */
    public SnapshotInfo lastWritten() {
        return lastWritten;
    }

    /** Why the last failed write failed, or null. A failure does not stop later captures. */
    public Throwable lastError() {
        return lastError;
    }

    /** Waits for the snapshot being written, if any, then stops the writer thread. */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        LockSupport.unpark(writer);
        writer.join();
    }

    private void run() {
        while (true) {
            final int k = pending;
            if (k != NONE) {
                final Job job = jobs[k];
                try {
                    lastWritten = target.write(fingerprint, job.lastInputSeq, job.outputSeq, job.stateHash, job.buffer, 0,
                        job.length);
                    written++;
                } catch (final IOException | RuntimeException e) {
                    lastError = e;
                    failed++;
                }
                try {
                    // grow the buffer the next capture will use here, off the engine thread: growing a
                    // buffer by copies to 100+ MB takes the better part of a second
                    final int wanted = job.length + (job.length >>> 3);
                    if (wanted > 0) {
                        jobs[k ^ 1].buffer.checkLimit(wanted);
                    }
                } catch (final RuntimeException | OutOfMemoryError e) {
                    lastError = e;
                }
                pending = NONE;
                continue;
            }
            if (!running) {
                // running was cleared after any capture that preceded close: re-read pending before leaving
                if (pending == NONE) {
                    return;
                }
                continue;
            }
            LockSupport.park(this);
        }
    }
}
