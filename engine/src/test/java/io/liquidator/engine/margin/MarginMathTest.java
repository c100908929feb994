package io.liquidator.engine.margin;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.instrument.TestInstruments;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.FixedPointOverflowException;
import io.liquidator.engine.money.Rates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarginMathTest {
    private static final Instrument BTCUSDT = TestInstruments.btcusdt();
    private static final Instrument BTCUSD = TestInstruments.btcusd();

    private static long bal(final String s) {
        return Decimals.parse(s, 8);
    }

    private static long px(final Instrument i, final String s) {
        return Decimals.parse(s, i.priceScale());
    }

    private static long qty(final Instrument i, final String s) {
        return Decimals.parse(s, i.qtyScale());
    }

    private static long rate(final String s) {
        return Decimals.parse(s, 8);
    }

    // ---- linear, hand-computed -------------------------------------------------------------------

    @Test
    void linearNotionalPnlAndMarginsByHand() {
        final long q = qty(BTCUSDT, "2.5");
        final long entry = px(BTCUSDT, "60000");
        final long mark = px(BTCUSDT, "59000.3");
        // 2.5 × 59,000.3 = 147,500.75
        assertEquals(bal("147500.75"), MarginMath.notional(BTCUSDT, q, mark));
        assertEquals(1, MarginMath.bracketAt(BTCUSDT, q, mark));
        // 2.5 × (59,000.3 − 60,000) = −2,499.25
        assertEquals(bal("-2499.25"), MarginMath.unrealizedPnl(BTCUSDT, Side.LONG, q, entry, mark));
        assertEquals(bal("2499.25"), MarginMath.unrealizedPnl(BTCUSDT, Side.SHORT, q, entry, mark));
        // bracket 2 (50k–600k): 147,500.75 × 0.5 % − 50 = 687.50375
        assertEquals(bal("687.50375"), MarginMath.maintenanceMargin(BTCUSDT, q, entry, mark));
        // 20×: 147,500.75 / 20 = 7,375.0375
        assertEquals(bal("7375.0375"), MarginMath.initialMargin(BTCUSDT, q, mark, rate("20")));
        // margin balance 3,000 − 2,499.25 = 500.75; ratio 687.50375 / 500.75 = 1.37294808...
        final long mb = MarginMath.marginBalance(BTCUSDT, Side.LONG, q, entry, bal("3000"), mark);
        assertEquals(bal("500.75"), mb);
        final long expectedRatio = new BigDecimal("687.50375").divide(new BigDecimal("500.75"), 8, RoundingMode.CEILING)
            .movePointRight(8).longValueExact();
        assertEquals(expectedRatio, MarginMath.marginRatio(bal("687.50375"), mb));
        assertEquals(137_294_808L, expectedRatio); // 1.37294808 (ceil of 1.372948077...)
    }

    @Test
    void linearMaintenanceAtEveryBundledBracket() {
        // 10 BTC at a price putting the notional in each bracket; MM = notional × MMR − cum
        final long q = qty(BTCUSDT, "10");
        final String[][] rows = TestInstruments.BTCUSDT_2024_10;
        for (int b = 0; b < rows.length; b++) {
            final BigDecimal notional = new BigDecimal(rows[b][0]).add(new BigDecimal("1234"));
            final BigDecimal price = notional.divide(BigDecimal.TEN);
            final long mark = Decimals.parse(price.toPlainString(), 1);
            final BigDecimal mm = notional.multiply(new BigDecimal(rows[b][2])).subtract(new BigDecimal(rows[b][3]));
            assertEquals(b, MarginMath.bracketAt(BTCUSDT, q, mark));
            assertEquals(mm.setScale(8, RoundingMode.CEILING).movePointRight(8).longValueExact(),
                MarginMath.maintenanceMargin(BTCUSDT, q, mark, mark), "bracket " + b);
        }
    }

    @Test
    void aNotionalExactlyOnAFloorUsesTheHigherBracket() {
        final long q = qty(BTCUSDT, "10");
        final long mark = px(BTCUSDT, "60000"); // 600,000 exactly
        assertEquals(bal("600000"), MarginMath.notional(BTCUSDT, q, mark));
        assertEquals(2, MarginMath.bracketAt(BTCUSDT, q, mark));
        // 600,000 × 0.65 % − 950 = 2,950 = 600,000 × 0.5 % − 50 (continuity)
        assertEquals(bal("2950"), MarginMath.maintenanceMargin(BTCUSDT, q, mark, mark));
        final long below = px(BTCUSDT, "59999.9");
        assertEquals(1, MarginMath.bracketAt(BTCUSDT, q, below));
        assertEquals(bal("2949.995"), MarginMath.maintenanceMargin(BTCUSDT, q, below, below));
    }

    // ---- rounding direction -------------------------------------------------------------------

    /** BTCUSDT at a balance scale of cents, so that every rounding is visible. */
    private static Instrument cents() {
        return TestInstruments.btcusdtBuilder().balanceScale(2)
            .brackets(io.liquidator.engine.instrument.BracketTable.single(rate("0.004"), 0, rate("125"))).build();
    }

    @Test
    void linearRoundingIsAlwaysInTheExchangesFavour() {
        final Instrument c = cents();
        final long q = qty(c, "0.001");
        final long mark = px(c, "12345.6");
        // notional 12.3456 → 12.34 (down)
        assertEquals(1234, MarginMath.notional(c, q, mark));
        // MM 12.3456 × 0.4 % = 0.0493824 → 0.05 (up)
        assertEquals(5, MarginMath.maintenanceMargin(c, q, mark, mark));
        // IM at 125×: 0.0987648 → 0.10 (up)
        assertEquals(10, MarginMath.initialMargin(c, q, mark, rate("125")));
        // PnL +0.0006 → 0.00 (down); −0.0006 → −0.01 (toward −∞, not toward zero)
        final long entry = px(c, "12345.0");
        assertEquals(0, MarginMath.unrealizedPnl(c, Side.LONG, q, entry, mark));
        assertEquals(-1, MarginMath.unrealizedPnl(c, Side.SHORT, q, entry, mark));
        assertEquals(-1, MarginMath.unrealizedPnl(c, Side.LONG, q, mark, entry));
        assertEquals(0, MarginMath.unrealizedPnl(c, Side.SHORT, q, mark, entry));
        // an exact PnL is not moved: 0.001 × 10 = 0.01
        assertEquals(1, MarginMath.unrealizedPnl(c, Side.LONG, q, entry, px(c, "12355.0")));
        assertEquals(-1, MarginMath.unrealizedPnl(c, Side.SHORT, q, entry, px(c, "12355.0")));
    }

    @Test
    void inverseRoundingIsAlwaysInTheExchangesFavour() {
        final long one = 1;
        final long mark = px(BTCUSD, "30000");
        // 100 / 30,000 = 0.00333333333… BTC → 333,333 sat (down)
        assertEquals(333_333, MarginMath.notional(BTCUSD, one, mark));
        // 0.4 % of it = 0.0000133333… → 1,334 sat (up)
        assertEquals(1_334, MarginMath.maintenanceMargin(BTCUSD, one, mark, mark));
        // 1× initial = notional, rounded up: 333,334
        assertEquals(333_334, MarginMath.initialMargin(BTCUSD, one, mark, Rates.ONE));
        // 100 × (1/25,000 − 1/30,000) = 0.000666666… → long 66,666, short −66,667
        final long entry = px(BTCUSD, "25000");
        assertEquals(66_666, MarginMath.unrealizedPnl(BTCUSD, Side.LONG, one, entry, mark));
        assertEquals(-66_667, MarginMath.unrealizedPnl(BTCUSD, Side.SHORT, one, entry, mark));
    }

    // ---- inverse, hand-computed ---------------------------------------------------------------

    @Test
    void coinMFaqMaintenanceExample() {
        // 100 contracts of 100 USD, mark 25,000: notional 10,000 / 25,000 = 0.4 BTC; MM = 0.4 × 0.4 % = 0.0016 BTC
        final long q = 100;
        final long mark = px(BTCUSD, "25000");
        assertEquals(bal("0.4"), MarginMath.notional(BTCUSD, q, mark));
        assertEquals(0, MarginMath.bracketAt(BTCUSD, q, mark));
        assertEquals(bal("0.0016"), MarginMath.maintenanceMargin(BTCUSD, q, mark, mark));
    }

    @Test
    void coinMFaqThreeHundredBtcSitsAtTwelvePointFivePercent() {
        // 90,000 contracts at 30,000: 9,000,000 / 30,000 = 300 BTC → 12.5 %, cum 11.605 → MM 25.895 BTC
        final long q = 90_000;
        final long mark = px(BTCUSD, "30000");
        assertEquals(bal("300"), MarginMath.notional(BTCUSD, q, mark));
        assertEquals(6, MarginMath.bracketAt(BTCUSD, q, mark));
        assertEquals(bal("25.895"), MarginMath.maintenanceMargin(BTCUSD, q, mark, mark));
    }

    @Test
    void inversePnlSignForLongAndShort() {
        final long q = 100;
        final long entry = px(BTCUSD, "25000");
        // up to 30,000: 10,000 × (1/25,000 − 1/30,000) = 0.0666…
        assertEquals(6_666_666, MarginMath.unrealizedPnl(BTCUSD, Side.LONG, q, entry, px(BTCUSD, "30000")));
        assertEquals(-6_666_667, MarginMath.unrealizedPnl(BTCUSD, Side.SHORT, q, entry, px(BTCUSD, "30000")));
        // down to 20,000: 10,000 × (1/25,000 − 1/20,000) = −0.1 exactly
        assertEquals(bal("-0.1"), MarginMath.unrealizedPnl(BTCUSD, Side.LONG, q, entry, px(BTCUSD, "20000")));
        assertEquals(bal("0.1"), MarginMath.unrealizedPnl(BTCUSD, Side.SHORT, q, entry, px(BTCUSD, "20000")));
        assertEquals(0, MarginMath.unrealizedPnl(BTCUSD, Side.LONG, q, entry, entry));
        // a short's loss is bounded by the entry value as the price goes up: at 1e9,
        // 10,000 × (1/1e9 − 1/25,000) = 0.00001 − 0.4 = −0.39999 BTC
        assertEquals(bal("-0.39999"), MarginMath.unrealizedPnl(BTCUSD, Side.SHORT, q, entry, BTCUSD.maxPrice()));
    }

    @Test
    void marginRatioAndLeverageEdgeCases() {
        assertEquals(Rates.ONE, MarginMath.marginRatio(100, 100));
        assertEquals(33_333_334, MarginMath.marginRatio(1, 3)); // ceil(0.333…)
        assertEquals(Rates.INFINITE, MarginMath.marginRatio(100, 0));
        assertEquals(Rates.INFINITE, MarginMath.marginRatio(100, -5));
        assertEquals(0, MarginMath.marginRatio(-50, 100), "a negative maintenance counts as zero");
        assertEquals(rate("20"), MarginMath.leverage(bal("20000"), bal("1000")));
        assertEquals(Rates.INFINITE, MarginMath.leverage(bal("20000"), 0));
        assertEquals(66_666_667, MarginMath.leverage(2, 3)); // ceil(0.666…)
        assertThrows(IllegalArgumentException.class, () -> MarginMath.initialMargin(BTCUSDT, 1000, 600000, 0));
    }

    @Test
    void zeroQuantityHasNoMarginAndNoPnl() {
        assertEquals(0, MarginMath.maintenanceMargin(BTCUSDT, 0, 600000, 500000));
        assertEquals(0, MarginMath.unrealizedPnl(BTCUSDT, Side.LONG, 0, 600000, 500000));
        assertEquals(0, MarginMath.closeFee(BTCUSDT, 0, 600000));
        assertEquals(0, MarginMath.closeFee(BTCUSDT, 1000, 600000), "no taker fee configured");
    }

    // ---- profiles -----------------------------------------------------------------------------

    private static Instrument withProfile(final MarginProfile p, final String taker) {
        return TestInstruments.btcusdtBuilder().profile(p).takerFeeRate(rate(taker)).build();
    }

    @ParameterizedTest
    @EnumSource(value = MarginProfile.class, names = {"BYBIT", "BITMEX"})
    void entryBasisProfilesHoldMaintenanceOnEntryValue(final MarginProfile p) {
        final Instrument i = withProfile(p, "0.00075");
        final long q = qty(i, "1");
        final long entry = px(i, "60000");
        final long atEntry = MarginMath.maintenanceMargin(i, q, entry, entry);
        for (final String mark : new String[]{"30000", "45000", "59999.9", "60000.1", "90000", "1000000"}) {
            assertEquals(atEntry, MarginMath.maintenanceMargin(i, q, entry, px(i, mark)), p + " mark " + mark);
            assertEquals(1, MarginMath.maintenanceBracket(i, q, entry, px(i, mark)));
        }
        // entry value 60,000 in bracket 1 (0.5 %, cum 50)
        final String expected = p == MarginProfile.BITMEX ? "295" /* 60,000 × (0.5 % + 0.075 %) − 50 */ : "250";
        assertEquals(bal(expected), atEntry);
        assertEquals(entry, MarginMath.maintenanceBasisPrice(i, entry, px(i, "1")));
    }

    @ParameterizedTest
    @EnumSource(value = MarginProfile.class, names = {"BINANCE", "GATE", "HYPERLIQUID"})
    void markBasisProfilesFollowTheMark(final MarginProfile p) {
        final Instrument i = withProfile(p, "0.0006");
        final long q = qty(i, "1");
        final long entry = px(i, "60000");
        final long low = MarginMath.maintenanceMargin(i, q, entry, px(i, "40000"));
        final long high = MarginMath.maintenanceMargin(i, q, entry, px(i, "60000"));
        assertNotEquals(low, high);
        assertEquals(0, MarginMath.maintenanceBracket(i, q, entry, px(i, "40000")));
        assertEquals(1, MarginMath.maintenanceBracket(i, q, entry, px(i, "60000")));
        final String[] expected;
        switch (p) {
            case BINANCE:
                expected = new String[]{"160", "250"};      // 40,000 × 0.4 %; 60,000 × 0.5 % − 50
                break;
            case GATE:
                expected = new String[]{"184", "286"};      // 40,000 × 0.46 %; 60,000 × 0.56 % − 50
                break;
            default:
                expected = new String[]{"160", "300"};      // 40,000 / (2 × 125); 60,000 / (2 × 100)
                break;
        }
        assertEquals(bal(expected[0]), low, p + " at 40,000");
        assertEquals(bal(expected[1]), high, p + " at 60,000");
    }

    @Test
    void hyperliquidMaintenanceIsHalfTheInitialMarginAtMaxLeverage() {
        final Instrument i = withProfile(MarginProfile.HYPERLIQUID, "0");
        final Instrument single = TestInstruments.btcusdtBuilder().profile(MarginProfile.HYPERLIQUID)
            .brackets(TestInstruments.single("0.01", "0", "50")).build();
        final long q = qty(i, "0.37");
        final long mark = px(i, "61234.5");
        // 0.37 × 61,234.5 = 22,656.765; / (2 × 50) = 226.56765 — the MMR column is ignored
        assertEquals(bal("226.56765"), MarginMath.maintenanceMargin(single, q, mark, mark));
        assertEquals(MarginMath.initialMargin(single, q, mark, rate("50")), 2 * MarginMath.maintenanceMargin(single, q, mark, mark));
        // with the BTCUSDT tiers: 22,656.765 / 250 = 90.62706 (bracket 0, 125×), ignoring cum
        assertEquals(bal("90.62706"), MarginMath.maintenanceMargin(i, q, mark, mark));
    }

    @Test
    void gateAddsTheTakerRateAndBybitChargesTheCloseFeeSeparately() {
        final Instrument gate = withProfile(MarginProfile.GATE, "0.0006");
        final Instrument binance = withProfile(MarginProfile.BINANCE, "0.0006");
        final long q = qty(gate, "3");
        final long mark = px(gate, "65000"); // 195,000, bracket 1
        assertEquals(1, MarginMath.bracketAt(gate, q, mark));
        assertEquals(rate("0.0056"), MarginMath.maintenanceRate(gate, 1));
        assertEquals(rate("0.005"), MarginMath.maintenanceRate(binance, 1));
        // 195,000 × 0.56 % − 50 = 1,042 vs 195,000 × 0.5 % − 50 = 925
        assertEquals(bal("1042"), MarginMath.maintenanceMargin(gate, q, mark, mark));
        assertEquals(bal("925"), MarginMath.maintenanceMargin(binance, q, mark, mark));
        final Instrument bybit = withProfile(MarginProfile.BYBIT, "0.00055");
        assertEquals(rate("0.005"), MarginMath.maintenanceRate(bybit, 1));
        // fee to close 195,000 at 0.055 % = 107.25
        assertEquals(bal("107.25"), MarginMath.closeFee(bybit, q, mark));
    }

    // ---- against the exact oracle ---------------------------------------------------------------

    @Test
    void everyFormulaAgreesWithTheExactOracleOnRandomPositions() {
        final Random r = new Random(4242L);
        final Instrument[] instruments = {
            BTCUSDT, TestInstruments.ethusdt(), BTCUSD, cents(),
            withProfile(MarginProfile.GATE, "0.0006"), withProfile(MarginProfile.HYPERLIQUID, "0"),
            withProfile(MarginProfile.BYBIT, "0.00055"), withProfile(MarginProfile.BITMEX, "0.00075"),
            TestInstruments.btcusdBuilder().profile(MarginProfile.BYBIT).takerFeeRate(rate("0.00075")).build(),
            TestInstruments.btcusdBuilder().profile(MarginProfile.GATE).takerFeeRate(rate("0.0005")).build(),
        };
        for (int n = 0; n < 20_000; n++) {
            final Instrument i = instruments[r.nextInt(instruments.length)];
            final Oracle o = new Oracle(i);
            final long q = i.isInverse() ? 1 + (long) Math.exp(r.nextDouble() * Math.log(2_000_000))
                : 1 + (long) Math.exp(r.nextDouble() * Math.log(i.qtyScale() == 3 ? 5_000_000 : 50_000_000));
            final long basePrice = Decimals.parse(i.symbol().startsWith("ETH") ? "2500" : "60000", i.priceScale());
            final long entry = Math.max(1, (long) (basePrice * (0.2 + 1.6 * r.nextDouble())));
            final long mark = Math.max(1, (long) (basePrice * (0.05 + 3 * r.nextDouble())));
            final int side = r.nextBoolean() ? Side.LONG : Side.SHORT;
            final String what = i.symbol() + "/" + i.profile() + " qty=" + q + " entry=" + entry + " mark=" + mark;
            assertEquals(o.notional(q, mark).floorLong(), MarginMath.notional(i, q, mark), what);
            assertEquals(o.pnlRounded(side, q, entry, mark), MarginMath.unrealizedPnl(i, side, q, entry, mark), what);
            assertEquals(o.mmRounded(q, entry, mark), MarginMath.maintenanceMargin(i, q, entry, mark), what);
            if (i.takerFeeRate() > 0) {
                assertEquals(o.feeRounded(q, mark), MarginMath.closeFee(i, q, mark), what);
            }
            final long lev = Rates.ONE * (1 + r.nextInt(125));
            assertEquals(o.notional(q, mark).div(Oracle.rate(lev)).ceilLong(), MarginMath.initialMargin(i, q, mark, lev), what);
            // PnL of a long and a short with the same inputs differ by at most one unit of rounding
            final long sum = MarginMath.unrealizedPnl(i, Side.LONG, q, entry, mark) + MarginMath.unrealizedPnl(i, Side.SHORT, q, entry, mark);
            assertTrue(sum == 0 || sum == -1, what);
        }
    }

    @Test
    void absurdQuantitiesOverflowInsteadOfWrapping() {
        final long huge = Long.MAX_VALUE / 1000;
        assertThrows(FixedPointOverflowException.class, () -> MarginMath.notional(BTCUSDT, huge, 600000));
        assertThrows(FixedPointOverflowException.class, () -> MarginMath.maintenanceMargin(BTCUSDT, huge, 600000, 600000));
        assertThrows(FixedPointOverflowException.class, () -> MarginMath.unrealizedPnl(BTCUSDT, Side.LONG, huge, 600000, 600001));
        assertThrows(FixedPointOverflowException.class, () -> MarginMath.notional(BTCUSD, huge, 600000));
        assertThrows(FixedPointOverflowException.class, () -> MarginMath.initialMargin(BTCUSDT, huge, 600000, Rates.ONE));
    }
}
