package io.liquidator.bench.compare;

import io.liquidator.engine.app.EventCounter;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.pipeline.WaitStrategyChoice;
import io.liquidator.journal.EventRecords;

import java.util.List;

/**
 * One tick that liquidates {@code n} isolated positions at once, journal included.
 *
 * <p>The book: {@code background} quiet 2–5× positions (nothing within 15 %) and {@code n} 25–100×
 * BTCUSDT longs whose liquidation prices all lie above a mark 5 % under the open
 * ({@link MarketBook#doomedLongs}). The insurance fund (10 billion USDT) covers every shortfall, so
 * no liquidation falls through to auto-deleveraging, whose ranking scans the instrument's positions
 * for each liquidation it serves (quadratic in a mass liquidation with an empty fund).
 *
 * <p>Timed from just before the tick is published to the end of the engine batch that journaled
 * its last event ({@link BatchClock}); the LIQUIDATION records are then counted twice, by the
 * engine's event counter and by reading the journal back.
 */
final class Cascade {
    private static final long SEED = 7;

    private Cascade() {
    }

    /** What one cascade did; the engine-alone run has no journal to read back (-1). */
    record Result(int requested, int background, long nanos, long liquidations, long journaledLiquidations,
                  long events, long adl) {
        double nanosPerLiquidation() {
            return liquidations == 0 ? 0 : (double) nanos / liquidations;
        }
    }

    /**
     * The same cascade on the engine alone, called on this thread with a counting sink: no ring, no
     * journal. What the pipeline adds to it is the ring's hand-off and the journal's appends.
     */
    static Result engineAlone(final int n, final int background) {
        final List<Instrument> instruments = LiquidatorConfig.bundledDefault().instruments();
        final Instrument btc = instruments.get(MarketBook.BTC);
        final EventCounter events = new EventCounter(null);
        final LiquidationEngine engine = new LiquidationEngine(instruments, EngineSettings.builder()
            .expectedPositions(background + n + 16).insuranceFund("USDT", LiquidatorRig.FUND).build(), events);
        long seq = 0;
        seq++;
        engine.onMarkPrice(seq, seq, MarketBook.BTC, MarketBook.BTC_OPEN);
        seq++;
        engine.onMarkPrice(seq, seq, MarketBook.ETH, MarketBook.ETH_OPEN);
        for (final MarketBook b : new MarketBook[]{MarketBook.quietLongsAndShorts(btc, background, 1, SEED),
            MarketBook.doomedLongs(btc, n, background + 1L, SEED + 1)}) {
            for (int k = 0; k < b.positions; k++) {
                seq++;
                engine.onPosition(seq, seq, b.account[k], b.instrument[k], b.side[k], b.qty[k], b.entry[k], b.cross[k],
                    b.margin[k]);
            }
        }
        if (events.total() != 0) {
            throw new IllegalStateException("the cascade's book is not quiet at the open: " + events.total() + " events");
        }
        seq++;
        final long start = System.nanoTime();
        engine.onMarkPrice(seq, seq, MarketBook.BTC, MarketBook.BTC_OPEN * 95 / 100);
        final long nanos = System.nanoTime() - start;
        return new Result(n, background, nanos, events.count(EventRecords.KIND_LIQUIDATION), -1, events.total(),
            events.count(EventRecords.KIND_ADL));
    }

    static Result run(final int n, final int background, final int ringSize, final WaitStrategyChoice waitStrategy) {
        final Instrument btc = LiquidatorConfig.bundledDefault().instruments().get(MarketBook.BTC);
        final MarketBook quiet = MarketBook.quietLongsAndShorts(btc, background, 1, SEED);
        final MarketBook doomed = MarketBook.doomedLongs(btc, n, background + 1L, SEED + 1);
        try (LiquidatorRig rig = new LiquidatorRig(background + n + 16, ringSize, waitStrategy)) {
            rig.open(quiet, doomed);
            rig.mark(MarketBook.BTC, MarketBook.BTC_OPEN + 1);
            rig.drain();
            final long before = rig.events();
            if (before != rig.count(EventRecords.KIND_REJECTION)) {
                throw new IllegalStateException("the cascade's book is not quiet at the open: " + before + " events");
            }
            final long start = System.nanoTime();
            rig.mark(MarketBook.BTC, MarketBook.BTC_OPEN * 95 / 100);
            rig.drain();
            final long nanos = rig.lastEventBatchEnd() - start;
            return new Result(n, background, nanos, rig.count(EventRecords.KIND_LIQUIDATION), rig.journaledLiquidations(),
                rig.events() - before, rig.count(EventRecords.KIND_ADL));
        }
    }
}
