package io.liquidator.journal;

import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.core.OS;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the pages ahead of a queue's write position mapped and resident, from a daemon thread, so
 * that the thread appending does not stall on them.
 *
 * <p><b>Why.</b> Measured on this box (a 2-vCPU Firecracker VM, ext4, JDK 17, chronicle-queue 2026.4,
 * FAST_HOURLY): a thread writing a memory-mapped file for the first time stalls 17–26 ms once every
 * 8 MB, for Chronicle and for a plain {@code MappedByteBuffer} alike (so it is the kernel/VM page
 * allocation path, plausibly the guest handing back 8 MB blocks it had reported free to the host,
 * {@code page_reporting_order=11}), and a thread dump during the stall finds the writer in compiled
 * code, not in a Chronicle call. Whichever thread touches a page first takes that stall, so a
 * background thread that touches the pages ahead takes it instead of the appender. Appending
 * 2,000,000 mark prices at 200,000/s (5 MB/s) after warm-up, two runs each: without a pretoucher max
 * 25.6 / 29.6 ms, 17 / 14 appends over 1 ms, 50 / 53 over 100 µs; with this class at its default
 * 100 ms interval max 5.2 / 4.9 ms, 10 / 7 over 1 ms, 21 / 21 over 100 µs (the rest is this shared
 * box's scheduling). It also removes the 0.7–7.7 KB the appender allocates when it maps the next
 * 64 MB chunk (see InputJournalTest). It does not help a writer running flat out
 * (about 100 MB/s here): then the two threads fight over the CPUs and the stalls only move.
 *
 * <p><b>Why not {@code ExcerptAppender.pretouch()}.</b> That is the documented open-source way (a
 * background thread with its own appender calling it every 100 ms–1 s), but in chronicle-queue
 * 2026.4 without the Enterprise jar it recurses without end
 * ({@code ChronicleQueue.createPretoucher} &rarr; {@code PretouchUtil.createPretoucher} &rarr;
 * {@code PretouchFactoryEmpty.createPretoucher} &rarr; {@code queue.createPretoucher} &rarr; …) and
 * throws {@code StackOverflowError} (see the test that pins this). This class does what the old
 * open-source {@code Pretoucher} did instead: it acquires its own store for the current cycle and
 * touches each page ahead of the store's write position with a compare-and-swap of 0 for 0, which
 * never changes a byte a writer has written (it only succeeds where the word is still 0, and then
 * writes 0).
 *
 * <p><b>Same queue instance.</b> Within one {@code SingleChronicleQueue} the stores of a cycle file
 * share one {@code MappedFile}, so the chunk this thread maps is the chunk the appender later finds
 * already mapped: that is what removes the appender's mapping call and its allocation. A pretoucher
 * on another queue instance (or process) for the same directory would only warm the page cache, so
 * this class takes the writer's queue, not a directory ({@link InputJournal#startPretouch},
 * {@link OutputJournal#startPretouch}).
 *
 * <p><b>How far ahead.</b> Four times the bytes written per interval (smoothed), at least
 * {@code minHeadroomBytes} and at most half the queue's block size: further than that, this thread
 * would move two chunks ahead and release the chunk it mapped before the writer got there. Touched
 * pages become allocated blocks of the cycle file, so a cycle file can carry up to that headroom of
 * zeros beyond its last record.
 *
 * <p><b>Cycles.</b> It follows the queue's clock ({@code queue.cycle()}) and picks up a new cycle's
 * file once an appender has created it (it never creates cycle files itself: creating one is the
 * appender's job under the queue's write lock), so the first appends after a roll are not covered
 * until the next pass.
 *
 * <p><b>Lifecycle.</b> The thread is never interrupted (Chronicle does not expect interrupts on
 * threads that touch a queue): {@link #close()} flags it, unparks it and joins it. Close it before the
 * queue; if the queue is closed first the thread notices and ends by itself. A failed pass is counted
 * ({@link #failures()}), never logged per pass, and the next pass tries again.
 */
public final class QueuePretoucher implements AutoCloseable {
    public static final long DEFAULT_INTERVAL_MILLIS = 100;
    public static final long DEFAULT_MIN_HEADROOM_BYTES = 16L << 20;

    private final SingleChronicleQueue queue;
    private final long intervalNanos;
    private final long minHeadroom;
    private final long maxHeadroom;
    private final long pageSize;
    private final Thread thread;

    private volatile boolean running = true;
    private volatile long passes;
    private volatile long pagesTouched;
    private volatile long failures;
    private volatile Throwable lastFailure;

    // owned by the pretouch thread
    private SingleChronicleQueueStore store;
    private MappedBytes bytes;
    private int cycle = Integer.MIN_VALUE;
    private long lastPosition;
    private long touchedTo;
    private long averageMove;

    private QueuePretoucher(final SingleChronicleQueue queue, final long intervalMillis, final long minHeadroomBytes) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("intervalMillis must be positive: " + intervalMillis);
        }
        if (minHeadroomBytes <= 0) {
            throw new IllegalArgumentException("minHeadroomBytes must be positive: " + minHeadroomBytes);
        }
        this.queue = queue;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.pageSize = OS.pageSize();
        this.minHeadroom = minHeadroomBytes;
        this.maxHeadroom = Math.max(minHeadroomBytes, queue.blockSize() / 2);
        this.thread = new Thread(this::run, "pretouch-" + queue.file().getName());
        this.thread.setDaemon(true);
    }

    /** Starts pretouching {@code queue} every {@link #DEFAULT_INTERVAL_MILLIS} ms. */
    public static QueuePretoucher start(final SingleChronicleQueue queue) {
        return start(queue, DEFAULT_INTERVAL_MILLIS, DEFAULT_MIN_HEADROOM_BYTES);
    }

    /** Starts pretouching {@code queue} every {@code intervalMillis}. */
    public static QueuePretoucher start(final SingleChronicleQueue queue, final long intervalMillis) {
        return start(queue, intervalMillis, DEFAULT_MIN_HEADROOM_BYTES);
    }

    /** Starts pretouching {@code queue} every {@code intervalMillis}, at least {@code minHeadroomBytes} ahead. */
    public static QueuePretoucher start(final SingleChronicleQueue queue, final long intervalMillis,
                                        final long minHeadroomBytes) {
        final QueuePretoucher p = new QueuePretoucher(queue, intervalMillis, minHeadroomBytes);
        p.thread.start();
        return p;
    }

    private void run() {
        try {
            while (running && !queue.isClosing()) {
                try {
                    pass();
                    passes++;
                } catch (final Throwable t) {
                    if (queue.isClosing()) {
                        break;
                    }
                    lastFailure = t;
                    failures++;
                    releaseStore();
                }
                LockSupport.parkNanos(this, intervalNanos);
            }
        } finally {
            releaseStore();
        }
    }

    private void pass() {
        final int current = queue.cycle();
        if (current != cycle || store == null) {
            releaseStore();
            store = queue.storeForCycle(current, queue.epoch(), false, null);
            if (store == null) {
                return;
            }
            bytes = store.bytes();
            cycle = current;
            lastPosition = store.writePosition();
            touchedTo = 0;
            averageMove = 0;
        }
        final long position = store.writePosition();
        averageMove = (Math.max(0, position - lastPosition) + 3 * averageMove) / 4;
        lastPosition = position;
        final long headroom = Math.min(maxHeadroom, Math.max(minHeadroom, 4 * averageMove));
        final long end = position + headroom;
        long page = Math.max(touchedTo, (position | (pageSize - 1)) + 1);
        long touched = 0;
        for (; page < end && running; page += pageSize) {
            bytes.compareAndSwapLong(page, 0L, 0L);
            touched++;
        }
        touchedTo = page;
        pagesTouched += touched;
    }

    private void releaseStore() {
        final MappedBytes b = bytes;
        final SingleChronicleQueueStore s = store;
        bytes = null;
        store = null;
        cycle = Integer.MIN_VALUE;
        try {
            if (b != null) {
                b.close();
            }
        } catch (final RuntimeException ignored) {
            // the queue is closing under us; nothing left to release
        }
        try {
            if (s != null) {
                queue.closeStore(s);
            }
        } catch (final RuntimeException ignored) {
            // as above
        }
    }

    /** Passes completed so far (one per interval while the queue has a file for its current cycle). */
    public long passes() {
        return passes;
    }

    /** Pages touched so far. */
    public long pagesTouched() {
        return pagesTouched;
    }

    /** Passes that threw; the thread carries on. */
    public long failures() {
        return failures;
    }

    /** The last exception a pass threw, or null. */
    public Throwable lastFailure() {
        return lastFailure;
    }

    /** True until the thread has ended. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops the thread and waits for it to end. Idempotent. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
