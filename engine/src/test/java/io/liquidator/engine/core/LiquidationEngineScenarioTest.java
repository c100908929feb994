package io.liquidator.engine.core;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-checked scenarios on the bundled configuration (BTCUSDT id 0: tick 0.1, step 0.001, USDT 1e-8). */
class LiquidationEngineScenarioTest {
    private static final int BTCUSDT = 0;

    private static long px(final String p) {
        return Decimals.parse(p, 1);
    }

    private static long qty(final String q) {
        return Decimals.parse(q, 3);
    }

    private static long usdt(final String u) {
        return Decimals.parse(u, 8);
    }

    @Test
    void isolatedLongGetsMarginCallsThenIsLiquidatedOnTheTickThatCrossesItsPrice() {
        final RecordingSink sink = new RecordingSink();
        final LiquidationEngine engine = new LiquidationEngine(LiquidatorConfig.bundledDefault().instruments(),
            EngineSettings.builder().insuranceFund("USDT", usdt("1000000")).build(), sink);
        // long 1.5 @ 60000 with 3000 USDT: liquidation price 58258.0 (calc's hand-checked example), edge 58257.9
        engine.onPosition(1, 1, 7, BTCUSDT, Side.LONG, qty("1.5"), px("60000"), false, usdt("3000"));
        engine.onMarkPrice(2, 2, BTCUSDT, px("59500"));
        assertTrue(sink.events.isEmpty(), sink.events.toString());
        // 58400: equity 3000 − 1.5 × 1600 = 600, MM 1.5 × 58400 × 0.5 % − 50 = 388 → ratio 64.7 %: nothing
        engine.onMarkPrice(3, 3, BTCUSDT, px("58400"));
        assertTrue(sink.events.isEmpty(), sink.events.toString());
        // 58300: equity 450, MM 387.25 → 86.1 % ≥ 80 %: level 1
        engine.onMarkPrice(4, 4, BTCUSDT, px("58300"));
        assertEquals(1, sink.events.size(), sink.events.toString());
        assertTrue(sink.events.get(0).startsWith("MARGIN_CALL seq=4 account=7 instrument=0 cross=false level=1"),
            sink.events.toString());
        // 58258.0: equity 387, MM 386.935 → 99.98 %: level 2, not yet liquidated (equity > MM)
        engine.onMarkPrice(5, 5, BTCUSDT, px("58258.0"));
        assertEquals(2, sink.events.size(), sink.events.toString());
        assertTrue(sink.events.get(1).startsWith("MARGIN_CALL seq=5 account=7 instrument=0 cross=false level=2"),
            sink.events.toString());
        // 58257.9: equity 386.85 ≤ MM 1.5 × 58257.9 × 0.5 % − 50 = 386.93425 → liquidated at bankruptcy 58000.0; the fund takes 386.85
        engine.onMarkPrice(6, 6, BTCUSDT, px("58257.9"));
        assertEquals("LIQUIDATION seq=6 account=7 instrument=0 side=1 qty=1500 cross=false mark=582579 bankruptcy=580000"
            + " equity=38685000000 mm=38693425000 tier=2 ratio=100021779 rule=MAINTENANCE", sink.events.get(2));
        assertEquals("INSURANCE_FUND seq=6 account=7 instrument=0 asset=0 delta=38685000000 balance=100038685000000",
            sink.events.get(3));
        assertEquals(0, engine.openPositions());
        assertEquals(0, engine.countIndexMisses());
        sink.events.forEach(System.out::println);
    }

    /**
     * Funding moves a trigger without re-keying the book: the index widens the heap by the largest
     * possible move, so the first tick past the NEW liquidation price still liquidates.
     */
    @Test
    void fundingMovesTheTriggerWithoutReKeyingAndTheNextTickStillLiquidates() {
        final RecordingSink sink = new RecordingSink();
        final LiquidationEngine engine = new LiquidationEngine(LiquidatorConfig.bundledDefault().instruments(),
            EngineSettings.builder().marginCallLevels().hysteresis(0).insuranceFund("USDT", usdt("1000000")).build(), sink);
        engine.onPosition(1, 1, 7, BTCUSDT, Side.LONG, qty("1.5"), px("60000"), false, usdt("3000"));
        engine.onMarkPrice(2, 2, BTCUSDT, px("58400"));
        // 0.1 % funding at 58,400: the long pays 1.5 × 58,400 × 0.001 = 87.6 → margin 2,912.4;
        // liquidation price (90,000 − 2,912.4 − 50) / (1.5 × 0.995) = 58,316.65… (was 58,257.96…)
        engine.onFunding(3, 3, BTCUSDT, 100_000L);
        assertEquals(0, engine.countIndexMisses());
        engine.onMarkPrice(4, 4, BTCUSDT, px("58320"));
        assertTrue(sink.events.isEmpty(), sink.events.toString());
        engine.onMarkPrice(5, 5, BTCUSDT, px("58316.6"));
        assertEquals(2, sink.events.size(), sink.events.toString());
        assertTrue(sink.events.get(0).startsWith("LIQUIDATION seq=5 account=7"), sink.events.toString());
        assertEquals(0, engine.countIndexMisses());
    }

    /** A bracket-table change re-keys the instrument: a position the new table puts under water goes on the next tick. */
    @Test
    void instrumentUpdateReKeysItsPositions() {
        final RecordingSink sink = new RecordingSink();
        final java.util.List<io.liquidator.engine.instrument.Instrument> instruments = LiquidatorConfig.bundledDefault().instruments();
        final LiquidationEngine engine = new LiquidationEngine(instruments, EngineSettings.builder().marginCallLevels()
            .hysteresis(0).build(), sink);
        engine.onPosition(1, 1, 7, BTCUSDT, Side.LONG, qty("1.5"), px("60000"), false, usdt("3000"));
        engine.onMarkPrice(2, 2, BTCUSDT, px("59500"));
        assertTrue(sink.events.isEmpty());
        final io.liquidator.engine.instrument.Instrument old = instruments.get(BTCUSDT);
        // one bracket at 5 %: MM at 59,500 = 1.5 × 59,500 × 5 % = 4,462.5 > equity 2,250 → liquidatable
        final io.liquidator.engine.instrument.Instrument stricter = io.liquidator.engine.instrument.Instrument.builder()
            .id(BTCUSDT).symbol(old.symbol()).settlementAsset(old.settlementAsset()).price(old.priceScale(), old.tickSize())
            .quantity(old.qtyScale(), old.stepSize()).balanceScale(old.balanceScale())
            .brackets(io.liquidator.engine.instrument.BracketTable.single(5_000_000L, 0, 20 * io.liquidator.engine.money.Rates.ONE))
            .build();
        engine.onInstrumentUpdate(3, 3, stricter);
        final io.liquidator.engine.instrument.Instrument otherTick = io.liquidator.engine.instrument.Instrument.builder()
            .id(BTCUSDT).symbol(old.symbol()).settlementAsset(old.settlementAsset()).price(2, 1)
            .quantity(old.qtyScale(), old.stepSize()).balanceScale(old.balanceScale()).brackets(old.brackets()).build();
        engine.onInstrumentUpdate(4, 4, otherTick);
        assertEquals("REJECTION seq=4 kind=5 account=0 instrument=0 reason=INCOMPATIBLE_INSTRUMENT_UPDATE", sink.events.get(0));
        engine.onMarkPrice(5, 5, BTCUSDT, px("59500"));
        assertTrue(sink.events.get(1).startsWith("LIQUIDATION seq=5 account=7"), sink.events.toString());
        assertEquals(0, engine.countIndexMisses());
    }
}
