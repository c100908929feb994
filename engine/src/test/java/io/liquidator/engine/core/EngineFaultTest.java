package io.liquidator.engine.core;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exception safety of the engine itself. Validation problems are rejections and never exceptions
 * (see {@link EdgeValidationTest}); an arithmetic overflow while evaluating one unit of a tick is an
 * ARITHMETIC_OVERFLOW rejection that keeps the unit in the index (parked); any other exception is a
 * bug: {@link LiquidationEngine#onInternalError} journals INTERNAL_ERROR with the input's sequence and
 * halts the engine, which then takes no input and writes no snapshot.
 */
class EngineFaultTest {
    private static final int BTCUSDT = 0;
    private static final List<Instrument> INSTRUMENTS = LiquidatorConfig.bundledDefault().instruments();

    private static long px(final String p) {
        return Decimals.parse(p, 1);
    }

    private static long qty(final String q) {
        return Decimals.parse(q, 3);
    }

    private static long usdt(final String u) {
        return Decimals.parse(u, 8);
    }

    private static EngineSettings settings() {
        return EngineSettings.builder().marginCallLevels().hysteresis(0).insuranceFund("USDT", usdt("1000000")).build();
    }

    @Test
    void aBugInsideASettlementIsJournaledAsInternalErrorAndHaltsTheEngine() {
        final RecordingSink recorded = new RecordingSink();
        final FaultySink faulty = new FaultySink(recorded, FaultySink.On.INSURANCE_FUND);
        final LiquidationEngine engine = new LiquidationEngine(INSTRUMENTS, settings(), faulty);
        engine.onPosition(1, 1, 7, BTCUSDT, Side.LONG, qty("1.5"), px("60000"), false, usdt("3000"));
        engine.onMarkPrice(2, 2, BTCUSDT, px("59000"));
        assertEquals(List.of(), recorded.events);
        assertFalse(engine.isHalted());

        // the tick liquidates; the fault strikes between the LIQUIDATION and its INSURANCE_FUND
        final RuntimeException bug = assertThrows(IllegalStateException.class,
            () -> engine.onMarkPrice(3, 3, BTCUSDT, px("58000")));
        assertEquals(1, faulty.faults());
        assertSame(bug, engine.onInternalError(bug));
        assertTrue(engine.isHalted());
        assertEquals(2, recorded.events.size(), recorded.events.toString());
        assertTrue(recorded.events.get(0).startsWith("LIQUIDATION seq=3 account=7"), recorded.events.toString());
        assertEquals("REJECTION seq=3 kind=1 account=0 instrument=0 reason=INTERNAL_ERROR", recorded.events.get(1));

        // halted: no more input, no snapshot of the possibly half-applied state
        assertThrows(IllegalStateException.class, () -> engine.onMarkPrice(4, 4, BTCUSDT, px("57000")));
        assertThrows(IllegalStateException.class, () -> engine.onWallet(5, 5, 7, 0, 1));
        assertThrows(IllegalStateException.class, () -> engine.writeSnapshot(new ExpandableArrayBuffer(), 0));
        // a second report does not journal twice
        engine.onInternalError(new IllegalStateException("again"));
        assertEquals(2, recorded.events.size(), recorded.events.toString());
    }

    @Test
    void theInternalErrorCarriesTheInputsKindAccountAndInstrument() {
        final RecordingSink recorded = new RecordingSink();
        final LiquidationEngine engine = new LiquidationEngine(INSTRUMENTS, settings(), recorded);
        engine.onWallet(10, 1, 42, 0, usdt("100"));
        engine.onInternalError(new IllegalStateException("a bug while handling the wallet update"));
        assertEquals(List.of("REJECTION seq=10 kind=3 account=42 instrument=-1 reason=INTERNAL_ERROR"), recorded.events);
    }

    /**
     * A short whose PnL at the maximum price does not fit in a long: the tick that crosses its key
     * cannot value it. Refused for that tick (ARITHMETIC_OVERFLOW), and parked so that the index does
     * not lose it: every later tick visits it (and refuses it again while it cannot be valued), and
     * the first tick back in range re-keys it normally. The verifier finds no miss throughout.
     */
    @Test
    void aUnitThatCannotBeValuedAtTheMarkIsRefusedAndStaysWatched() {
        final RecordingSink recorded = new RecordingSink();
        final LiquidationEngine engine = new LiquidationEngine(INSTRUMENTS, settings(), recorded);
        final Instrument btc = INSTRUMENTS.get(BTCUSDT);
        final long q = qty("100");
        final long entry = px("60000");
        final long margin = MarginMath.initialMargin(btc, q, entry,
            btc.brackets().maxLeverage(MarginMath.bracketAt(btc, q, entry))) * 2;
        engine.onMarkPrice(1, 1, BTCUSDT, entry);
        engine.onPosition(2, 1, 7, BTCUSDT, Side.SHORT, q, entry, false, margin);
        assertEquals(List.of(), recorded.events);
        assertEquals(0, engine.countIndexMisses());

        engine.onMarkPrice(3, 2, BTCUSDT, btc.maxPrice());
        assertEquals(List.of("REJECTION seq=3 kind=1 account=7 instrument=0 reason=ARITHMETIC_OVERFLOW"), recorded.events);
        assertEquals(1, engine.openPositions());
        assertEquals(0, engine.countIndexMisses());
        engine.onMarkPrice(4, 3, BTCUSDT, btc.maxPrice() - btc.tickSize());
        assertEquals("REJECTION seq=4 kind=1 account=7 instrument=0 reason=ARITHMETIC_OVERFLOW", recorded.events.get(1));
        assertEquals(0, engine.countIndexMisses());

        // back in range: evaluated, nothing to report, keyed normally again (no more visits)
        engine.onMarkPrice(5, 4, BTCUSDT, entry);
        engine.onMarkPrice(6, 5, BTCUSDT, entry - btc.tickSize());
        assertEquals(2, recorded.events.size(), recorded.events.toString());
        assertEquals(0, engine.countIndexMisses());
        // and it is still liquidated where it should be
        engine.onMarkPrice(7, 6, BTCUSDT, entry * 3 / 2);
        assertTrue(recorded.events.get(2).startsWith("LIQUIDATION seq=7 account=7"), recorded.events.toString());
        assertEquals(0, engine.openPositions());
    }
}
