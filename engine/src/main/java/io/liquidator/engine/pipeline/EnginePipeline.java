package io.liquidator.engine.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.liquidator.engine.core.LiquidationEngine;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one path every mode runs on: producers put inputs on a preallocated Disruptor ring of
 * {@link InputEvent}s through an {@link InputPublisher}; one daemon thread, {@value #THREAD_NAME},
 * runs the {@link EngineHandler}, which is the only code that touches the engine.
 *
 * <p>Life cycle: {@link #builder} → {@link Builder#build()} → {@link #start()} → publish → {@link #close()}.
 * {@code close} drains: it publishes a shutdown control behind everything already published, waits
 * for the engine thread to reach it, then halts the ring and joins the thread, so the engine may be
 * read from the closing thread afterwards. {@link #verify} and {@link #probe} go through the ring the
 * same way, so their answers are about the engine state after every input published before them.
 *
 * <p>Failure is fail-stop: if the engine throws (it turns validation problems and arithmetic
 * overflow in a unit's evaluation into rejections itself, so this means a bug), the handler has the
 * engine journal an INTERNAL_ERROR rejection of that input and halt
 * ({@link LiquidationEngine#onInternalError}); the exception is kept ({@link #failure()}) and the
 * engine thread stops; the engine's state is then not trusted, the ring is not consumed any more and
 * no snapshot is taken (the last good snapshot plus the input journal is the recovery point).
 * Control calls then throw; a publisher blocks once the ring is full (sources poll at most
 * {@link #remainingCapacity()} and watch {@link #failure()}).
 *
 * <p>Threads: control calls ({@code start}, {@code verify}, {@code probe}, {@code close}) publish
 * on the ring, so with {@link ProducerType#SINGLE} they must come from the one producer thread.
 */
public final class EnginePipeline implements AutoCloseable {
    public static final String THREAD_NAME = "liquidator-engine";
    public static final int DEFAULT_RING_SIZE = 1 << 14;
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Disruptor<InputEvent> disruptor;
    private final EngineHandler handler;
    private final InputPublisher publisher;
    private final EngineThreadFactory threads = new EngineThreadFactory();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final int ringSize;
    private final ProducerType producerType;
    private final WaitStrategyChoice waitStrategy;
    private long lastToken;
    private boolean started;
    private boolean closed;

    private EnginePipeline(final Builder b) {
        this.ringSize = b.ringSize;
        this.producerType = b.producerType;
        this.waitStrategy = b.waitStrategy;
        this.handler = new EngineHandler(b.engine, b.snapshotHook, b.snapshotEveryInputs, b.afterInput);
        this.disruptor = new Disruptor<>(InputEvent::new, ringSize, threads, producerType, waitStrategy.create());
        this.disruptor.setDefaultExceptionHandler(new FailStop(failure));
        this.disruptor.handleEventsWith(handler);
        this.publisher = new InputPublisher(disruptor.getRingBuffer());
    }

    /** A pipeline that will own {@code engine}: after {@link #start()} only the engine thread may call it. */
    public static Builder builder(final LiquidationEngine engine) {
        return new Builder(engine);
    }

    /** Starts the engine thread. Inputs published before this wait in the ring. */
    public synchronized EnginePipeline start() {
        if (closed) {
            throw new IllegalStateException("pipeline closed");
        }
        if (!started) {
            disruptor.start();
            started = true;
        }
        return this;
    }

    /** Where producers publish; available before {@link #start()}. */
    public InputPublisher publisher() {
        return publisher;
    }

    /**
     * Runs the engine's full-scan verifier on the engine thread, after everything published so far,
     * and returns the number of index misses (0 when the index is sound). O(positions): a quiet moment.
     */
    public synchronized int verify(final Duration timeout) {
        control(InputEvent.CONTROL_VERIFY, timeout);
        return handler.verifyMisses();
    }

    /**
     * Waits until the engine thread has handled everything published so far and returns the count of
     * inputs handled and the engine thread's cumulative allocated bytes at that point. Two probes
     * around a run give the engine thread's allocation during it (the probe itself allocates nothing).
     */
    public synchronized Probe probe(final Duration timeout) {
        control(InputEvent.CONTROL_PROBE, timeout);
        return new Probe(handler.probeInputs(), handler.probeAllocatedBytes());
    }

    /**
     * Has the snapshot hook take a snapshot on the engine thread after everything published so far,
     * and waits until it returns; returns the number of snapshots taken so far.
     */
    public synchronized long snapshot(final Duration timeout) {
        control(InputEvent.CONTROL_SNAPSHOT, timeout);
        return handler.snapshotsTaken();
    }

    /**
     * Asks for a snapshot after everything published so far and returns at once (the periodic
     * timer of a live run: it must not wait on the engine). Producer thread only, like any publish.
     */
    public void requestSnapshot() {
        if (!started || closed) {
            throw new IllegalStateException(started ? "pipeline closed" : "pipeline not started");
        }
        publisher.publishControl(InputEvent.CONTROL_SNAPSHOT, 0);
    }

    /** {@link #close(Duration)} with 30 s. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Drains (every input published before this call is handled), then halts the ring and joins the
     * engine thread. Idempotent. Throws if the engine thread failed or did not drain in time; the
     * ring is halted either way.
     */
    public synchronized void close(final Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (failure.get() == null) {
                control(InputEvent.CONTROL_SHUTDOWN, timeout);
            }
        } finally {
            disruptor.halt();
            threads.join(Math.max(1, deadline - System.nanoTime()));
        }
        final Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("the engine thread failed", failed);
        }
    }

    /** The exception that stopped the engine thread, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** The engine thread's id once started, else -1 (for {@code ThreadMXBean} queries). */
    public long engineThreadId() {
        return handler.engineThreadId();
    }

    public int ringSize() {
        return ringSize;
    }

    public ProducerType producerType() {
        return producerType;
    }

    public WaitStrategyChoice waitStrategy() {
        return waitStrategy;
    }

    /**
     * Free slots in the ring: a source that polls in batches of at most this many never blocks in a
     * publish, so it can keep checking {@link #failure()} instead of waiting on a dead engine thread.
     */
    public long remainingCapacity() {
        return disruptor.getRingBuffer().remainingCapacity();
    }

    /** Inputs the ring holds that the engine thread has not finished yet (approximate while running). */
    public long backlog() {
        final long cursor = disruptor.getCursor();
        return cursor - disruptor.getSequenceValueFor(handler);
    }

    private void control(final int code, final Duration timeout) {
        if (!started || closed && code != InputEvent.CONTROL_SHUTDOWN) {
            throw new IllegalStateException(started ? "pipeline closed" : "pipeline not started");
        }
        final long token = ++lastToken;
        publisher.publishControl(code, token);
        final long deadline = System.nanoTime() + timeout.toNanos();
        int spins = 0;
        while (handler.completedToken() < token) {
            final Throwable failed = failure.get();
            if (failed != null) {
                throw new IllegalStateException("the engine thread failed", failed);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the engine thread did not reach the control within " + timeout
                    + " (backlog " + backlog() + ")");
            }
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    /** Inputs handled and the engine thread's cumulative allocated bytes (-1 if not measured). */
    public record Probe(long inputs, long allocatedBytes) {
    }

    /** Settings of a pipeline; defaults: ring {@value #DEFAULT_RING_SIZE}, single producer, {@link WaitStrategyChoice#DEFAULT}. */
    public static final class Builder {
        private final LiquidationEngine engine;
        private int ringSize = DEFAULT_RING_SIZE;
        private ProducerType producerType = ProducerType.SINGLE;
        private WaitStrategyChoice waitStrategy = WaitStrategyChoice.DEFAULT;
        private SnapshotHook snapshotHook = SnapshotHook.NONE;
        private long snapshotEveryInputs;
        private AfterInputHook afterInput = AfterInputHook.NONE;

        private Builder(final LiquidationEngine engine) {
            if (engine == null) {
                throw new IllegalArgumentException("engine is required");
            }
            this.engine = engine;
        }

        /** Slots in the ring: a power of 2. Bounds how far producers may run ahead of the engine. */
        public Builder ringSize(final int size) {
            if (size < 1 || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("ring size must be a positive power of 2, got " + size);
            }
            this.ringSize = size;
            return this;
        }

        /** SINGLE (one publishing thread, the cheapest claim) or MULTI (any threads, a CAS per claim). */
        public Builder producerType(final ProducerType type) {
            if (type == null) {
                throw new IllegalArgumentException("producer type is required");
            }
            this.producerType = type;
            return this;
        }

        public Builder waitStrategy(final WaitStrategyChoice choice) {
            if (choice == null) {
                throw new IllegalArgumentException("wait strategy is required");
            }
            this.waitStrategy = choice;
            return this;
        }

        /**
         * Where snapshots go, and how often: every {@code everyInputs} inputs (checked at the end of a
         * Disruptor batch; 0 = only on request), besides requests in the input stream and
         * {@link EnginePipeline#snapshot}.
         */
        public Builder snapshots(final SnapshotHook hook, final long everyInputs) {
            if (hook == null || everyInputs < 0) {
                throw new IllegalArgumentException("a snapshot hook and a non-negative interval are required");
            }
            this.snapshotHook = hook;
            this.snapshotEveryInputs = everyInputs;
            return this;
        }

        /**
         * Called on the engine thread after each input (see {@link AfterInputHook}): how a latency
         * harness learns when an input, journal appends included, is done. Default: none.
         */
        public Builder afterInput(final AfterInputHook hook) {
            if (hook == null) {
                throw new IllegalArgumentException("after-input hook is required (AfterInputHook.NONE for none)");
            }
            this.afterInput = hook;
            return this;
        }

        public EnginePipeline build() {
            return new EnginePipeline(this);
        }
    }

    /** Keeps the first exception and stops the engine thread by rethrowing it. */
    private static final class FailStop implements ExceptionHandler<InputEvent> {
        private final AtomicReference<Throwable> failure;

        FailStop(final AtomicReference<Throwable> failure) {
            this.failure = failure;
        }

        @Override
        public void handleEventException(final Throwable ex, final long ringSequence, final InputEvent event) {
            failure.compareAndSet(null, ex);
            throw new IllegalStateException("engine failed on " + event, ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex) {
            failure.compareAndSet(null, ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex) {
            failure.compareAndSet(null, ex);
        }
    }

    /** Daemon threads named {@value #THREAD_NAME} (one handler, so one thread); remembers it to join. */
    private static final class EngineThreadFactory implements ThreadFactory {
        private int created;
        private Thread thread;

        @Override
        public synchronized Thread newThread(final Runnable r) {
            created++;
            final Thread t = new Thread(r, created == 1 ? THREAD_NAME : THREAD_NAME + "-" + created);
            t.setDaemon(true);
            thread = t;
            return t;
        }

        synchronized void join(final long nanos) {
            if (thread == null || thread == Thread.currentThread()) {
                return;
            }
            try {
                thread.join(Math.max(1, nanos / 1_000_000));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
