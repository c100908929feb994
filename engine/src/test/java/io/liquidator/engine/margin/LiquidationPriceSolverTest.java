package io.liquidator.engine.margin;

import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.instrument.TestInstruments;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.FixedPointOverflowException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

import static io.liquidator.engine.margin.LiquidationPriceSolver.NO_PRICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiquidationPriceSolverTest {
    private static final Instrument BTCUSDT = TestInstruments.btcusdt();
    private static final Instrument BTCUSD = TestInstruments.btcusd();

    private final LiquidationPriceSolver solver = new LiquidationPriceSolver();

    /** Balance units (1e-8 USDT or BTC). */
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

    private static String fmt(final Instrument i, final long raw) {
        return raw == NO_PRICE ? "NO_PRICE" : Decimals.format(raw, i.priceScale());
    }

    /** Long liquidatable at the edge and not one tick above, short the mirror image. */
    private void assertFlipsAt(final Instrument i, final long edge, final int direction) {
        assertTrue(solver.liquidatableAt(edge), "liquidatable at the edge " + fmt(i, edge));
        assertFalse(solver.liquidatableAt(edge + direction * i.tickSize()), "safe one tick past " + fmt(i, edge));
    }

    // =============================================================================================
    @Nested
    class RoundingDirection {
        @Test
        void linearLongRoundsUpAndShortRoundsDown() {
            // long 1 BTC @ 60,000 with 600 USDT (100×): (60,000 − 600 − 50) / (1 × (1 − 0.5 %)) = 59,648.2412…
            final BigDecimal exactLong = new BigDecimal("59350").divide(new BigDecimal("0.995"), 20, RoundingMode.HALF_UP);
            solver.reset(BTCUSDT, bal("600")).addLeg(Side.LONG, qty(BTCUSDT, "1"), px(BTCUSDT, "60000"));
            assertEquals(px(BTCUSDT, "59648.3"), solver.liquidationPrice(), "up to the tick: ≥ " + exactLong);
            assertEquals(px(BTCUSDT, exactLong.setScale(1, RoundingMode.CEILING).toPlainString()), solver.liquidationPrice());
            assertEquals(px(BTCUSDT, "59648.2"), solver.liquidationTrigger());
            assertFlipsAt(BTCUSDT, solver.liquidationTrigger(), Side.LONG);
            // bankruptcy: 60,000 − 600 = 59,400 exactly, on the tick, so not moved
            assertEquals(px(BTCUSDT, "59400"), solver.bankruptcyPrice());

            // short: (60,000 + 600 + 50) / 1.005 = 60,348.2587…
            final BigDecimal exactShort = new BigDecimal("60650").divide(new BigDecimal("1.005"), 20, RoundingMode.HALF_UP);
            solver.reset(BTCUSDT, bal("600")).addLeg(Side.SHORT, qty(BTCUSDT, "1"), px(BTCUSDT, "60000"));
            assertEquals(px(BTCUSDT, exactShort.setScale(1, RoundingMode.FLOOR).toPlainString()), solver.liquidationPrice());
            assertEquals(px(BTCUSDT, "60348.2"), solver.liquidationPrice());
            assertEquals(px(BTCUSDT, "60348.3"), solver.liquidationTrigger());
            assertFlipsAt(BTCUSDT, solver.liquidationTrigger(), Side.SHORT);
            assertEquals(px(BTCUSDT, "60600"), solver.bankruptcyPrice());
        }

        @Test
        void inexactBankruptcyRoundsTowardTheEntryToo() {
            // long 0.003 BTC @ 60,000.1 with 10 USDT: 60,000.1 − 10/0.003 = 56,666.7666… → 56,666.8
            solver.reset(BTCUSDT, bal("10")).addLeg(Side.LONG, qty(BTCUSDT, "0.003"), px(BTCUSDT, "60000.1"));
            assertEquals(px(BTCUSDT, "56666.8"), solver.bankruptcyPrice());
            assertEquals(px(BTCUSDT, "56666.7"), solver.bankruptcyTrigger());
            // short: 60,000.1 + 3,333.333… = 63,333.4333… → 63,333.4
            solver.reset(BTCUSDT, bal("10")).addLeg(Side.SHORT, qty(BTCUSDT, "0.003"), px(BTCUSDT, "60000.1"));
            assertEquals(px(BTCUSDT, "63333.4"), solver.bankruptcyPrice());
            assertEquals(px(BTCUSDT, "63333.5"), solver.bankruptcyTrigger());
        }

        @Test
        void aRootExactlyOnTheTickIsReportedAsIs() {
            // margin 747.5: (59,950 − 747.5) / 0.995 = 59,500 exactly
            solver.reset(BTCUSDT, bal("747.5")).addLeg(Side.LONG, qty(BTCUSDT, "1"), px(BTCUSDT, "60000"));
            assertEquals(px(BTCUSDT, "59500"), solver.liquidationPrice());
            assertEquals(px(BTCUSDT, "59500"), solver.liquidationTrigger());
            assertEquals(0, solver.excess(px(BTCUSDT, "59500")), "margin ratio exactly 100 % is liquidatable");
            assertFlipsAt(BTCUSDT, px(BTCUSDT, "59500"), Side.LONG);
            // short: (60,000 + M + 50) / 1.005 = 60,300 → M = 60,601.5 − 60,050 = 551.5
            solver.reset(BTCUSDT, bal("551.5")).addLeg(Side.SHORT, qty(BTCUSDT, "1"), px(BTCUSDT, "60000"));
            assertEquals(px(BTCUSDT, "60300"), solver.liquidationPrice());
            assertEquals(px(BTCUSDT, "60300"), solver.liquidationTrigger());
        }

        @Test
        void inverseLongAndShortAgainstExactRationals() {
            final Oracle o = new Oracle(BTCUSD);
            for (final int side : new int[]{Side.LONG, Side.SHORT}) {
                // 1,000 contracts @ 45,000 with 0.05 BTC: exact (s + 0.4 %)·100,000 / (0.05 + s·100,000/45,000)
                final Oracle.Problem p = new Oracle.Problem(bal("0.05")).leg(side, 1000, px(BTCUSD, "45000"));
                p.load(solver, BTCUSD);
                final Q exact = o.exactLiquidationPrice(p, 0);
                final Q byHand = Q.of(side).add(Q.parse("0.004")).mul(Q.of(100_000))
                    .div(Q.parse("0.05").add(Q.of(100_000).div(Q.of(45_000)).mul(side)));
                assertEquals(byHand, exact);
                final long reported = solver.liquidationPrice();
                assertEquals(o.towardEntry(exact, side), reported, Side.name(side) + " exact " + exact);
                if (side == Side.LONG) {
                    assertTrue(Q.of(reported).compareTo(o.raw(exact)) > 0);
                } else {
                    assertTrue(Q.of(reported).compareTo(o.raw(exact)) < 0);
                }
                final Q bankrupt = o.exactBankruptcyPrice(p);
                assertEquals(o.towardEntry(bankrupt, side), solver.bankruptcyPrice(), "bankruptcy, exact " + bankrupt);
                assertFlipsAt(BTCUSD, solver.liquidationTrigger(), side);
            }
        }

        @Test
        void gateFreqtradeRowsOnAFineTick() {
            // freqtrade's Gate rows (liquidation-mechanics §9): LP = (EP ∓ margin/size) / (1 ∓ (MMR + taker))
            final Instrument gate = Instrument.builder().symbol("GATE").settlementAsset("USDT").profile(MarginProfile.GATE)
                .price(8, 1).quantity(1, 1).balanceScale(8).takerFeeRate(rate("0.0006"))
                .brackets(TestInstruments.single("0.01", "0", "100")).build();
            // long 1 @ 10, 5×: 8 / 0.9894 = 8.085708510208207…
            solver.reset(gate, bal("2")).addLeg(Side.LONG, qty(gate, "1"), px(gate, "10"));
            assertEquals(new BigDecimal("8").divide(new BigDecimal("0.9894"), 8, RoundingMode.CEILING),
                BigDecimal.valueOf(solver.liquidationPrice(), 8));
            assertEquals(px(gate, "8.08570852"), solver.liquidationPrice());
            // short 1 @ 10, 5×: 12 / 1.0106 = 11.874134177716…
            solver.reset(gate, bal("2")).addLeg(Side.SHORT, qty(gate, "1"), px(gate, "10"));
            assertEquals(px(gate, "11.87413417"), solver.liquidationPrice());
            // short 1 @ 10, 3×: (10 + 3.3333…) / 1.0106 = 13.19348241968…; margin 3.33333333 (wallet rounded down)
            solver.reset(gate, bal("3.33333333")).addLeg(Side.SHORT, qty(gate, "1"), px(gate, "10"));
            assertEquals(px(gate, "13.19348241"), solver.liquidationPrice());
        }
    }

    // =============================================================================================
    @Nested
    class TierBoundaries {
        @Test
        void longEntryInBracketThreeLiquidatesInBracketTwo() {
            // 10 BTC @ 61,000: entry notional 610,000 → bracket index 2 (0.65 %, cum 950)
            final long q = qty(BTCUSDT, "10");
            final long entry = px(BTCUSDT, "61000");
            assertEquals(2, MarginMath.bracketAt(BTCUSDT, q, entry));
            solver.reset(BTCUSDT, bal("30500")).addLeg(Side.LONG, q, entry);
            final long lp = solver.liquidationPrice();
            // at the LP's bracket (index 1, 0.5 %, cum 50): (610,000 − 30,500 − 50) / (10 × 0.995) = 58,236.1809…
            final BigDecimal atLpBracket = new BigDecimal("579450").divide(new BigDecimal("9.95"), 10, RoundingMode.HALF_UP);
            // with the entry bracket: (610,000 − 30,500 − 950) / (10 × 0.9935) = 58,233.5178…
            final BigDecimal atEntryBracket = new BigDecimal("578550").divide(new BigDecimal("9.935"), 10, RoundingMode.HALF_UP);
            assertEquals(px(BTCUSDT, atLpBracket.setScale(1, RoundingMode.CEILING).toPlainString()), lp);
            assertEquals(px(BTCUSDT, "58236.2"), lp);
            assertNotEquals(px(BTCUSDT, atEntryBracket.setScale(1, RoundingMode.CEILING).toPlainString()), lp);
            assertEquals(1, MarginMath.bracketAt(BTCUSDT, q, lp), "notional at the LP, 582,362, is in the 50k–600k bracket");
            // the entry-bracket answer is not even self-consistent: its notional 582,335 is below 600,000
            assertTrue(atEntryBracket.multiply(BigDecimal.TEN).compareTo(new BigDecimal("600000")) < 0);
            assertFlipsAt(BTCUSDT, solver.liquidationTrigger(), Side.LONG);
        }

        @Test
        void shortEntryInBracketTwoLiquidatesInBracketThree() {
            // 10 BTC short @ 59,000: entry notional 590,000 → index 1
            final long q = qty(BTCUSDT, "10");
            final long entry = px(BTCUSDT, "59000");
            assertEquals(1, MarginMath.bracketAt(BTCUSDT, q, entry));
            solver.reset(BTCUSDT, bal("29500")).addLeg(Side.SHORT, q, entry);
            final long lp = solver.liquidationPrice();
            // at the LP's bracket (index 2): (590,000 + 29,500 + 950) / (10 × 1.0065) = 61,644.3119…
            // with the entry bracket:        (590,000 + 29,500 + 50) / (10 × 1.005) = 61,646.7661…
            assertEquals(px(BTCUSDT, "61644.3"), lp);
            assertEquals(px(BTCUSDT, new BigDecimal("620450").divide(new BigDecimal("10.065"), 1, RoundingMode.FLOOR).toPlainString()), lp);
            assertNotEquals(px(BTCUSDT, new BigDecimal("619550").divide(new BigDecimal("10.05"), 1, RoundingMode.FLOOR).toPlainString()), lp);
            assertEquals(2, MarginMath.bracketAt(BTCUSDT, q, lp));
            assertFlipsAt(BTCUSDT, solver.liquidationTrigger(), Side.SHORT);
        }

        @Test
        void aHundredBtcAtTenTimesSettlesOneBracketDown() {
            // 100 BTC @ 125,000: entry notional 12.5M (index 4, 2 %, 131,450); 10× margin 1,250,000
            final long q = qty(BTCUSDT, "100");
            solver.reset(BTCUSDT, bal("1250000")).addLeg(Side.LONG, q, px(BTCUSDT, "125000"));
            assertEquals(4, MarginMath.bracketAt(BTCUSDT, q, px(BTCUSDT, "125000")));
            // index 3 (1 %, 11,450): (12,500,000 − 1,250,000 − 11,450) / 99 = 113,520.7070…
            assertEquals(px(BTCUSDT, "113520.8"), solver.liquidationPrice());
            assertEquals(3, MarginMath.bracketAt(BTCUSDT, q, solver.liquidationPrice()));
        }

        @Test
        void theLpBracketMatchesTheOracleForAllBracketsOfTheTable() {
            // positions sized so that the LP lands near every floor of the table, both sides
            final Oracle o = new Oracle(BTCUSDT);
            final BracketTable t = BTCUSDT.brackets();
            for (int b = 1; b < t.size(); b++) {
                for (final int side : new int[]{Side.LONG, Side.SHORT}) {
                    for (final String lev : new String[]{"3", "20"}) {
                        // entry 50,000; quantity such that the entry notional sits 2 % beyond the floor on the loss side
                        final BigDecimal notional = new BigDecimal(BigDecimal.valueOf(t.floor(b), 8).toPlainString())
                            .multiply(side == Side.LONG ? new BigDecimal("1.02") : new BigDecimal("0.98"));
                        final long q = qty(BTCUSDT, notional.divide(new BigDecimal("50000"), 3, RoundingMode.HALF_UP).toPlainString());
                        final long entry = px(BTCUSDT, "50000");
                        final long margin = MarginMath.notional(BTCUSDT, q, entry) / Long.parseLong(lev);
                        final Oracle.Problem p = new Oracle.Problem(margin).leg(side, q, entry);
                        p.load(solver, BTCUSDT);
                        final Q exact = o.exactLiquidationPrice(p, 0);
                        final String what = "bracket " + b + " " + Side.name(side) + " " + lev + "x";
                        assertEquals(o.towardEntry(exact, side), solver.liquidationPrice(), what + " exact " + exact);
                        assertEquals(o.liquidationEdge(p), solver.liquidationTrigger(), what);
                    }
                }
            }
        }
    }

    // =============================================================================================
    @Nested
    class NoPrice {
        @Test
        void sentinelIsLongMinValue() {
            assertEquals(Long.MIN_VALUE, NO_PRICE);
        }

        @Test
        void oneTimesLinearLongHasNoLiquidationPrice() {
            final long q = qty(BTCUSDT, "1");
            final long entry = px(BTCUSDT, "60000");
            solver.reset(BTCUSDT, MarginMath.notional(BTCUSDT, q, entry)).addLeg(Side.LONG, q, entry);
            // the closed form is (60,000 − 60,000 − 50)/0.995 < 0: "--" at Binance
            assertEquals(NO_PRICE, solver.liquidationPrice());
            assertEquals(NO_PRICE, solver.liquidationTrigger());
            assertEquals(NO_PRICE, solver.bankruptcyPrice());
            assertEquals(NO_PRICE, solver.bankruptcyTrigger());
            assertFalse(solver.liquidatableAt(BTCUSDT.tickSize()), "not even at the lowest price");
        }

        @Test
        void fullyCollateralisedInverseShortHasNoLiquidationPrice() {
            // 1,000 contracts short @ 45,000: the most it can lose is 100,000/45,000 = 2.22 BTC
            solver.reset(BTCUSD, bal("3")).addLeg(Side.SHORT, 1000, px(BTCUSD, "45000"));
            assertEquals(NO_PRICE, solver.liquidationPrice());
            assertEquals(NO_PRICE, solver.liquidationTrigger());
            assertEquals(NO_PRICE, solver.bankruptcyPrice());
            assertFalse(solver.liquidatableAt(BTCUSD.maxPrice()));
            // exactly 1× in coin: still never liquidatable
            solver.reset(BTCUSD, MarginMath.notional(BTCUSD, 1000, px(BTCUSD, "45000")) + 1).addLeg(Side.SHORT, 1000, px(BTCUSD, "45000"));
            assertEquals(NO_PRICE, solver.liquidationPrice());
        }

        @Test
        void aSlightlyUnderCollateralisedPositionHasARegularPositivePrice() {
            // 0.999× long: with the entry bracket (60,000 − 59,940 − 50) / 0.995 = 10.05, but the notional
            // there is in the first bracket: (60,000 − 59,940 − 0) / 0.996 = 60.2409… → 60.3
            final long q = qty(BTCUSDT, "1");
            solver.reset(BTCUSDT, bal("59940")).addLeg(Side.LONG, q, px(BTCUSDT, "60000"));
            assertEquals(px(BTCUSDT, "60.3"), solver.liquidationPrice());
            // the inverse short at 2 BTC (< 2.22 BTC): a price exists and is positive
            solver.reset(BTCUSD, bal("2")).addLeg(Side.SHORT, 1000, px(BTCUSD, "45000"));
            final long p = solver.liquidationPrice();
            assertTrue(p > px(BTCUSD, "45000") && p != NO_PRICE, "got " + p);
        }

        @Test
        void noPriceIsNeverANegativeNumber() {
            final Random r = new Random(9L);
            for (int n = 0; n < 500; n++) {
                final Instrument i = n % 2 == 0 ? BTCUSDT : BTCUSD;
                final long q = i.isInverse() ? 1 + r.nextInt(100_000) : 1 + r.nextInt(100_000);
                final long entry = px(i, "30000") + r.nextInt(600_000);
                final long notional = MarginMath.notional(i, q, entry);
                final long margin = (long) (notional * (0.2 + 2 * r.nextDouble()));
                final int side = r.nextBoolean() ? Side.LONG : Side.SHORT;
                solver.reset(i, margin).addLeg(side, q, entry);
                for (final long v : new long[]{solver.liquidationPrice(), solver.liquidationTrigger(), solver.bankruptcyPrice(),
                    solver.bankruptcyTrigger()}) {
                    assertTrue(v == NO_PRICE || v >= i.tickSize(), "regular prices are positive, got " + v);
                }
            }
        }

        @Test
        void noLegsMeansNoPrice() {
            solver.reset(BTCUSDT, bal("100")).addLeg(Side.LONG, 0, px(BTCUSDT, "60000"));
            assertEquals(0, solver.legCount());
            assertEquals(NO_PRICE, solver.liquidationPrice());
            assertEquals(NO_PRICE, solver.liquidationTrigger());
            assertEquals(NO_PRICE, solver.bankruptcyPrice());
        }
    }

    // =============================================================================================
    @Nested
    class InverseContracts {
        @Test
        void binanceCoinMForumCase() {
            // dev.binance.vision 6292: WB 101 BTC, long 100,000 BTCUSD (100 USD) @ 45,000, MMR 12.5 %, cum 11.605
            // LP = 100,000 × 100 × (1 + 0.125) / (101 + 11.605 + 100,000 × 100 / 45,000) = 33,599.4186…
            final long q = 100_000;
            final long entry = px(BTCUSD, "45000");
            solver.reset(BTCUSD, bal("101")).addLeg(Side.LONG, q, entry);
            final BigDecimal den = new BigDecimal("112.605").add(new BigDecimal("10000000").divide(new BigDecimal("45000"), 40, RoundingMode.HALF_UP));
            final BigDecimal exact = new BigDecimal("11250000").divide(den, 10, RoundingMode.HALF_UP);
            assertEquals("33599.4186", exact.setScale(4, RoundingMode.HALF_UP).toPlainString());
            assertEquals(px(BTCUSD, "33599.5"), solver.liquidationPrice(), "rounded UP to the 0.1 tick for a long");
            assertEquals(px(BTCUSD, "33599.4"), solver.liquidationTrigger());
            assertFlipsAt(BTCUSD, px(BTCUSD, "33599.4"), Side.LONG);
            // at the LP the notional 10,000,000 / 33,599.5 = 297.6 BTC is in the 200–400 BTC bracket
            assertEquals(6, MarginMath.bracketAt(BTCUSD, q, solver.liquidationPrice()));
            assertEquals(rate("0.125"), BTCUSD.brackets().mmr(6));
            assertEquals(bal("11.605"), BTCUSD.brackets().maintenanceAmount(6));
        }

        @Test
        void theStaleCumOfTheForumPostIsRejectedByValidation() {
            // the poster's 33,578.86 came from cum 11.81 (an older revision); the recurrence gives 11.605
            final String[][] rows = TestInstruments.BTCUSD_COIN.clone();
            rows[6] = new String[]{"200", "400", "0.125", "11.81", "4"};
            final BracketTable.InvalidBracketException e = assertThrows(BracketTable.InvalidBracketException.class,
                () -> TestInstruments.validated(rows));
            assertEquals("maintenance_amount", e.field());
            assertEquals(6, e.bracket());
        }

        @Test
        void inverseShortLiquidatesAboveTheEntry() {
            // 10,000 contracts short @ 45,000 with 0.5 BTC: notional 22.2 BTC (index 3, 2.5 %, 0.355)
            final Oracle o = new Oracle(BTCUSD);
            final Oracle.Problem p = new Oracle.Problem(bal("0.5")).leg(Side.SHORT, 10_000, px(BTCUSD, "45000"));
            p.load(solver, BTCUSD);
            final Q exact = o.exactLiquidationPrice(p, 0);
            assertEquals(o.floorToTick(exact), solver.liquidationPrice());
            assertTrue(solver.liquidationPrice() > px(BTCUSD, "45000"));
            assertFlipsAt(BTCUSD, solver.liquidationTrigger(), Side.SHORT);
            // bankruptcy: 1,000,000 / (1,000,000/45,000 − 0.5) = 46,035.8056… → 46,035.8 (down, short)
            assertEquals(px(BTCUSD, "46035.8"), solver.bankruptcyPrice());
            assertEquals(o.floorToTick(o.exactBankruptcyPrice(p)), solver.bankruptcyPrice());
        }

        @Test
        void bybitInverseCrossExampleWithTheCloseFee() {
            // Bybit 360039261334: 0.5 BTC, long 10,000 contracts (1 USD) @ 8,000, MMR 0.5 %, taker 0.075 %:
            // bankruptcy 1.00075 × 10,000 / (1.25 + 0.5) = 5,718.57 → 5,719.0 on the 0.5 tick (up, long);
            // liquidation exact 5,739.0835 → published 5,739.50
            final Instrument bybit = Instrument.builder().symbol("BTCUSD-bybit").kind(ContractKind.INVERSE)
                .settlementAsset("BTC").profile(MarginProfile.BYBIT).price(1, 5).quantity(0, 1).balanceScale(8)
                .contractSize(10).takerFeeRate(rate("0.00075")).brackets(TestInstruments.single("0.005", "0", "100")).build();
            solver.reset(bybit, bal("0.5")).addLeg(Side.LONG, 10_000, px(bybit, "8000"));
            assertEquals(px(bybit, "5719.0"), solver.bankruptcyPrice());
            assertEquals(px(bybit, "5739.5"), solver.liquidationPrice());
            assertFlipsAt(bybit, solver.liquidationTrigger(), Side.LONG);
        }
    }

    // =============================================================================================
    @Nested
    class CrossMargin {
        private final Instrument btcOld = TestInstruments.btcusdtBuilder().price(2, 1)
            .brackets(TestInstruments.single("0.025", "16300", "20")).build();
        private final Instrument btcOldTick = TestInstruments.btcusdtBuilder().price(2, 10)
            .brackets(TestInstruments.single("0.025", "16300", "20")).build();
        private final Instrument ethOld = TestInstruments.ethusdtBuilder()
            .brackets(TestInstruments.single("0.10", "135365", "5")).build();
        private final long wallet = bal("1535443.01");
        private final long btcQty = qty(btcOld, "109.488");
        private final long btcEntry = px(btcOld, "32481.98");
        private final long btcMark = px(btcOld, "31967.27");
        private final long ethQty = qty(ethOld, "3683.979");
        private final long ethEntry = px(ethOld, "1456.84");
        private final long ethMark = px(ethOld, "1335.18");

        /** Cross margin for one instrument: wallet + uPnL(other at ITS mark) − MM(other at its mark). */
        private long crossMargin(final Instrument other, final int side, final long q, final long entry, final long mark) {
            return wallet + MarginMath.unrealizedPnl(other, side, q, entry, mark) - MarginMath.maintenanceMargin(other, q, entry, mark);
        }

        @Test
        void theOtherPositionsTermsMatchTheFaq() {
            // TMM1 for ETH = 71,200.81144, UPNL1 = −56,354.57 (FAQ, rounded); exact 71,200.811444 and −56,354.56848
            assertEquals(bal("71200.811444"), MarginMath.maintenanceMargin(btcOld, btcQty, btcEntry, btcMark));
            assertEquals(bal("-56354.56848"), MarginMath.unrealizedPnl(btcOld, Side.LONG, btcQty, btcEntry, btcMark));
            // TMM1 for BTC = 356,512.508, UPNL1 = −448,192.89; exact 356,512.508122 and −448,192.88514
            assertEquals(bal("356512.508122"), MarginMath.maintenanceMargin(ethOld, ethQty, ethEntry, ethMark));
            assertEquals(bal("-448192.88514"), MarginMath.unrealizedPnl(ethOld, Side.LONG, ethQty, ethEntry, ethMark));
        }

        @Test
        void binanceFaqEthLiquidationPrice() {
            final long margin = crossMargin(btcOld, Side.LONG, btcQty, btcEntry, btcMark);
            assertEquals(bal("1407887.630076"), margin);
            solver.reset(ethOld, margin).addLeg(Side.LONG, ethQty, ethEntry);
            // (1,407,887.630076 + 135,365 − 3,683.979 × 1,456.84) / (3,683.979 × (0.1 − 1)) = 1,153.2564…
            final BigDecimal exact = new BigDecimal("1407887.630076").add(new BigDecimal("135365"))
                .subtract(new BigDecimal("3683.979").multiply(new BigDecimal("1456.84")))
                .divide(new BigDecimal("3683.979").multiply(new BigDecimal("-0.9")), 20, RoundingMode.HALF_UP);
            assertEquals("1153.26", exact.setScale(2, RoundingMode.HALF_UP).toPlainString(), "the FAQ's 2-dp value");
            assertEquals(px(ethOld, "1153.26"), solver.liquidationPrice(), "1,153.2565 rounded up to the 0.01 tick");
            assertFlipsAt(ethOld, solver.liquidationTrigger(), Side.LONG);
        }

        @Test
        void binanceFaqBtcLiquidationPrice() {
            final long margin = crossMargin(ethOld, Side.LONG, ethQty, ethEntry, ethMark);
            assertEquals(bal("730737.616738"), margin);
            // (730,737.616738 + 16,300 − 109.488 × 32,481.98) / (109.488 × (0.025 − 1)) = 26,316.8933…
            final BigDecimal exact = new BigDecimal("730737.616738").add(new BigDecimal("16300"))
                .subtract(new BigDecimal("109.488").multiply(new BigDecimal("32481.98")))
                .divide(new BigDecimal("109.488").multiply(new BigDecimal("-0.975")), 20, RoundingMode.HALF_UP);
            assertEquals("26316.89", exact.setScale(2, RoundingMode.HALF_UP).toPlainString(), "the FAQ's 2-dp value");
            // the engine rounds a long's LP up: 26,316.90 on a 0.01 tick, 26,316.9 on BTCUSDT's 0.1 tick
            solver.reset(btcOld, margin).addLeg(Side.LONG, btcQty, btcEntry);
            assertEquals(px(btcOld, "26316.90"), solver.liquidationPrice());
            assertFlipsAt(btcOld, solver.liquidationTrigger(), Side.LONG);
            solver.reset(btcOldTick, margin).addLeg(Side.LONG, qty(btcOldTick, "109.488"), px(btcOldTick, "32481.98"));
            assertEquals(px(btcOldTick, "26316.90"), solver.liquidationPrice());
            assertEquals(px(btcOldTick, "26316.80"), solver.liquidationTrigger());
        }

        @Test
        void isolatedCounterpartsOfTheFaqExample() {
            // same WB, no other position: 1,114.78496… → 1,114.79 (up) and 18,778.7259… → 18,778.73
            solver.reset(ethOld, wallet).addLeg(Side.LONG, ethQty, ethEntry);
            assertEquals(px(ethOld, "1114.79"), solver.liquidationPrice());
            solver.reset(btcOld, wallet).addLeg(Side.LONG, btcQty, btcEntry);
            assertEquals(px(btcOld, "18778.73"), solver.liquidationPrice());
        }

        @Test
        void whenTheOtherPositionIsShortItsPnlIsQtyTimesEntryMinusMark() {
            // BTC short 109.488 @ 32,481.98 marked at 31,967.27: PnL = +56,354.56848 (not −56,354.57 as a side-blind formula gives)
            final long pnl = MarginMath.unrealizedPnl(btcOld, Side.SHORT, btcQty, btcEntry, btcMark);
            assertEquals(bal("56354.56848"), pnl);
            final long margin = crossMargin(btcOld, Side.SHORT, btcQty, btcEntry, btcMark);
            assertEquals(bal("1520596.767036"), margin); // 1,535,443.01 + 56,354.56848 − 71,200.811444
            solver.reset(ethOld, margin).addLeg(Side.LONG, ethQty, ethEntry);
            final BigDecimal exact = new BigDecimal("1520596.767036").add(new BigDecimal("135365"))
                .subtract(new BigDecimal("3683.979").multiply(new BigDecimal("1456.84")))
                .divide(new BigDecimal("3683.979").multiply(new BigDecimal("-0.9")), 20, RoundingMode.HALF_UP);
            assertEquals(px(ethOld, exact.setScale(2, RoundingMode.CEILING).toPlainString()), solver.liquidationPrice());
            assertEquals(px(ethOld, "1119.27"), solver.liquidationPrice()); // 1,119.2643…
            // with the side-blind PnL the answer would be the long-other case, 1,153.26: far off
            assertNotEquals(px(ethOld, "1153.26"), solver.liquidationPrice());
            assertFlipsAt(ethOld, solver.liquidationTrigger(), Side.LONG);
        }

        @Test
        void aShortSolvedAgainstALongOther() {
            // ETH short 3,683.979 @ 1,456.84 backed by the cross wallet with the BTC long marked as in the FAQ
            final long margin = crossMargin(btcOld, Side.LONG, btcQty, btcEntry, btcMark);
            final Oracle o = new Oracle(ethOld);
            final Oracle.Problem p = new Oracle.Problem(margin).leg(Side.SHORT, ethQty, ethEntry);
            p.load(solver, ethOld);
            // (Q·EP + WB' + cum) / (Q·(1 + MMR)) = (5,366,993.87… + 1,407,887.630076 + 135,365) / (3,683.979 × 1.1)
            final BigDecimal exact = new BigDecimal("3683.979").multiply(new BigDecimal("1456.84")).add(new BigDecimal("1407887.630076"))
                .add(new BigDecimal("135365")).divide(new BigDecimal("3683.979").multiply(new BigDecimal("1.1")), 20, RoundingMode.HALF_UP);
            assertEquals(px(ethOld, exact.setScale(2, RoundingMode.FLOOR).toPlainString()), solver.liquidationPrice());
            assertEquals(o.floorToTick(o.exactLiquidationPrice(p, 0)), solver.liquidationPrice());
        }
    }

    // =============================================================================================
    @Nested
    class HedgeMode {
        @Test
        void netLongHedgeHasOnePriceForBothLegs() {
            // long 2 @ 60,000 + short 1 @ 62,000, cross 5,000 USDT. Binance hedge formula:
            // (WB + cumL + cumS − QL·EPL + QS·EPS) / (QL·MMRL + QS·MMRS − QL + QS)
            //  = (5,000 + 50 + 50 − 120,000 + 62,000) / (0.01 + 0.005 − 2 + 1) = 53,705.5838…
            solver.reset(BTCUSDT, bal("5000")).addLeg(Side.LONG, qty(BTCUSDT, "2"), px(BTCUSDT, "60000"))
                .addLeg(Side.SHORT, qty(BTCUSDT, "1"), px(BTCUSDT, "62000"));
            assertEquals(2, solver.legCount());
            assertEquals(Side.LONG, solver.direction());
            final BigDecimal exact = new BigDecimal("-52900").divide(new BigDecimal("-0.985"), 20, RoundingMode.HALF_UP);
            assertEquals(px(BTCUSDT, exact.setScale(1, RoundingMode.CEILING).toPlainString()), solver.liquidationPrice());
            assertEquals(px(BTCUSDT, "53705.6"), solver.liquidationPrice());
            assertFlipsAt(BTCUSDT, solver.liquidationTrigger(), Side.LONG);
            // the legs' order does not matter
            solver.reset(BTCUSDT, bal("5000")).addLeg(Side.SHORT, qty(BTCUSDT, "1"), px(BTCUSDT, "62000"))
                .addLeg(Side.LONG, qty(BTCUSDT, "2"), px(BTCUSDT, "60000"));
            assertEquals(px(BTCUSDT, "53705.6"), solver.liquidationPrice());
        }

        @Test
        void netShortHedgeHasOnePriceForBothLegs() {
            // short 2 @ 60,000 + long 1 @ 58,000, cross 5,000: (5,100 − 58,000 + 120,000) / (0.015 − 1 + 2) = 66,108.3743…
            solver.reset(BTCUSDT, bal("5000")).addLeg(Side.SHORT, qty(BTCUSDT, "2"), px(BTCUSDT, "60000"))
                .addLeg(Side.LONG, qty(BTCUSDT, "1"), px(BTCUSDT, "58000"));
            assertEquals(Side.SHORT, solver.direction());
            assertEquals(px(BTCUSDT, "66108.3"), solver.liquidationPrice());
            assertEquals(px(BTCUSDT, "66108.4"), solver.liquidationTrigger());
            assertFlipsAt(BTCUSDT, px(BTCUSDT, "66108.4"), Side.SHORT);
        }

        @Test
        void hedgeAgreesWithTheOracleAcrossBrackets() {
            // legs in different brackets at the liquidation price
            final Oracle o = new Oracle(BTCUSDT);
            final Oracle.Problem p = new Oracle.Problem(bal("40000")).leg(Side.LONG, qty(BTCUSDT, "12"), px(BTCUSDT, "61000"))
                .leg(Side.SHORT, qty(BTCUSDT, "0.9"), px(BTCUSDT, "59000"));
            p.load(solver, BTCUSDT);
            final long edge = solver.liquidationTrigger();
            assertEquals(o.liquidationEdge(p), edge);
            assertFlipsAt(BTCUSDT, edge, Side.LONG);
            assertNotEquals(MarginMath.bracketAt(BTCUSDT, qty(BTCUSDT, "12"), edge), MarginMath.bracketAt(BTCUSDT, qty(BTCUSDT, "0.9"), edge));
        }

        @Test
        void atMostOneLegPerSideAndValidArguments() {
            solver.reset(BTCUSDT, bal("5000")).addLeg(Side.LONG, 1, 600000).addLeg(Side.SHORT, 1, 600000);
            assertThrows(IllegalStateException.class, () -> solver.addLeg(Side.LONG, 1, 600000));
            assertThrows(IllegalArgumentException.class, () -> solver.reset(BTCUSDT, 0).addLeg(0, 1, 600000));
            assertThrows(IllegalArgumentException.class, () -> solver.reset(BTCUSDT, 0).addLeg(Side.LONG, -1, 600000));
            assertThrows(IllegalStateException.class, () -> new LiquidationPriceSolver().liquidationPrice());
        }
    }

    // =============================================================================================
    @Nested
    class ProfilesAndVenueExamples {
        private Instrument bybit(final String mmr) {
            return TestInstruments.btcusdtBuilder().profile(MarginProfile.BYBIT).brackets(TestInstruments.single(mmr, "0", "100")).build();
        }

        @Test
        void bybitUsdtExamplesHoldMaintenanceOnEntryValue() {
            final Instrument i = bybit("0.005");
            // long 1 BTC @ 20,000, 50×: IM 400, MM 100 → 19,700
            solver.reset(i, bal("400")).addLeg(Side.LONG, qty(i, "1"), px(i, "20000"));
            assertEquals(px(i, "19700"), solver.liquidationPrice());
            assertEquals(px(i, "19600"), solver.bankruptcyPrice());
            // short with 3,000 extra margin → 23,300
            solver.reset(i, bal("3400")).addLeg(Side.SHORT, qty(i, "1"), px(i, "20000"));
            assertEquals(px(i, "23300"), solver.liquidationPrice());
            // long after 200 USDT funding taken from the position margin → 19,900
            solver.reset(i, bal("200")).addLeg(Side.LONG, qty(i, "1"), px(i, "20000"));
            assertEquals(px(i, "19900"), solver.liquidationPrice());
            // older article: long 1 @ 10,000, 50× → 9,850; bankruptcy 9,800; short @ 8,000, 40× → 8,160
            solver.reset(i, bal("200")).addLeg(Side.LONG, qty(i, "1"), px(i, "10000"));
            assertEquals(px(i, "9850"), solver.liquidationPrice());
            assertEquals(px(i, "9800"), solver.bankruptcyPrice());
            solver.reset(i, bal("200")).addLeg(Side.SHORT, qty(i, "1"), px(i, "8000"));
            assertEquals(px(i, "8160"), solver.liquidationPrice());
        }

        @Test
        void bitmexCrossExampleHoldsMaintenanceOnEntryNotMark() {
            // "Karen": 10,000 USDT, 20 ETH @ 1,000 (notional 20,000), MM 1 % = 200 → liquidation 510, bankruptcy 500
            final Instrument bitmex = TestInstruments.ethusdtBuilder().profile(MarginProfile.BITMEX).quantity(0, 1)
                .brackets(TestInstruments.single("0.01", "0", "50")).build();
            solver.reset(bitmex, bal("10000")).addLeg(Side.LONG, 20, px(bitmex, "1000"));
            assertEquals(px(bitmex, "510"), solver.liquidationPrice());
            assertEquals(px(bitmex, "500"), solver.bankruptcyPrice());
            // the same on mark notional would be 10,000 / 19.8 = 505.0505… → 505.06
            final Instrument binance = TestInstruments.ethusdtBuilder().quantity(0, 1).brackets(TestInstruments.single("0.01", "0", "50")).build();
            solver.reset(binance, bal("10000")).addLeg(Side.LONG, 20, px(binance, "1000"));
            assertEquals(px(binance, "505.06"), solver.liquidationPrice());
        }

        @Test
        void hyperliquidUsesOneOverTwiceMaxLeverage() {
            // 1 BTC @ 60,000 with 3,000 at 50× max: P = (60,000 − 3,000) / (1 − 1/100) = 57,575.7575… → 57,575.8
            final Instrument hl = TestInstruments.btcusdtBuilder().profile(MarginProfile.HYPERLIQUID)
                .brackets(TestInstruments.single("0.5", "0", "50")).build();
            solver.reset(hl, bal("3000")).addLeg(Side.LONG, qty(hl, "1"), px(hl, "60000"));
            assertEquals(px(hl, "57575.8"), solver.liquidationPrice());
            // short: (60,000 + 3,000) / 1.01 = 62,376.2376… → 62,376.2
            solver.reset(hl, bal("3000")).addLeg(Side.SHORT, qty(hl, "1"), px(hl, "60000"));
            assertEquals(px(hl, "62376.2"), solver.liquidationPrice());
        }

        @Test
        void everyProfileFlipsAtItsOwnTrigger() {
            for (final MarginProfile p : MarginProfile.values()) {
                final Instrument i = TestInstruments.btcusdtBuilder().profile(p).takerFeeRate(rate("0.0006")).build();
                final Oracle o = new Oracle(i);
                for (final int side : new int[]{Side.LONG, Side.SHORT}) {
                    final Oracle.Problem prob = new Oracle.Problem(bal("2500")).leg(side, qty(i, "1.5"), px(i, "61000"));
                    prob.load(solver, i);
                    final long edge = solver.liquidationTrigger();
                    assertEquals(o.liquidationEdge(prob), edge, p + " " + Side.name(side));
                    assertFlipsAt(i, edge, side);
                }
            }
        }
    }

    // =============================================================================================
    @Nested
    class AlwaysLiquidatableAndOverflow {
        @Test
        void marginFarBelowMaintenanceTriggerCoversTheMark() {
            // long 1 BTC @ 60,000 with 10 USDT: LP (60,000 − 10 − 50)/0.995 = 60,241.2 is above the entry
            final long entry = px(BTCUSDT, "60000");
            final long mark = px(BTCUSDT, "59000");
            solver.reset(BTCUSDT, bal("10")).addLeg(Side.LONG, qty(BTCUSDT, "1"), entry);
            assertTrue(solver.liquidatableAt(mark));
            assertTrue(solver.liquidationTrigger() >= mark);
            assertTrue(solver.liquidationTrigger() > entry);
            assertEquals(px(BTCUSDT, "60241.3"), solver.liquidationPrice());
            // short mirror: (60,000 + 10 + 50)/1.005 = 59,761.19… < entry
            solver.reset(BTCUSDT, bal("10")).addLeg(Side.SHORT, qty(BTCUSDT, "1"), entry);
            assertTrue(solver.liquidatableAt(px(BTCUSDT, "61000")));
            assertTrue(solver.liquidationTrigger() <= px(BTCUSDT, "61000"));
            assertTrue(solver.liquidationTrigger() < entry);
            // inverse long with a negative balance
            solver.reset(BTCUSD, bal("-0.1")).addLeg(Side.LONG, 1000, px(BTCUSD, "45000"));
            assertTrue(solver.liquidationTrigger() > px(BTCUSD, "45000"));
            assertTrue(solver.liquidatableAt(px(BTCUSD, "45000")));
        }

        @Test
        void liquidatableEverywhere() {
            // short whose closed form is negative: the whole price range is liquidatable, the edge is one tick
            solver.reset(BTCUSDT, bal("-70000")).addLeg(Side.SHORT, qty(BTCUSDT, "1"), px(BTCUSDT, "60000"));
            assertEquals(BTCUSDT.tickSize(), solver.liquidationTrigger());
            assertEquals(BTCUSDT.tickSize(), solver.liquidationPrice());
            assertTrue(solver.liquidatableAt(BTCUSDT.tickSize()));
            // tiny long with a hugely negative balance: liquidatable up to the maximum price
            solver.reset(BTCUSDT, bal("-1000000")).addLeg(Side.LONG, qty(BTCUSDT, "0.001"), px(BTCUSDT, "60000"));
            assertEquals(BTCUSDT.maxPrice(), solver.liquidationTrigger());
            assertEquals(BTCUSDT.maxPrice(), solver.liquidationPrice());
            assertTrue(solver.liquidatableAt(BTCUSDT.maxPrice()));
        }

        @Test
        void absurdQuantitiesThrowInsteadOfReturningGarbage() {
            final long huge = Long.MAX_VALUE / 100_000;
            solver.reset(BTCUSDT, bal("1000")).addLeg(Side.LONG, huge, px(BTCUSDT, "60000"));
            assertThrows(FixedPointOverflowException.class, solver::liquidationPrice);
            assertThrows(FixedPointOverflowException.class, solver::liquidationTrigger);
            assertThrows(FixedPointOverflowException.class, solver::bankruptcyPrice);
            assertThrows(FixedPointOverflowException.class, () -> solver.liquidatableAt(px(BTCUSDT, "60000")));
            solver.reset(BTCUSD, bal("1")).addLeg(Side.SHORT, huge, px(BTCUSD, "45000"));
            assertThrows(FixedPointOverflowException.class, solver::liquidationPrice);
            // a quantity whose notional alone is 2^63 balance units
            solver.reset(BTCUSDT, bal("1000")).addLeg(Side.SHORT, qty(BTCUSDT, "1000000"), px(BTCUSDT, "100000000"));
            assertThrows(FixedPointOverflowException.class, solver::liquidationPrice);
        }

        @Test
        void anAbsurdMarginThrowsInsteadOfWrapping() {
            solver.reset(BTCUSDT, Long.MAX_VALUE - 5).addLeg(Side.SHORT, qty(BTCUSDT, "1"), px(BTCUSDT, "60000"));
            assertThrows(FixedPointOverflowException.class, () -> solver.liquidatableAt(px(BTCUSDT, "50000")));
        }
    }

    // =============================================================================================
    @Nested
    class Reuse {
        @Test
        void aReusedSolverAnswersLikeAFreshOne() {
            final Random r = new Random(31L);
            final Instrument bybit = TestInstruments.btcusdBuilder().profile(MarginProfile.BYBIT).takerFeeRate(rate("0.00075")).build();
            final Instrument bitmex = TestInstruments.btcusdtBuilder().profile(MarginProfile.BITMEX).takerFeeRate(rate("0.00075")).build();
            final Instrument[] instruments = {BTCUSDT, BTCUSD, bybit, bitmex};
            for (int n = 0; n < 200; n++) {
                final Instrument i = instruments[r.nextInt(instruments.length)];
                final long q = i.isInverse() ? 100 + r.nextInt(10_000) : 1 + r.nextInt(10_000);
                final long entry = px(i, "40000") + r.nextInt(400_000);
                final long margin = MarginMath.notional(i, q, entry) / (2 + r.nextInt(50));
                final int side = r.nextBoolean() ? Side.LONG : Side.SHORT;
                solver.reset(i, margin).addLeg(side, q, entry);
                final LiquidationPriceSolver fresh = new LiquidationPriceSolver().reset(i, margin).addLeg(side, q, entry);
                assertEquals(fresh.liquidationPrice(), solver.liquidationPrice());
                assertEquals(fresh.bankruptcyPrice(), solver.bankruptcyPrice());
                assertEquals(fresh.liquidationTrigger(), solver.liquidationTrigger());
                assertEquals(fresh.excess(entry), solver.excess(entry), "after a query both are prepared");
            }
        }
    }
}
