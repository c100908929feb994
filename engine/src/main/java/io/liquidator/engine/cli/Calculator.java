package io.liquidator.engine.cli;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.LiquidationPriceSolver;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.money.Fixed;

/**
 * The exchange-style calculator over one position: the solver's liquidation and bankruptcy prices
 * (rounded to the tick toward the entry, as {@code formats.md} requires) and the maintenance margin
 * and margin ratio computed by the very functions the engine triggers on, so the calculator and
 * the engine cannot disagree. For a cross position the whole wallet balance backs it.
 *
 * <p>Profiles that hold the fee to close inside the maintenance margin (Bybit) report
 * {@code maintenanceMargin + closeFee(bankruptcy price)}. Not thread-safe: it reuses one solver.
 */
final class Calculator {
    private final LiquidationPriceSolver solver = new LiquidationPriceSolver();

    CalcResult compute(final Position p) {
        try {
            return solve(p);
        } catch (final ArithmeticException overflow) {
            throw new InputException("numbers too large to compute (" + overflow.getMessage() + ")");
        }
    }

    private CalcResult solve(final Position p) {
        final Instrument i = p.instrument();
        final long qty = p.qty();
        final long entry = p.entryPrice();
        final long notional = MarginMath.notional(i, qty, entry);
        final long leverage = MarginMath.leverage(notional, p.margin());
        final int tierAtEntry = MarginMath.bracketAt(i, qty, entry);

        solver.reset(i, p.margin()).addLeg(p.side(), qty, entry);
        final long lp = solver.liquidationPrice();
        final long bp = solver.bankruptcyPrice();
        final long closeFee = i.profile().closeFeeAtBankruptcy() && bp != LiquidationPriceSolver.NO_PRICE
            ? MarginMath.closeFee(i, qty, bp) : 0;

        int tierAtLp = -1;
        long mmAtLp = 0;
        if (lp != LiquidationPriceSolver.NO_PRICE) {
            tierAtLp = MarginMath.maintenanceBracket(i, qty, entry, lp);
            mmAtLp = Fixed.add(MarginMath.maintenanceMargin(i, qty, entry, lp), closeFee);
        }
        long mmAtMark = 0;
        long balanceAtMark = 0;
        long ratio = 0;
        if (p.hasMark()) {
            mmAtMark = Fixed.add(MarginMath.maintenanceMargin(i, qty, entry, p.markPrice()), closeFee);
            balanceAtMark = MarginMath.marginBalance(i, p.side(), qty, entry, p.margin(), p.markPrice());
            ratio = MarginMath.marginRatio(mmAtMark, balanceAtMark);
        }
        return new CalcResult(notional, leverage, tierAtEntry, lp, bp, tierAtLp, mmAtLp, mmAtMark, balanceAtMark, ratio);
    }
}
