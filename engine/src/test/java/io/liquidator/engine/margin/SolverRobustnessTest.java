package io.liquidator.engine.margin;

import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edge cases found while building the calculator: huge inverse positions, Bybit's close fee. */
class SolverRobustnessTest {

    private static Instrument btcusd() {
        return Instrument.builder().symbol("BTCUSD").kind(ContractKind.INVERSE).settlementAsset("BTC")
            .price(1, 1).quantity(0, 1).contractSize(1000).balanceScale(8)
            .brackets(BracketTable.single(500_000L, 0, 100 * Rates.ONE)).build();
    }

    /**
     * An inverse long so large that its loss at one tick does not fit in a long used to abort the
     * search with an overflow; a loss that large is beyond any margin, so the search must treat it
     * as liquidatable and still find the edge near the entry.
     */
    @Test
    void hugeInverseLongStillGetsAnExactTrigger() {
        final Instrument i = btcusd();
        final LiquidationPriceSolver s = new LiquidationPriceSolver()
            .reset(i, Decimals.parse("98702.42719523", 8))
            .addLeg(Side.LONG, 64_114_412L, Decimals.parse("324786.4", 1));
        final long edge = s.liquidationTrigger();
        assertTrue(edge > 0 && edge < Decimals.parse("324786.4", 1), "edge below the entry");
        assertTrue(s.liquidatableAt(edge));
        assertTrue(!s.liquidatableAt(edge + i.tickSize()));
    }

    /**
     * Bybit counts the fee to close at the bankruptcy price inside maintenance; the fee must be taken
     * at the bankruptcy price the solver reports (rounded toward the entry), so that the reported
     * liquidation price equals "maintenance + close fee at the reported bankruptcy price".
     * Bybit's inverse example: long 10,000 contracts of 1 USD at 8,000, 0.5 BTC, MMR 0.5 %,
     * taker 0.075 % → bankruptcy 5,718.57…, liquidation 5,739.08… → 5,739.5 on Bybit's 0.5 tick.
     */
    @Test
    void bybitCloseFeeIsTakenAtTheReportedBankruptcyPrice() {
        final Instrument i = Instrument.builder().symbol("BTCUSD").kind(ContractKind.INVERSE).settlementAsset("BTC")
            .profile(MarginProfile.BYBIT).price(1, 5).quantity(0, 1).contractSize(10).balanceScale(8)
            .takerFeeRate(75_000L).brackets(BracketTable.single(500_000L, 0, 100 * Rates.ONE)).build();
        final LiquidationPriceSolver s = new LiquidationPriceSolver()
            .reset(i, Decimals.parse("0.5", 8)).addLeg(Side.LONG, 10_000, Decimals.parse("8000", 1));
        final long bankruptcy = s.bankruptcyPrice();
        assertEquals(Decimals.parse("5719.0", 1), bankruptcy);
        final long liquidation = s.liquidationPrice();
        assertEquals(Decimals.parse("5739.5", 1), liquidation);
        // the trigger: margin + ⌈PnL − MM(entry)⌉ − close fee at the REPORTED bankruptcy price ≤ 0
        final long edge = s.liquidationTrigger();
        assertEquals(Decimals.parse("0.5", 8)
                + MarginMath.surplus(i, Side.LONG, 10_000, Decimals.parse("8000", 1), edge)
                - MarginMath.closeFee(i, 10_000, bankruptcy),
            s.excess(edge));
        assertTrue(s.excess(edge) <= 0);
        assertTrue(s.excess(edge + i.tickSize()) > 0);
    }
}
