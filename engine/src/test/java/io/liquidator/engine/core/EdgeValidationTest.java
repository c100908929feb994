package io.liquidator.engine.core;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks of a position (and funding) input against the instrument and the engine's state, one
 * test per reason: each refused input is one REJECTION with its reason and sequence, and changes
 * nothing (the state hash is the one before it); the input just inside each limit is accepted.
 * Bundled configuration: BTCUSDT id 0, tick 0.1, step 0.001, USDT in 1e-8.
 */
class EdgeValidationTest {
    private static final int BTCUSDT = 0;
    private static final List<Instrument> INSTRUMENTS = LiquidatorConfig.bundledDefault().instruments();
    private static final Instrument BTC = INSTRUMENTS.get(BTCUSDT);

    private final RecordingSink sink = new RecordingSink();
    private final LiquidationEngine engine = new LiquidationEngine(INSTRUMENTS,
        EngineSettings.builder().insuranceFund("USDT", usdt("1000000")).build(), sink);

    private static long px(final String p) {
        return Decimals.parse(p, 1);
    }

    private static long qty(final String q) {
        return Decimals.parse(q, 3);
    }

    private static long usdt(final String u) {
        return Decimals.parse(u, 8);
    }

    /** The initial margin at the maximum leverage of the bracket the entry notional falls in. */
    private static long initialMargin(final long qty, final long entry) {
        final long maxLeverage = BTC.brackets().maxLeverage(MarginMath.bracketAt(BTC, qty, entry));
        return MarginMath.initialMargin(BTC, qty, entry, maxLeverage);
    }

    private void assertRefused(final Runnable input, final String expected) {
        final long before = engine.stateHash();
        final int open = engine.openPositions();
        sink.events.clear();
        input.run();
        assertEquals(List.of(expected), sink.events);
        assertEquals(before, engine.stateHash(), "a rejected input changed the state");
        assertEquals(open, engine.openPositions());
        assertEquals(0, engine.countIndexMisses());
    }

    private void assertAccepted(final Runnable input) {
        sink.events.clear();
        input.run();
        assertEquals(List.of(), sink.events);
    }

    @Test
    void isolatedMarginBelowTheInitialMarginAtTheBracketsMaximumLeverageIsRefused() {
        final long q = qty("1.5");
        final long entry = px("60000");
        final long im = initialMargin(q, entry);
        // 90,000 USDT notional: bracket 2 of the bundled BTCUSDT table (max leverage 100x): 900 USDT
        assertEquals(100 * Rates.ONE, BTC.brackets().maxLeverage(MarginMath.bracketAt(BTC, q, entry)));
        assertEquals(usdt("900"), im);
        assertRefused(() -> engine.onPosition(1, 1, 7, BTCUSDT, Side.LONG, q, entry, false, im - 1),
            "REJECTION seq=1 kind=2 account=7 instrument=0 reason=LEVERAGE_ABOVE_MAXIMUM");
        assertRefused(() -> engine.onPosition(2, 1, 7, BTCUSDT, Side.SHORT, q, entry, false, 0),
            "REJECTION seq=2 kind=2 account=7 instrument=0 reason=LEVERAGE_ABOVE_MAXIMUM");
        // exactly at the maximum leverage: accepted
        assertAccepted(() -> engine.onPosition(3, 1, 7, BTCUSDT, Side.LONG, q, entry, false, im));
        assertEquals(1, engine.openPositions());
        // a bigger position falls in a bracket with a lower maximum: the same 100x margin is refused
        final long big = qty("100");
        final long bigAt100x = MarginMath.initialMargin(BTC, big, entry, 100 * Rates.ONE);
        assertTrue(initialMargin(big, entry) > bigAt100x);
        assertRefused(() -> engine.onPosition(4, 1, 8, BTCUSDT, Side.LONG, big, entry, false, bigAt100x),
            "REJECTION seq=4 kind=2 account=8 instrument=0 reason=LEVERAGE_ABOVE_MAXIMUM");
        // an update of an open position is checked too, and a refused one leaves the old position in place
        assertRefused(() -> engine.onPosition(5, 1, 7, BTCUSDT, Side.LONG, q * 2, entry, false, im),
            "REJECTION seq=5 kind=2 account=7 instrument=0 reason=LEVERAGE_ABOVE_MAXIMUM");
        assertEquals(1, engine.openPositions());
    }

    @Test
    void crossPositionsAreNotCheckedForLeverageTheirBookIsJudgedAsAWhole() {
        // the position may come before the deposit that backs it: accepted with an empty wallet
        assertAccepted(() -> engine.onPosition(1, 1, 7, BTCUSDT, Side.LONG, qty("10"), px("60000"), true, 0));
        assertAccepted(() -> engine.onWallet(2, 1, 7, 0, usdt("30000")));
        assertAccepted(() -> engine.onMarkPrice(3, 2, BTCUSDT, px("60000")));
        // a book short of maintenance is liquidated at its next evaluation instead
        sink.events.clear();
        engine.onWallet(4, 3, 7, 0, usdt("100"));
        engine.onMarkPrice(5, 4, BTCUSDT, px("59999.9"));
        assertTrue(sink.events.get(0).startsWith("LIQUIDATION seq=5 account=7 instrument=0 side=1 qty=10000 cross=true"),
            sink.events.toString());
    }

    @Test
    void anIsolatedPositionAlreadyBankruptAtTheMarkIsRefused() {
        final long q = qty("1");
        final long entry = px("60000");
        final long margin = usdt("3000");
        // before the first mark there is nothing to judge it against: accepted
        assertAccepted(() -> engine.onPosition(1, 1, 7, BTCUSDT, Side.LONG, q, entry, false, margin));
        engine.onPosition(2, 1, 7, BTCUSDT, Side.LONG, 0, 0, false, 0);
        assertAccepted(() -> engine.onMarkPrice(3, 2, BTCUSDT, px("56999.9")));
        // at 56,999.9 a long from 60,000 with 3,000 USDT has lost 3,000.1: equity −0.1
        assertRefused(() -> engine.onPosition(4, 3, 7, BTCUSDT, Side.LONG, q, entry, false, margin),
            "REJECTION seq=4 kind=2 account=7 instrument=0 reason=BANKRUPT_AT_MARK");
        // equity exactly 0 is not bankrupt: accepted, and liquidated on the next tick (the fund takes 0)
        assertAccepted(() -> engine.onPosition(5, 3, 8, BTCUSDT, Side.LONG, q, entry, false, margin + usdt("0.1")));
        assertEquals(1, engine.openPositions());
        // a short from the same entry is in profit there: accepted
        assertAccepted(() -> engine.onPosition(6, 3, 9, BTCUSDT, Side.SHORT, q, entry, false, margin));
        sink.events.clear();
        engine.onMarkPrice(7, 4, BTCUSDT, px("56999.9"));
        assertTrue(sink.events.get(0).startsWith("LIQUIDATION seq=7 account=8 instrument=0 side=1 qty=1000 cross=false"
            + " mark=569999 bankruptcy=569999 equity=0 "), sink.events.toString());
        assertEquals("INSURANCE_FUND seq=7 account=8 instrument=0 asset=0 delta=0 balance=" + usdt("1000000"),
            sink.events.get(1));
    }

    @Test
    void aPositionWhoseValueDoesNotFitTheFixedPointRangeIsRefusedUpFront() {
        // 10^15 steps × the maximum price: qty × price × 10^4 is far beyond 2^63
        final long huge = 1_000_000_000_000_000L;
        assertRefused(() -> engine.onPosition(1, 1, 7, BTCUSDT, Side.LONG, huge, BTC.maxPrice(), false, Long.MAX_VALUE),
            "REJECTION seq=1 kind=2 account=7 instrument=0 reason=VALUE_OVERFLOW");
        assertRefused(() -> engine.onPosition(2, 1, 7, BTCUSDT, Side.SHORT, huge, px("60000"), true, 0),
            "REJECTION seq=2 kind=2 account=7 instrument=0 reason=VALUE_OVERFLOW");
        // its value at entry fits, but not its PnL at the current mark (the maximum price)
        engine.onMarkPrice(3, 2, BTCUSDT, BTC.maxPrice());
        final long q = qty("100000");
        assertRefused(() -> engine.onPosition(4, 3, 7, BTCUSDT, Side.SHORT, q, px("60000"), true, 0),
            "REJECTION seq=4 kind=2 account=7 instrument=0 reason=VALUE_OVERFLOW");
    }

    @Test
    void closingAPositionOfAnAccountNeverSeenIsRefusedOfAKnownAccountItIsANoOp() {
        assertRefused(() -> engine.onPosition(1, 1, 42, BTCUSDT, Side.LONG, 0, 0, false, 0),
            "REJECTION seq=1 kind=2 account=42 instrument=0 reason=UNKNOWN_ACCOUNT");
        engine.onWallet(2, 1, 42, 0, usdt("10"));
        // known now (a wallet), no position on BTCUSDT: nothing to close, nothing journaled
        final long before = engine.stateHash();
        assertAccepted(() -> engine.onPosition(3, 1, 42, BTCUSDT, Side.LONG, 0, 0, false, 0));
        assertEquals(before, engine.stateHash());
    }

    @Test
    void aFundingRateBeyondOneHundredPercentIsRefused() {
        engine.onMarkPrice(1, 1, BTCUSDT, px("60000"));
        engine.onPosition(2, 1, 7, BTCUSDT, Side.LONG, qty("1"), px("60000"), false, usdt("3000"));
        assertRefused(() -> engine.onFunding(3, 2, BTCUSDT, Rates.ONE + 1),
            "REJECTION seq=3 kind=4 account=0 instrument=0 reason=FUNDING_RATE_OUT_OF_RANGE");
        assertRefused(() -> engine.onFunding(4, 2, BTCUSDT, Long.MIN_VALUE),
            "REJECTION seq=4 kind=4 account=0 instrument=0 reason=FUNDING_RATE_OUT_OF_RANGE");
        assertRefused(() -> engine.onFunding(5, 2, BTCUSDT, -Rates.ONE - 1),
            "REJECTION seq=5 kind=4 account=0 instrument=0 reason=FUNDING_RATE_OUT_OF_RANGE");
        sink.events.clear();
        engine.onFunding(6, 2, BTCUSDT, -Rates.ONE);
        assertEquals(List.of(), sink.events);
    }
}
