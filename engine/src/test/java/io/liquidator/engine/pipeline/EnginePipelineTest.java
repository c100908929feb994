package io.liquidator.engine.pipeline;

import io.liquidator.journal.Rejections;
import com.lmax.disruptor.dsl.ProducerType;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.EventSink;
import io.liquidator.engine.core.FaultySink;
import io.liquidator.engine.core.LiquidationEngine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline hands every input to the engine in order, drains on close, and fails stop. */
class EnginePipelineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static Workload workload;
    private static long expectedHash;
    private static long expectedDigest;

    @BeforeAll
    static void generate() {
        workload = Workload.generate(7L, 2_000, 50, 10_000, 30_000);
        final CountingSink sink = new CountingSink();
        final LiquidationEngine engine = newEngine(sink);
        workload.replay(engine, 0, workload.size());
        expectedHash = engine.stateHash();
        expectedDigest = sink.digest;
        assertTrue(sink.liquidations > 0 && sink.marginCalls > 0, sink.toString());
        assertEquals(0, sink.rejections, sink.toString());
    }

    private static LiquidationEngine newEngine(final EventSink sink) {
        return new LiquidationEngine(workload.instruments, EngineSettings.builder()
            .expectedPositions(2_100).insuranceFund("USDT", 1_000_000_000_000_000_000L).build(), sink);
    }

    @ParameterizedTest
    @EnumSource(WaitStrategyChoice.class)
    void everyWaitStrategyGivesTheSameEventsAndStateAsCallingTheEngineDirectly(final WaitStrategyChoice choice) {
        final CountingSink sink = new CountingSink();
        final LiquidationEngine engine = newEngine(sink);
        final EnginePipeline pipeline = EnginePipeline.builder(engine).waitStrategy(choice).ringSize(1024).build().start();
        workload.publish(pipeline.publisher(), 0, workload.size());
        assertEquals(0, pipeline.verify(TIMEOUT));
        assertEquals(workload.size(), pipeline.probe(TIMEOUT).inputs());
        pipeline.close();
        assertEquals(expectedDigest, sink.digest);
        assertEquals(expectedHash, engine.stateHash());
        assertTrue(sink.batches > 0, "end of batch reaches the sink");
    }

    @Test
    void closeDrainsEverythingPublishedBeforeIt() {
        final CountingSink sink = new CountingSink();
        final LiquidationEngine engine = newEngine(sink);
        final EnginePipeline pipeline = EnginePipeline.builder(engine).ringSize(64).build().start();
        workload.publish(pipeline.publisher(), 0, workload.size());
        pipeline.close();
        pipeline.close();
        assertEquals(expectedHash, engine.stateHash());
        assertEquals(expectedDigest, sink.digest);
        assertThrows(IllegalStateException.class, () -> pipeline.probe(TIMEOUT));
        assertThrows(IllegalStateException.class, pipeline::start);
    }

    @Test
    void theAfterInputHookSeesEveryInputInOrderOnTheEngineThreadAndNoControl() {
        final long[] seen = new long[workload.size()];
        final int[] count = new int[1];
        final long[] hookThread = new long[1];
        final EnginePipeline pipeline = EnginePipeline.builder(newEngine(new CountingSink())).ringSize(256)
            .afterInput(sequence -> {
                seen[count[0]++] = sequence;
                hookThread[0] = Thread.currentThread().getId();
            })
            .build().start();
        workload.publish(pipeline.publisher(), 0, workload.size() / 2);
        pipeline.probe(TIMEOUT);
        assertEquals(0, pipeline.verify(TIMEOUT));
        workload.publish(pipeline.publisher(), workload.size() / 2, workload.size());
        final long engineThread = pipeline.engineThreadId();
        pipeline.close();
        assertEquals(workload.size(), count[0], "one call per input, none for the probe, verify and shutdown controls");
        for (int k = 0; k < seen.length; k++) {
            assertEquals(k + 1, seen[k], "input " + k);
        }
        assertEquals(engineThread, hookThread[0]);
        assertThrows(IllegalArgumentException.class, () -> EnginePipeline.builder(newEngine(new CountingSink()))
            .afterInput(null));
    }

    @Test
    void theEngineRunsOnOneDaemonThreadNamedLiquidatorEngine() {
        final EnginePipeline pipeline = EnginePipeline.builder(newEngine(new CountingSink())).build();
        assertEquals(-1, pipeline.engineThreadId());
        assertEquals(WaitStrategyChoice.SLEEPING, pipeline.waitStrategy());
        assertEquals(ProducerType.SINGLE, pipeline.producerType());
        assertEquals(EnginePipeline.DEFAULT_RING_SIZE, pipeline.ringSize());
        try (pipeline) {
            pipeline.start();
            pipeline.probe(TIMEOUT);
            final Thread engineThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getId() == pipeline.engineThreadId()).findFirst().orElseThrow();
            assertEquals("liquidator-engine", engineThread.getName());
            assertTrue(engineThread.isDaemon());
        }
    }

    @Test
    void everyInputKindReachesTheEngine() {
        final CountingSink sink = new CountingSink();
        try (EnginePipeline pipeline = EnginePipeline.builder(newEngine(sink)).build().start()) {
            final InputPublisher p = pipeline.publisher();
            p.publishUnknown(1, 1);
            assertEquals(1, pipeline.probe(TIMEOUT).inputs());
            assertEquals(Rejections.UNKNOWN_INPUT_KIND, sink.lastRejectionReason);
            p.publishMarkPrice(2, 2, Workload.BTC, Workload.START[Workload.BTC]);
            p.publishWallet(3, 3, 9, 0, 100);
            p.publishPosition(4, 4, 9, Workload.BTC, 1, 1000, Workload.START[Workload.BTC], true, 0);
            p.publishFunding(5, 5, Workload.BTC, 10_000);
            p.publishInstrumentUpdate(6, 6, workload.instruments.get(Workload.BTC));
            assertEquals(6, pipeline.probe(TIMEOUT).inputs());
            assertEquals(1, sink.rejections, "all but the unknown input are valid");
            p.publishInstrumentUpdate(7, 7, null);
            p.publishMarkPrice(7, 7, Workload.BTC, Workload.START[Workload.BTC]);
            assertEquals(8, pipeline.probe(TIMEOUT).inputs());
            assertEquals(3, sink.rejections);
            assertEquals(Rejections.SEQUENCE_NOT_INCREASING, sink.lastRejectionReason);
        }
    }

    @Test
    void multipleProducersMayPublishConcurrently() throws InterruptedException {
        final CountingSink sink = new CountingSink();
        final int perThread = 20_000;
        try (EnginePipeline pipeline = EnginePipeline.builder(newEngine(sink)).producerType(ProducerType.MULTI)
            .ringSize(256).build().start()) {
            final CountDownLatch go = new CountDownLatch(1);
            final Thread[] producers = new Thread[2];
            for (int k = 0; k < producers.length; k++) {
                final int instrument = k;
                producers[k] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (final InterruptedException e) {
                        return;
                    }
                    for (int n = 0; n < perThread; n++) {
                        // interleaved sequences: the engine rejects the ones that arrive late
                        final long seq = 2L * n + instrument + 1;
                        pipeline.publisher().publishMarkPrice(seq, seq, instrument, Workload.START[instrument] + n % 7);
                    }
                });
                producers[k].start();
            }
            go.countDown();
            for (final Thread t : producers) {
                t.join();
            }
            assertEquals(2L * perThread, pipeline.probe(TIMEOUT).inputs());
        }
        assertEquals(sink.rejections, sink.events(), "only rejections (out-of-order sequences) are possible here");
    }

    @Test
    void anEngineFailureStopsTheEngineThreadAndIsReported() {
        final CountingSink counting = new CountingSink();
        final EventSink failing = new FaultySink(counting, FaultySink.On.LIQUIDATION);
        final EnginePipeline pipeline = EnginePipeline.builder(newEngine(failing)).ringSize(1 << 16).build().start();
        workload.publish(pipeline.publisher(), 0, Math.min(workload.size(), 60_000));
        final IllegalStateException probe = assertThrows(IllegalStateException.class, () -> pipeline.probe(TIMEOUT));
        assertNotNull(pipeline.failure());
        assertSame(pipeline.failure(), probe.getCause());
        assertEquals("injected fault on LIQUIDATION", pipeline.failure().getMessage());
        assertThrows(IllegalStateException.class, pipeline::close);
    }

    @Test
    void theRingSizeMustBeAPowerOfTwo() {
        final EnginePipeline.Builder b = EnginePipeline.builder(newEngine(new CountingSink()));
        assertThrows(IllegalArgumentException.class, () -> b.ringSize(1000));
        assertThrows(IllegalArgumentException.class, () -> b.ringSize(0));
        assertThrows(IllegalArgumentException.class, () -> b.waitStrategy(null));
        assertThrows(IllegalArgumentException.class, () -> EnginePipeline.builder(null));
        assertEquals(1 << 20, b.ringSize(1 << 20).build().ringSize());
    }
}
