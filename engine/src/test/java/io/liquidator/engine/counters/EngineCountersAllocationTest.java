package io.liquidator.engine.counters;

import io.liquidator.engine.testing.QuietJit;
import io.liquidator.engine.app.EventCounter;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.pipeline.EnginePipeline;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counters cost the engine thread no allocation: a book of isolated BTCUSDT positions under a
 * random walk that margin-calls and liquidates, with re-opened positions and a zero mark now
 * and then (a rejection), published through {@link EngineCounters#feed} onto a pipeline whose
 * after-input hook is the {@link EngineCounters}; the engine thread's allocated bytes
 * ({@link EnginePipeline#probe}) do not move over the last 100,000 inputs (the 400,000 before them
 * let the engine's own arrays, candidates and re-arm heaps, reach their working size: that growth
 * is the engine's, amortised, and not what is measured here). A rehearsal on a throwaway
 * pipeline first takes the JIT's one-off allocations on a new engine thread out of the measurement
 * (see {@code PipelineAllocationTest}). The counters then agree with what was published and with
 * the engine's own {@link EventCounter}.
 */
class EngineCountersAllocationTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();
    private static final int POSITIONS = 20_000;
    private static final int WARMUP = 400_000;
    private static final int STEPS = 100_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void counterUpdatesOnTheEngineThreadAllocateNothing(@TempDir final Path dir) throws InterruptedException {
        run(dir.resolve("rehearsal-counters.dat"), false);
        QuietJit.await();
        run(dir.resolve("counters.dat"), true);
    }

    private static void run(final Path file, final boolean check) {
        final EventCounter events = new EventCounter(null);
        final LiquidationEngine engine = new LiquidationEngine(CONFIG.instruments(), EngineSettings.builder()
            .expectedPositions(POSITIONS * 2).insuranceFund("USDT", 1_000_000_000_000_000_000L).build(), events);
        final SplittableRandom random = new SplittableRandom(42);
        final Published published = new Published();
        try (EngineCounters counters = EngineCounters.create(file, EnginePipeline.DEFAULT_RING_SIZE)) {
            counters.bind(events, engine);
            final EnginePipeline pipeline = EnginePipeline.builder(engine).afterInput(counters).build().start();
            final EnginePipeline.Probe start;
            final EnginePipeline.Probe end;
            final long callsBefore;
            final long liquidationsBefore;
            try {
                final InputHandler feed = counters.feed(pipeline.publisher());
                final long[] price = {600_000L}; // 60,000.0 at price scale 1
                for (int a = 0; a < POSITIONS; a++) {
                    openPosition(feed, published, random, a, price[0]);
                }
                walk(feed, published, random, price, WARMUP);
                start = pipeline.probe(TIMEOUT);
                callsBefore = events.count(EventRecords.KIND_MARGIN_CALL);
                liquidationsBefore = events.count(EventRecords.KIND_LIQUIDATION);
                walk(feed, published, random, price, STEPS);
                end = pipeline.probe(TIMEOUT);
            } finally {
                pipeline.close();
            }
            if (!check) {
                return;
            }
            final long bytes = end.allocatedBytes() - start.allocatedBytes();
            final long calls = events.count(EventRecords.KIND_MARGIN_CALL) - callsBefore;
            final long liquidations = events.count(EventRecords.KIND_LIQUIDATION) - liquidationsBefore;
            System.out.printf("counters: %,d B allocated by the engine thread over %,d inputs (%,d margin calls,"
                + " %,d liquidations)%n", bytes, end.inputs() - start.inputs(), calls, liquidations);
            assertTrue(start.allocatedBytes() >= 0, "this JVM does not measure per-thread allocation");
            assertTrue(liquidations > 100 && calls > 100, "the measured walk must cross thresholds");
            assertEquals(0, bytes, "bytes allocated on the engine thread with the counters hook installed");

            final Map<String, Long> c = values(counters.reader());
            assertEquals(published.ticks, c.get("inputs.ticks"));
            assertEquals(published.positions, c.get("inputs.positions"));
            assertEquals(published.ticks, c.get("engine.ticks_timed"));
            assertEquals(events.count(EventRecords.KIND_MARGIN_CALL), c.get("events.margin_call"));
            assertEquals(events.count(EventRecords.KIND_LIQUIDATION), c.get("events.liquidation"));
            assertEquals(events.count(EventRecords.KIND_INSURANCE_FUND), c.get("events.insurance_fund"));
            assertEquals(published.badPrice, c.get("events.rejection"));
            assertEquals(published.badPrice, c.get("rejections.non_positive_price"));
            assertEquals(events.rejections(Rejections.NON_POSITIVE_PRICE), published.badPrice);
            assertEquals(engine.openPositions(), c.get("engine.open_positions"));
            assertEquals(published.lastSequence, c.get("engine.last_input_sequence"));
            assertTrue(c.get("engine.last_tick_nanos") > 0 && c.get("engine.max_tick_nanos") >= c.get("engine.last_tick_nanos"),
                c.toString());
        }
    }

    private static void openPosition(final InputHandler feed, final Published p, final SplittableRandom random,
                                     final long account, final long price) {
        final int side = random.nextBoolean() ? InputRecords.SIDE_LONG : InputRecords.SIDE_SHORT;
        final long qty = 1 + random.nextInt(500);                 // 0.001..0.5 BTC (qty scale 3)
        final long leverage = 5 + random.nextInt(60);
        final long notional = qty * price * 10_000L;              // 1e-3 × 1e-1 = 1e-4 USDT = 1e4 balance units (1e-8)
        feed.onPosition(++p.sequence, ++p.time, account + 1, 0, side, qty, price, false, notional / leverage, 0);
        p.positions++;
        p.lastSequence = p.sequence;
    }

    private static void walk(final InputHandler feed, final Published p, final SplittableRandom random,
                             final long[] price, final int steps) {
        for (int s = 0; s < steps; s++) {
            final long move = Math.max(1, price[0] / 2000) * (random.nextInt(3) - 1);
            price[0] = Math.max(300_000L, Math.min(900_000L, price[0] + move + (price[0] > 700_000 ? -5 : 0)));
            if (s % 997 == 0) {
                p.badPrice++;
                feed.onMarkPrice(++p.sequence, ++p.time, 0, 0, 0); // not a positive price: rejected
                p.ticks++;
            } else if (s % 50 == 0) {
                openPosition(feed, p, random, random.nextInt(POSITIONS), price[0]);
                continue;
            } else {
                feed.onMarkPrice(++p.sequence, ++p.time, 0, price[0], 0);
                p.ticks++;
            }
            p.lastSequence = p.sequence;
        }
    }

    static Map<String, Long> values(final CountersReader reader) {
        final Map<String, Long> m = new HashMap<>();
        reader.forEach((value, id, label) -> m.put(label, value));
        return m;
    }


    private static final class Published {
        long sequence;
        long time = 1_700_000_000_000L;
        long ticks;
        long positions;
        long badPrice;
        long lastSequence;
    }
}
