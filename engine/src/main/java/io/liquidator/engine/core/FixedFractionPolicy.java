package io.liquidator.engine.core;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.Rates;

import java.math.RoundingMode;

/**
 * Hyperliquid-style: a position above a minimum notional is reduced by a fixed fraction (20 %),
 * then left alone for a cooldown (30 s of exchange time) so the book can absorb it; during the
 * cooldown it is closed in full only if its equity reaches zero (a backstop). Smaller positions are
 * closed in full.
 */
public final class FixedFractionPolicy implements PartialLiquidationPolicy {
    private final long fraction;
    private final long cooldownMillis;
    private final long minimumNotional;

    /**
     * @param fraction        share closed per step, {@link Rates} units (0.2 = 20_000_000)
     * @param cooldownMillis  exchange-time pause after a partial close
     * @param minimumNotional positions at or below this notional (balance units) are closed in full
     */
    public FixedFractionPolicy(final long fraction, final long cooldownMillis, final long minimumNotional) {
        if (fraction <= 0 || fraction >= Rates.ONE) {
            throw new IllegalArgumentException("fraction must be in (0, 1)");
        }
        if (cooldownMillis < 0 || minimumNotional < 0) {
            throw new IllegalArgumentException("cooldown and minimum notional must not be negative");
        }
        this.fraction = fraction;
        this.cooldownMillis = cooldownMillis;
        this.minimumNotional = minimumNotional;
    }

    @Override
    public long quantityToClose(final Instrument i, final int side, final long qty, final long entryPrice,
                                final long margin, final long markPrice, final long timestamp, final long cooldownUntil) {
        if (timestamp < cooldownUntil) {
            final long equity = MarginMath.marginBalance(i, side, qty, entryPrice, margin, markPrice);
            return equity <= 0 ? qty : 0;
        }
        if (MarginMath.notional(i, qty, markPrice) <= minimumNotional) {
            return qty;
        }
        final long closed = Fixed.roundToStep(Fixed.mulDiv(qty, fraction, Rates.ONE, RoundingMode.CEILING), i.stepSize(),
            RoundingMode.CEILING);
        return closed >= qty ? qty : closed;
    }

    @Override
    public int partialRule() {
        return Rules.FIXED_FRACTION;
    }

    @Override
    public long cooldownMillis() {
        return cooldownMillis;
    }
}
