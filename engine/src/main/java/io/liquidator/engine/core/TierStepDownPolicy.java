package io.liquidator.engine.core;

import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.money.Fixed;

import java.math.RoundingMode;

/**
 * Bybit/BitMEX/OKX-style risk-limit step-down: reduce the position to the largest size (on the
 * quantity step) whose notional at the mark falls in the next lower bracket, if the margin left
 * (plus the PnL realised on the closed part) then covers the smaller maintenance margin; otherwise,
 * and always in the lowest bracket, close it in full.
 */
public final class TierStepDownPolicy implements PartialLiquidationPolicy {
    public static final TierStepDownPolicy INSTANCE = new TierStepDownPolicy();

    private TierStepDownPolicy() {
    }

    @Override
    public long quantityToClose(final Instrument i, final int side, final long qty, final long entryPrice,
                                final long margin, final long markPrice, final long timestamp, final long cooldownUntil) {
        final int bracket = MarginMath.bracketAt(i, qty, markPrice);
        if (bracket == 0) {
            return qty;
        }
        final long floor = i.brackets().floor(bracket);
        // largest q' with notional(q', mark) < floor
        final long bound = i.kind() == ContractKind.LINEAR
            ? Fixed.mulDiv(floor, i.valueDivisor(), Fixed.mul(markPrice, i.valueMultiplier()), RoundingMode.CEILING)
            : Fixed.mulDiv(Fixed.mul(floor, markPrice), i.valueDivisor(), i.valueMultiplier(), RoundingMode.CEILING);
        long remaining = Fixed.roundToStep(bound - 1, i.stepSize(), RoundingMode.FLOOR);
        while (remaining > 0 && MarginMath.notional(i, remaining, markPrice) >= floor) {
            remaining -= i.stepSize();
        }
        if (remaining <= 0 || remaining >= qty) {
            return qty;
        }
        final long closed = qty - remaining;
        final long realised = MarginMath.unrealizedPnl(i, side, closed, entryPrice, markPrice);
        final long marginAfter = Fixed.add(margin, realised);
        if (Fixed.add(marginAfter, MarginMath.surplus(i, side, remaining, entryPrice, markPrice)) <= 0) {
            return qty;
        }
        return closed;
    }

    @Override
    public int partialRule() {
        return Rules.TIER_STEP_DOWN;
    }

    @Override
    public long cooldownMillis() {
        return 0;
    }
}
