package io.liquidator.engine.core;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the engine fuzzer ({@code io.liquidator.engine.fuzz.EngineFuzzTest}) found, each shrunk to a
 * handful of inputs and fixed.
 */
class FuzzFindingsTest {
    private static final List<Instrument> INSTRUMENTS = LiquidatorConfig.bundledDefault().instruments();
    private static final int BTCUSDT = 0;
    private static final int ETHUSDT = 1;

    private final RecordingSink sink = new RecordingSink();

    private LiquidationEngine engine() {
        return new LiquidationEngine(INSTRUMENTS, EngineSettings.builder().insuranceFund("USDT", 0)
            .insuranceFund("BTC", 0).build(), sink);
    }

    /**
     * Funding keeps the keys of a linear instrument and widens its heaps by the largest move instead;
     * but a position with no key at all (its liquidation price was out of range: here a long whose
     * margin, fattened by ADL profit, exceeds its notional) is in no heap to widen. Paying funding at
     * a spiking mark put its liquidation price in range, and the next tick missed it. Now a payer
     * without an adverse key (or a receiver with a fired level and no re-arm key) is re-keyed.
     */
    @Test
    void fundingReKeysAPayerThatHadNoKey() {
        final LiquidationEngine e = engine();
        e.onPosition(14L, 581L, 507544003L, ETHUSDT, 1, 25L, 294000L, false, 89634147L);
        e.onPosition(180L, 14672L, 7L, ETHUSDT, -1, 22L, 409448L, false, 290576000L);
        e.onMarkPrice(398L, 33248L, ETHUSDT, 280520060L);   // the short is liquidated, ADL against the long
        assertTrue(sink.events.get(1).startsWith("ADL seq=398 account=507544003"), sink.events.toString());
        e.onFunding(402L, 32439L, ETHUSDT, 990667L);        // the long pays 0.99 % of 2.8 M per ETH: margin < 0
        assertEquals(0, e.countIndexMisses());
        e.onMarkPrice(405L, 33709L, ETHUSDT, 307598L);
        assertEquals(0, e.countIndexMisses());
        assertTrue(sink.events.stream().anyMatch(x -> x.startsWith("LIQUIDATION seq=405 account=507544003")),
            sink.events.toString());
    }

    /**
     * A wallet of Long.MIN_VALUE was accepted into a book whose market had no mark yet; at the first
     * mark the book could not be valued, was liquidated at that deficit and left the insurance fund at
     * −9.2e18, where the next settlement overflowed (an internal error). Balances the margin arithmetic
     * cannot weigh are now refused at the edge.
     */
    @Test
    void aWalletBeyondWhatTheLevelsCanWeighIsRefused() {
        final LiquidationEngine e = engine();
        e.onPosition(1, 1, 5, ETHUSDT, Side.LONG, 2722, 301396, true, 0);
        final long before = e.stateHash();
        e.onWallet(2, 1, 5, 0, Long.MIN_VALUE);
        e.onWallet(3, 1, 5, 0, Long.MAX_VALUE);
        assertEquals(List.of("REJECTION seq=2 kind=3 account=5 instrument=-1 reason=VALUE_OVERFLOW",
            "REJECTION seq=3 kind=3 account=5 instrument=-1 reason=VALUE_OVERFLOW"), sink.events);
        assertEquals(before, e.stateHash());
        // the default levels' largest numerator is 17 (85 % re-arm = 17/20): up to Long.MAX_VALUE / 17 is accepted
        sink.events.clear();
        e.onWallet(4, 1, 5, 0, -(Long.MAX_VALUE / 17));
        e.onWallet(5, 1, 5, 0, Decimals.parse("1000", 8));
        assertEquals(List.of(), sink.events);
    }

    /**
     * A position update that passes validation but cannot be keyed (an isolated margin so large that
     * weighing it at a level overflows) is refused with ARITHMETIC_OVERFLOW; it used to release the
     * position it would have replaced (and to leave an empty account behind for a new account). A
     * refused input now changes nothing: the old position stays, keyed as before.
     */
    @Test
    void aRefusedUpdateLeavesThePreviousPositionAndNoNewAccount() {
        final LiquidationEngine e = engine();
        e.onMarkPrice(1, 1, BTCUSDT, 600_000);
        e.onPosition(2, 1, 7, BTCUSDT, Side.LONG, 1500, 600_000, false, Decimals.parse("3000", 8));
        final long before = e.stateHash();
        e.onPosition(3, 2, 7, BTCUSDT, Side.LONG, 1500, 600_000, false, Long.MAX_VALUE);
        e.onPosition(4, 2, 99, BTCUSDT, Side.LONG, 1500, 600_000, false, Long.MAX_VALUE);
        assertEquals(List.of("REJECTION seq=3 kind=2 account=7 instrument=0 reason=ARITHMETIC_OVERFLOW",
            "REJECTION seq=4 kind=2 account=99 instrument=0 reason=ARITHMETIC_OVERFLOW"), sink.events);
        assertEquals(before, e.stateHash());
        assertEquals(1, e.openPositions());
        assertEquals(0, e.countIndexMisses());
        e.onMarkPrice(5, 3, BTCUSDT, 582_579);   // 58,257.9: where that position is liquidated
        assertTrue(sink.events.get(2).startsWith("LIQUIDATION seq=5 account=7"), sink.events.toString());
    }
}
