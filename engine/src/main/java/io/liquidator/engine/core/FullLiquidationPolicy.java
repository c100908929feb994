package io.liquidator.engine.core;

import io.liquidator.engine.instrument.Instrument;

/** No partial liquidation: a liquidatable position is closed in full (the smaller-account norm at Binance). */
public final class FullLiquidationPolicy implements PartialLiquidationPolicy {
    public static final FullLiquidationPolicy INSTANCE = new FullLiquidationPolicy();

    private FullLiquidationPolicy() {
    }

    @Override
    public long quantityToClose(final Instrument instrument, final int side, final long qty, final long entryPrice,
                                final long margin, final long markPrice, final long timestamp, final long cooldownUntil) {
        return qty;
    }

    @Override
    public int partialRule() {
        return Rules.MAINTENANCE;
    }

    @Override
    public long cooldownMillis() {
        return 0;
    }
}
