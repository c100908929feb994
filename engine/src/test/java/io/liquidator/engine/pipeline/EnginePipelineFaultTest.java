package io.liquidator.engine.pipeline;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.FaultySink;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.RecordingSink;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bug inside the engine's handling of an input, behind the ring: the handler has the engine
 * journal INTERNAL_ERROR for that input and halt, the pipeline reports the failure, the engine
 * thread consumes nothing after it, and no snapshot is taken (neither a requested one nor at close).
 */
class EnginePipelineFaultTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void anExceptionOutOfTheEngineIsJournaledAsInternalErrorAndStopsTheEngineThreadWithoutASnapshot() {
        final RecordingSink recorded = new RecordingSink();
        final LiquidationEngine engine = new LiquidationEngine(LiquidatorConfig.bundledDefault().instruments(),
            EngineSettings.builder().marginCallLevels().hysteresis(0).build(),
            new FaultySink(recorded, FaultySink.On.LIQUIDATION));
        final AtomicInteger snapshots = new AtomicInteger();
        final EnginePipeline pipeline = EnginePipeline.builder(engine).ringSize(64)
            .snapshots(e -> {
                e.writeSnapshot(new org.agrona.ExpandableArrayBuffer(), 0);
                snapshots.incrementAndGet();
                return true;
            }, 0).build().start();
        final InputPublisher p = pipeline.publisher();
        p.publishPosition(1, 1, 7, 0, Side.LONG, Decimals.parse("1.5", 3), Decimals.parse("60000", 1), false,
            Decimals.parse("3000", 8));
        p.publishMarkPrice(2, 2, 0, Decimals.parse("59000", 1));
        assertEquals(1, pipeline.snapshot(TIMEOUT));
        p.publishMarkPrice(3, 3, 0, Decimals.parse("58000", 1));   // liquidates: the fault
        p.publishWallet(4, 4, 8, 0, 100);
        pipeline.requestSnapshot();
        p.publishMarkPrice(5, 5, 0, Decimals.parse("57000", 1));
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (pipeline.failure() == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        final Throwable failure = pipeline.failure();
        assertNotNull(failure);
        assertEquals("injected fault on LIQUIDATION", failure.getMessage());
        assertTrue(engine.isHalted());
        // let anything that could still happen happen: nothing after the fault is handled
        LockSupport.parkNanos(50_000_000);
        assertEquals(java.util.List.of("REJECTION seq=3 kind=1 account=0 instrument=0 reason=INTERNAL_ERROR"),
            recorded.events);
        assertEquals(1, snapshots.get(), "a snapshot after the fault");
        assertThrows(IllegalStateException.class, () -> pipeline.probe(TIMEOUT));
        final IllegalStateException closed = assertThrows(IllegalStateException.class, pipeline::close);
        assertSame(failure, closed.getCause());
        assertEquals(1, snapshots.get());
    }
}
