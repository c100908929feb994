package io.liquidator.engine.pipeline;

import io.liquidator.engine.testing.QuietJit;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.PriceGuard;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tick path with price guards allocates nothing either: PipelineAllocationTest's workload (a
 * mean-reverting walk with ±2 % jumps on BTCUSDT and ETHUSDT, position and wallet updates, funding)
 * on a smaller book, with guards tight enough to trip and release all the time (BTCUSDT: 1 % per
 * 100 ms, confirm after 2; ETHUSDT: 1.2 % per 100 ms and 1 s staleness, pause), so that the measured
 * phase judges every tick, trips, holds liquidatable units, confirms, releases and liquidates on the
 * releasing ticks. Same method as there: a rehearsal on a throwaway engine, a quiet JIT, then the
 * thread's own allocation counter around a fresh run's measured phase: exactly 0 bytes.
 */
class PriceGuardAllocationTest {
    private static final int ISOLATED = 20_000;
    private static final int CROSS_ACCOUNTS = 500;
    private static final int WARMUP_WALK = 200_000;
    private static final int MEASURED = 500_000;
    private static final long FUND = 1_000_000_000_000_000_000L;

    private static LiquidationEngine newEngine(final Workload w, final CountingSink sink) {
        return new LiquidationEngine(w.instruments, EngineSettings.builder()
            .expectedPositions(ISOLATED + 2 * CROSS_ACCOUNTS)
            .insuranceFund("USDT", FUND)
            .priceGuard(Workload.BTC, PriceGuard.builder().maxMove(1_000_000L).windowMillis(100).confirm(2).build())
            .priceGuard(Workload.ETH, PriceGuard.builder().maxStalenessMillis(1_000).maxMove(1_200_000L).windowMillis(100)
                .pause().build())
            .build(), sink);
    }


    @Test
    void theGuardedTickPathAllocatesNothing() throws InterruptedException {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final Workload w = Workload.generate(20_260_519L, ISOLATED, CROSS_ACCOUNTS, WARMUP_WALK, MEASURED);

        final LiquidationEngine rehearsal = newEngine(w, new CountingSink());
        w.replay(rehearsal, 0, w.size());
        QuietJit.await();

        final CountingSink sink = new CountingSink();
        final LiquidationEngine engine = newEngine(w, sink);
        w.replay(engine, 0, w.warmupEnd);
        final long guardsBefore = sink.guards;
        final long liquidationsBefore = sink.liquidations;
        final long callsBefore = sink.marginCalls;

        final long tid = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(tid);
        final long before = threads.getThreadAllocatedBytes(tid);
        w.replay(engine, w.warmupEnd, w.size());
        final long after = threads.getThreadAllocatedBytes(tid);

        System.out.printf("guarded:  %,d B allocated over %,d inputs; measured phase: %,d GUARD events, %,d margin calls,"
                + " %,d liquidations; totals %s%n", after - before, MEASURED, sink.guards - guardsBefore,
            sink.marginCalls - callsBefore, sink.liquidations - liquidationsBefore, sink);
        assertEquals(0, sink.rejections, sink.toString());
        assertTrue(sink.guards - guardsBefore > 100, "the guards must trip and release in the measured phase: " + sink);
        assertTrue(sink.liquidations - liquidationsBefore > 100 && sink.marginCalls - callsBefore > 100, sink.toString());
        assertEquals(0, engine.countIndexMisses());
        assertEquals(0, after - before, "bytes allocated on the engine thread during " + MEASURED + " guarded inputs");
    }
}
