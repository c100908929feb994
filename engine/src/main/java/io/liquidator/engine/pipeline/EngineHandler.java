package io.liquidator.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import io.liquidator.engine.core.LiquidationEngine;

import java.lang.management.ManagementFactory;

/**
 * The engine thread's whole job: take each input off the ring, hand its primitives to the
 * {@link LiquidationEngine}, and tell the engine when a batch ends so that its sink can flush (one
 * flush per Disruptor batch: group commit for free when the producer runs ahead).
 *
 * <p>The handler owns the engine: once the pipeline starts, no other thread may call it. It adds no
 * state to the tick path beyond a plain counter; the {@code volatile} fields below are written only
 * by {@link InputEvent#CONTROL} events, which is how other threads learn where the engine thread
 * is (a probe of its allocation, the index verifier, the end of a drain) without locking it.
 */
public final class EngineHandler implements EventHandler<InputEvent> {
    private final LiquidationEngine engine;
    private final com.sun.management.ThreadMXBean threads;
    private final SnapshotHook snapshots;
    private final AfterInputHook afterInput;
    /** Take a snapshot once this many inputs have been handled since the last one (0: never). */
    private final long snapshotEveryInputs;
    private long inputsAtLastSnapshot;

    /** Inputs handed to the engine (controls excluded); engine thread only. */
    private long inputs;

    private volatile long engineThreadId = -1;
    private volatile long probeInputs;
    private volatile long probeAllocatedBytes = -1;
    private volatile int verifyMisses = -1;
    private volatile boolean shutdown;
    private volatile long snapshotsTaken;
    /** Written last when a control is done: a reader that sees its token sees the fields above. */
    private volatile long completedToken;

    public EngineHandler(final LiquidationEngine engine) {
        this(engine, SnapshotHook.NONE, 0);
    }

    public EngineHandler(final LiquidationEngine engine, final SnapshotHook snapshots, final long snapshotEveryInputs) {
        this(engine, snapshots, snapshotEveryInputs, AfterInputHook.NONE);
    }

    public EngineHandler(final LiquidationEngine engine, final SnapshotHook snapshots, final long snapshotEveryInputs,
                         final AfterInputHook afterInput) {
        this.engine = engine;
        this.snapshots = snapshots;
        this.afterInput = afterInput;
        this.snapshotEveryInputs = snapshotEveryInputs;
        final java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        this.threads = mx instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) mx : null;
    }

    @Override
    public void onStart() {
        engineThreadId = Thread.currentThread().getId();
    }

    /**
     * Hands one input to the engine. An exception out of the engine is a bug (validation problems are
     * rejections, and overflow in a unit's evaluation is one too): the engine journals it as an
     * INTERNAL_ERROR rejection of this input and halts ({@link LiquidationEngine#onInternalError}),
     * and the exception goes on to the pipeline's fail-stop handler, which stops this thread. No
     * snapshot is taken after it.
     */
    @Override
    public void onEvent(final InputEvent e, final long ringSequence, final boolean endOfBatch) {
        if (e.kind() == InputEvent.CONTROL) {
            dispatch(e);
        } else {
            try {
                dispatch(e);
            } catch (final RuntimeException bug) {
                throw engine.onInternalError(bug);
            }
            afterInput.afterInput(e.sequence());
        }
        if (endOfBatch) {
            engine.onEndOfBatch();
            if (snapshotEveryInputs > 0 && inputs - inputsAtLastSnapshot >= snapshotEveryInputs) {
                takeSnapshot();
            }
        }
    }

    private void dispatch(final InputEvent e) {
        engine.setInputLine(e.line());
        switch (e.kind()) {
            case InputEvent.MARK_PRICE:
                inputs++;
                engine.onMarkPrice(e.sequence(), e.timestamp(), e.instrument(), e.price());
                break;
            case InputEvent.POSITION:
                inputs++;
                engine.onPosition(e.sequence(), e.timestamp(), e.account(), e.instrument(), e.side(), e.qty(),
                    e.price(), e.cross(), e.amount());
                break;
            case InputEvent.WALLET:
                inputs++;
                engine.onWallet(e.sequence(), e.timestamp(), e.account(), e.asset(), e.amount());
                break;
            case InputEvent.FUNDING:
                inputs++;
                engine.onFunding(e.sequence(), e.timestamp(), e.instrument(), e.rate());
                break;
            case InputEvent.INSTRUMENT:
                inputs++;
                engine.onInstrumentUpdate(e.sequence(), e.timestamp(), e.replacement());
                e.clearReplacement();
                break;
            case InputEvent.CONTROL:
                control(e.control(), e.token());
                break;
            default:
                inputs++;
                engine.onMalformedInput(e.sequence(), e.timestamp(), e.malformedKind(), e.reason());
                break;
        }
    }

    private void takeSnapshot() {
        engine.onEndOfBatch();
        if (snapshots.snapshot(engine)) {
            snapshotsTaken++;
        }
        inputsAtLastSnapshot = inputs;
    }

    private void control(final int code, final long token) {
        // the allocation counter is read first, so that the probe itself is not counted
        probeAllocatedBytes = allocatedBytes();
        probeInputs = inputs;
        if (code == InputEvent.CONTROL_VERIFY) {
            verifyMisses = engine.countIndexMisses();
        } else if (code == InputEvent.CONTROL_SHUTDOWN) {
            shutdown = true;
        } else if (code == InputEvent.CONTROL_SNAPSHOT) {
            takeSnapshot();
        }
        if (token != 0) {
            // token 0: a request from the input stream, which no caller waits for
            completedToken = token;
        }
    }

    private long allocatedBytes() {
        return threads == null || !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()
            ? -1 : threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** The engine thread's id once it has started, else -1. */
    public long engineThreadId() {
        return engineThreadId;
    }

    /** The token of the last control the engine thread has completed (0 before any). */
    public long completedToken() {
        return completedToken;
    }

    /** Inputs handled when the last control was completed. */
    public long probeInputs() {
        return probeInputs;
    }

    /**
     * The engine thread's cumulative allocated bytes ({@code com.sun.management.ThreadMXBean}) when
     * the last control was completed; -1 if the JVM does not measure it.
     */
    public long probeAllocatedBytes() {
        return probeAllocatedBytes;
    }

    /** What the last {@link InputEvent#CONTROL_VERIFY} found: index misses, 0 when sound; -1 before any. */
    public int verifyMisses() {
        return verifyMisses;
    }

    /** Snapshots the hook reported as taken. */
    public long snapshotsTaken() {
        return snapshotsTaken;
    }

    /** Whether a {@link InputEvent#CONTROL_SHUTDOWN} has been handled. */
    public boolean isShutdown() {
        return shutdown;
    }
}
