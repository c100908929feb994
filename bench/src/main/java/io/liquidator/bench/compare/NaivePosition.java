package io.liquidator.bench.compare;

import java.math.BigDecimal;

/**
 * The naive baseline's position: a plain mutable object, amounts as {@link BigDecimal} in the
 * instrument's own units (BTC, USDT), the way a first attempt stores it.
 */
final class NaivePosition {
    final long id;
    final long account;
    final int instrument;
    /** +1 long, -1 short. */
    final int side;
    final BigDecimal qty;
    final BigDecimal entryPrice;
    final boolean cross;
    /** Isolated margin in USDT; zero for a cross position. */
    final BigDecimal margin;
    /** The margin-call level last fired (0: none), for isolated positions. */
    int alertLevel;

    NaivePosition(final long id, final long account, final int instrument, final int side, final BigDecimal qty,
                  final BigDecimal entryPrice, final boolean cross, final BigDecimal margin) {
        this.id = id;
        this.account = account;
        this.instrument = instrument;
        this.side = side;
        this.qty = qty;
        this.entryPrice = entryPrice;
        this.cross = cross;
        this.margin = margin;
    }
}
