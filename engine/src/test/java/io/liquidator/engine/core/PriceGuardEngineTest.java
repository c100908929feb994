package io.liquidator.engine.core;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.journal.Rejections;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per price-guard behaviour, hand-checked on the bundled configuration (BTCUSDT id 0: tick
 * 0.1; ETHUSDT id 1: tick 0.01; USDT 1e-8). Each scenario also runs without the guard, to show what
 * the guard changed.
 *
 * <p>The isolated long of {@link LiquidationEngineScenarioTest} is the main actor: account 7, long 1.5
 * BTC @ 60,000 with 3,000 USDT, liquidation price 58,258.0 (at 58,257.9 it goes).
 */
class PriceGuardEngineTest {
    private static final int BTC = 0;
    private static final int ETH = 1;
    /** 10 % band per 1 s window, 5 s staleness. */
    private static final long TEN_PERCENT = 10_000_000L;

    private static long px(final String p) {
        return Decimals.parse(p, 1);
    }

    private static long eth(final String p) {
        return Decimals.parse(p, 2);
    }

    private static long qty(final String q) {
        return Decimals.parse(q, 3);
    }

    private static long usdt(final String u) {
        return Decimals.parse(u, 8);
    }

    private static PriceGuard pause() {
        return PriceGuard.builder().maxStalenessMillis(5_000).maxMove(TEN_PERCENT).windowMillis(1_000).pause().build();
    }

    private static PriceGuard confirm(final int n) {
        return PriceGuard.builder().maxStalenessMillis(5_000).maxMove(TEN_PERCENT).windowMillis(1_000).confirm(n).build();
    }

    private static LiquidationEngine engine(final PriceGuard btcGuard, final RecordingSink sink) {
        final EngineSettings.Builder b = EngineSettings.builder().insuranceFund("USDT", usdt("1000000"));
        if (btcGuard != null) {
            b.priceGuard(BTC, btcGuard);
        }
        return new LiquidationEngine(LiquidatorConfig.bundledDefault().instruments(), b.build(), sink);
    }

    /** Runs {@code inputs} with the guard and without it; returns both event lists. */
    private static List<List<String>> both(final PriceGuard guard, final Consumer<LiquidationEngine> inputs) {
        final RecordingSink guarded = new RecordingSink();
        final LiquidationEngine g = engine(guard, guarded);
        inputs.accept(g);
        assertEquals(0, g.countIndexMisses(), "index misses with the guard");
        final RecordingSink plain = new RecordingSink();
        final LiquidationEngine p = engine(null, plain);
        inputs.accept(p);
        guarded.events.forEach(e -> System.out.println("guarded  " + e));
        plain.events.forEach(e -> System.out.println("no guard " + e));
        return List.of(guarded.events, plain.events);
    }

    private static void longAccount7(final LiquidationEngine e, final long seq) {
        e.onPosition(seq, 1_000, 7, BTC, Side.LONG, qty("1.5"), px("60000"), false, usdt("3000"));
    }

    /** A calm series: 60,000 ± a few dollars, one tick a second, sequence and time from {@code firstSeq}. */
    private static long calm(final LiquidationEngine e, final long firstSeq, final int ticks) {
        final String[] prices = {"60000", "60010.5", "59990", "60004.2", "59998.8"};
        long seq = firstSeq;
        for (int k = 0; k < ticks; k++) {
            e.onMarkPrice(seq, seq * 1_000, BTC, px(prices[k % prices.length]));
            seq++;
        }
        return seq;
    }

    @Test
    void aSingleBadTickInACalmSeriesTripsTheGuardLiquidatesNothingAndReleasesWhenPricesReturn() {
        final List<List<String>> runs = both(pause(), e -> {
            longAccount7(e, 1);
            final long s = calm(e, 2, 5); // seq 2..6, t 2..6 s; last mark 59,998.8
            e.onMarkPrice(s, 7_000, BTC, px("30000"));          // the oracle spike: −50 %
            e.onMarkPrice(s + 1, 8_000, BTC, px("60002.1"));     // back
            calm(e, s + 2, 3);
        });
        final List<String> guarded = runs.get(0);
        assertEquals(List.of(
            "GUARD seq=7 instrument=0 reason=BAND state=TRIPPED price=300000 reference=599988",
            // the spike still margin-calls (ratio ≥ 100 %: the highest level), it does not liquidate
            "MARGIN_CALL seq=7 account=7 instrument=0 cross=false level=2 mark=300000 equity=-4200000000000"
                + " mm=18000000000 tier=1 ratio=" + Long.MAX_VALUE,
            "GUARD seq=8 instrument=0 reason=RETURNED state=RELEASED price=600021 reference=599988"), guarded);
        assertTrue(runs.get(1).get(0).startsWith("LIQUIDATION seq=7 account=7"), "without the guard the spike liquidates: "
            + runs.get(1));
    }

    /**
     * Short of a liquidation, a guard changes nothing but the GUARD records: every tick is the mark
     * and margin calls (and their re-arming) happen exactly as without it, paused or not.
     */
    @Test
    void marginCallsStillFireWhilePausedAtTheMarksTheEngineUses() {
        final List<List<String>> runs = both(pause(), e -> {
            longAccount7(e, 1);
            // account 8: short 0.1 @ 60,000 with 2,040: at 80,000 equity 40, MM 32 (80 %); at 80,045 90.2 %
            e.onPosition(2, 1_000, 8, BTC, Side.SHORT, qty("0.1"), px("60000"), false, usdt("2040"));
            e.onMarkPrice(3, 2_000, BTC, px("60000"));
            e.onMarkPrice(4, 3_000, BTC, px("80000"));  // +33 %: trips; account 8's short margin-calls (level 1)
            e.onMarkPrice(5, 4_000, BTC, px("80045"));  // still out of the band: still paused, 8 reaches level 2
            e.onMarkPrice(6, 5_000, BTC, px("58300"));  // within 10 % of 60,000: released; 7 reaches level 1
            e.onMarkPrice(7, 6_000, BTC, px("70000"));  // +20 %: trips again (7 re-arms)
            e.onMarkPrice(8, 7_000, BTC, px("58300"));  // back within the band of 58,300: released; 7's level 1 again
        });
        final List<String> guarded = runs.get(0);
        assertEquals(List.of(
            "GUARD seq=4 instrument=0 reason=BAND state=TRIPPED price=800000 reference=600000",
            "GUARD seq=6 instrument=0 reason=RETURNED state=RELEASED price=583000 reference=600000",
            "GUARD seq=7 instrument=0 reason=BAND state=TRIPPED price=700000 reference=583000",
            "GUARD seq=8 instrument=0 reason=RETURNED state=RELEASED price=583000 reference=583000"),
            guarded.stream().filter(e -> e.startsWith("GUARD")).toList());
        assertEquals(runs.get(1), guarded.stream().filter(e -> !e.startsWith("GUARD")).toList());
        assertTrue(guarded.contains("MARGIN_CALL seq=4 account=8 instrument=0 cross=false level=1 mark=800000"
            + " equity=4000000000 mm=3200000000 tier=1 ratio=80000000"), guarded.toString());
        assertTrue(guarded.stream().anyMatch(e -> e.startsWith("MARGIN_CALL seq=5 account=8 instrument=0 cross=false"
            + " level=2 mark=800450")), guarded.toString());
        assertTrue(guarded.contains("MARGIN_CALL seq=6 account=7 instrument=0 cross=false level=1 mark=583000"
            + " equity=45000000000 mm=38725000000 tier=2 ratio=86055556"), guarded.toString());
        assertFalse(guarded.stream().anyMatch(e -> e.startsWith("LIQUIDATION")), guarded.toString());
    }

    @Test
    void aStaleTickTripsTheGuardAndThePositionItPutUnderWaterGoesOnTheReleasingTick() {
        final List<List<String>> runs = both(pause(), e -> {
            longAccount7(e, 1);
            e.onMarkPrice(2, 1_000, BTC, px("60000"));
            e.onMarkPrice(3, 20_000, ETH, eth("3000"));       // the clock is now 20 s
            // a refused input does not move the clock, however far ahead its timestamp
            e.onMalformedInput(4, 9_000_000_000_000L, 1, Rejections.MALFORMED_RECORD);
            e.onMarkPrice(5, 10_000, BTC, px("58000"));       // 10 s old: stale; past 58,258 but held
            e.onMarkPrice(6, 12_000, BTC, px("58100"));       // still stale (8 s): still held, nothing new
            e.onMarkPrice(7, 20_000, BTC, px("58200"));       // fresh and within 10 % of 60,000: released
        });
        assertEquals(List.of(
            "REJECTION seq=4 kind=1 account=0 instrument=-1 reason=MALFORMED_RECORD",
            "GUARD seq=5 instrument=0 reason=STALE state=TRIPPED price=580000 reference=600000",
            "MARGIN_CALL seq=5 account=7 instrument=0 cross=false level=2 mark=580000 equity=0"
                + " mm=38500000000 tier=2 ratio=" + Long.MAX_VALUE,
            "GUARD seq=7 instrument=0 reason=RETURNED state=RELEASED price=582000 reference=600000",
            "LIQUIDATION seq=7 account=7 instrument=0 side=1 qty=1500 cross=false mark=582000 bankruptcy=580000"
                + " equity=30000000000 mm=38650000000 tier=2 ratio=128833334 rule=MAINTENANCE",
            "INSURANCE_FUND seq=7 account=7 instrument=0 asset=0 delta=30000000000 balance=100030000000000"),
            runs.get(0));
        assertTrue(runs.get(1).get(1).startsWith("LIQUIDATION seq=5 account=7"), runs.get(1).toString());
    }

    @Test
    void confirmModeAcceptsARealMoveAfterNConfirmingTicksThenLiquidatesWhatItPutUnderWater() {
        final List<List<String>> runs = both(confirm(3), e -> {
            longAccount7(e, 1);
            // account 9: long 1 @ 60,000 with 10,000: liquidation about 50,201; account 10 with 20,000 survives
            e.onPosition(2, 1_000, 9, BTC, Side.LONG, qty("1"), px("60000"), false, usdt("10000"));
            e.onPosition(3, 1_000, 10, BTC, Side.LONG, qty("1"), px("60000"), false, usdt("20000"));
            e.onMarkPrice(4, 2_000, BTC, px("60000"));
            e.onMarkPrice(5, 3_000, BTC, px("60010"));
            e.onMarkPrice(6, 4_000, BTC, px("52000"));  // −13 %: trips; account 7 held
            e.onMarkPrice(7, 5_000, BTC, px("51500"));  // within 10 % of 52,000: 1
            e.onMarkPrice(8, 6_000, BTC, px("51000"));  // 2
            e.onMarkPrice(9, 7_000, BTC, px("50100"));  // 3: the move is real; 7 and 9 go on this tick
            e.onMarkPrice(10, 8_000, BTC, px("50000"));
        });
        final List<String> guarded = runs.get(0);
        System.out.println(guarded);
        assertEquals("GUARD seq=6 instrument=0 reason=BAND state=TRIPPED price=520000 reference=600100", guarded.get(0));
        assertTrue(guarded.get(1).startsWith("MARGIN_CALL seq=6 account=7 instrument=0 cross=false level=2 mark=520000"),
            guarded.toString());
        assertEquals("GUARD seq=9 instrument=0 reason=CONFIRMED state=RELEASED price=501000 reference=520000",
            guarded.get(2));
        assertTrue(guarded.get(3).startsWith("LIQUIDATION seq=9 account=7 instrument=0 side=1 qty=1500 cross=false"
            + " mark=501000"), guarded.toString());
        assertTrue(guarded.get(5).startsWith("LIQUIDATION seq=9 account=9 instrument=0 side=1 qty=1000 cross=false"
            + " mark=501000"), guarded.toString());
        assertEquals(7, guarded.size(), guarded.toString());
        final List<String> plain = runs.get(1);
        assertTrue(plain.get(0).startsWith("LIQUIDATION seq=6 account=7"), plain.toString());
        assertTrue(plain.get(2).startsWith("LIQUIDATION seq=9 account=9"), plain.toString());
    }

    @Test
    void aTickOutsideBothBandsRestartsTheConfirmation() {
        final List<List<String>> runs = both(confirm(2), e -> {
            longAccount7(e, 1);
            e.onMarkPrice(2, 2_000, BTC, px("60000"));
            e.onMarkPrice(3, 3_000, BTC, px("52000"));  // trips (−13.3 %)
            e.onMarkPrice(4, 4_000, BTC, px("51000"));  // 1 within 10 % of 52,000
            e.onMarkPrice(5, 5_000, BTC, px("45000"));  // outside 10 % of 60,000 and of 52,000: the new suspect
            e.onMarkPrice(6, 6_000, BTC, px("46000"));  // 1 within 10 % of 45,000
            e.onMarkPrice(7, 7_000, BTC, px("44000"));  // 2: confirmed
        });
        final List<String> guarded = runs.get(0);
        assertEquals("GUARD seq=3 instrument=0 reason=BAND state=TRIPPED price=520000 reference=600000", guarded.get(0));
        assertEquals("GUARD seq=7 instrument=0 reason=CONFIRMED state=RELEASED price=440000 reference=450000",
            guarded.get(2));
        assertTrue(guarded.get(3).startsWith("LIQUIDATION seq=7 account=7"), guarded.toString());
    }

    @Test
    void aCrossBookWaitsUntilEveryMarketItHoldsIsReleased() {
        final List<List<String>> runs = both(pause(), e -> {
            // account 20: 5,000 USDT backing long 1 BTC @ 60,000 and long 10 ETH @ 3,000
            e.onWallet(1, 1_000, 20, 0, usdt("5000"));
            e.onPosition(2, 1_000, 20, BTC, Side.LONG, qty("1"), px("60000"), true, 0);
            e.onPosition(3, 1_000, 20, ETH, Side.LONG, qty("10"), eth("3000"), true, 0);
            e.onMarkPrice(4, 2_000, BTC, px("60000"));
            e.onMarkPrice(5, 2_000, ETH, eth("3000"));
            e.onMarkPrice(6, 3_000, BTC, px("30000"));  // BTC spike: trips; the book is under water at it but held
            e.onMarkPrice(7, 4_000, ETH, eth("2500"));  // a real ETH fall: under water at any BTC mark, still held
            e.onMarkPrice(8, 5_000, BTC, px("59000"));  // BTC back: released, and the book goes on this tick
        });
        final List<String> guarded = runs.get(0);
        assertEquals("GUARD seq=6 instrument=0 reason=BAND state=TRIPPED price=300000 reference=600000", guarded.get(0));
        assertTrue(guarded.get(1).startsWith("MARGIN_CALL seq=6 account=20 instrument=0 cross=true level=2"),
            guarded.toString());
        assertEquals("GUARD seq=8 instrument=0 reason=RETURNED state=RELEASED price=590000 reference=600000",
            guarded.get(2));
        assertTrue(guarded.get(3).startsWith("LIQUIDATION seq=8 account=20 instrument=0 side=1 qty=1000 cross=true"
            + " mark=590000"), guarded.toString());
        assertTrue(guarded.get(4).startsWith("LIQUIDATION seq=8 account=20 instrument=1 side=1 qty=10000 cross=true"
            + " mark=250000"), guarded.toString());
        assertTrue(guarded.get(5).startsWith("INSURANCE_FUND seq=8 account=20"), guarded.toString());
        assertEquals(6, guarded.size(), guarded.toString());
        assertTrue(runs.get(1).get(0).startsWith("LIQUIDATION seq=6 account=20"), runs.get(1).toString());
    }

    @Test
    void fundingWhilePausedSettlesAtTheLastAcceptedMark() {
        final List<List<String>> runs = both(pause(), e -> {
            longAccount7(e, 1);
            e.onMarkPrice(2, 2_000, BTC, px("60000"));
            e.onMarkPrice(3, 3_000, BTC, px("90000"));  // spike up: trips
            // 0.01 % at the last accepted mark 60,000: the long pays 1.5 × 60,000 × 0.0001 = 9 (at 90,000: 13.5)
            e.onFunding(4, 3_500, BTC, 10_000L);
            e.onMarkPrice(5, 4_000, BTC, px("60000"));  // released
            e.onMarkPrice(6, 5_000, BTC, px("58200"));  // margin 2,991: equity 2,991 − 2,700 = 291
        });
        final List<String> guarded = runs.get(0);
        assertEquals("LIQUIDATION seq=6 account=7 instrument=0 side=1 qty=1500 cross=false mark=582000 bankruptcy=580060"
            + " equity=29100000000 mm=38650000000 tier=2 ratio=132817870 rule=MAINTENANCE", guarded.get(guarded.size() - 2));
        assertTrue(runs.get(1).get(0).contains(" equity=28650000000 "), "funding at 90,000 would have taken 13.5: "
            + runs.get(1));
    }

    @Test
    void withoutAGuardNothingChangesAndTheQueriesSaySo() {
        final RecordingSink sink = new RecordingSink();
        final LiquidationEngine e = engine(null, sink);
        longAccount7(e, 1);
        e.onMarkPrice(2, 2_000, BTC, px("60000"));
        e.onMarkPrice(3, 3_000, BTC, px("30000"));
        assertFalse(e.liquidationPaused(BTC));
        assertEquals(0, e.guardReference(BTC));
        assertEquals(Long.MIN_VALUE, e.guardClock());
        assertTrue(sink.events.get(0).startsWith("LIQUIDATION seq=3 account=7"), sink.events.toString());

        final LiquidationEngine g = engine(pause(), new RecordingSink());
        longAccount7(g, 1);
        g.onMarkPrice(2, 2_000, BTC, px("60000"));
        assertEquals(px("60000"), g.guardReference(BTC));
        g.onMarkPrice(3, 3_000, BTC, px("30000"));
        assertTrue(g.liquidationPaused(BTC));
        assertFalse(g.liquidationPaused(ETH));
        assertEquals(3_000, g.guardClock());
        assertEquals(px("30000"), g.markPrice(BTC), "a suspicious tick is the mark (for margin calls)");
    }
}
