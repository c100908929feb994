package io.liquidator.engine.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How the engine thread waits for the next input: a configuration choice, because the right answer
 * depends on the box (measured on the 2-vCPU dev/CI VM, see {@code shared/design/jvm-stack-notes.md}
 * §2.3).
 */
public enum WaitStrategyChoice {
    /**
     * Lock and condition: no CPU while idle and the steadiest behaviour under contention, but the
     * slowest hand-off (tens of µs) and the producer pays a {@code notifyAll} per publish.
     */
    BLOCKING,
    /**
     * Spin, then yield, then park 100 ns: about 2 µs hand-off at low idle CPU, and it degrades
     * gracefully when the cores are oversubscribed. The default: right for dev, CI and shared boxes.
     */
    SLEEPING,
    /** Spin, then yield: low latency only while engine thread + producer + JIT + GC fit the logical cores. */
    YIELDING,
    /**
     * Pure spin: the lowest latency, and one core burnt. Production only, on an isolated, pinned
     * physical core; on 2 shared cores it makes the tail worse (a scheduler quantum of milliseconds).
     */
    BUSY_SPIN;

    /** The default: {@link #SLEEPING}. */
    public static final WaitStrategyChoice DEFAULT = SLEEPING;

    /** A new strategy instance (some hold per-ring state, so never share one between rings). */
    public WaitStrategy create() {
        switch (this) {
            case BLOCKING:
                return new BlockingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            default:
                throw new AssertionError(this);
        }
    }
}
