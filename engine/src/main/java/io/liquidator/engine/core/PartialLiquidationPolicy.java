package io.liquidator.engine.core;

import io.liquidator.engine.instrument.Instrument;

/**
 * How much of a liquidatable isolated position to close now. The engine calls it only when the
 * position is at or past maintenance, and closes the returned quantity at the mark: the whole
 * position (full liquidation at the bankruptcy price, insurance fund, ADL), part of it (a
 * {@code PARTIAL_LIQUIDATION}), or nothing yet (a cooldown). Implementations are stateless and must
 * not allocate; the per-position cooldown lives in the engine.
 */
public interface PartialLiquidationPolicy {

    /**
     * @param cooldownUntil exchange time (ms) before which this position may not be partially
     *                      liquidated again; 0 if none
     * @return quantity to close: {@code qty} for full, {@code 0 < q < qty} for partial, {@code 0} to wait
     */
    long quantityToClose(Instrument instrument, int side, long qty, long entryPrice, long margin, long markPrice,
                         long timestamp, long cooldownUntil);

    /** The rule code a partial close of this policy reports ({@link Rules}). */
    int partialRule();

    /** Cooldown (ms of exchange time) after a partial close; 0 for none. */
    long cooldownMillis();
}
