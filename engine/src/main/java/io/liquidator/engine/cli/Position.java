package io.liquidator.engine.cli;

import io.liquidator.engine.instrument.Instrument;

/**
 * One validated calculator position, every number raw in its instrument's scales.
 *
 * @param side       {@code Side.LONG} or {@code Side.SHORT}
 * @param cross      the margin is the whole cross wallet balance (else an isolated margin)
 * @param margin     isolated margin or wallet balance, balance units of the settlement asset
 * @param markPrice  {@link #NO_MARK} when none was given
 */
record Position(Instrument instrument, int side, long qty, long entryPrice, boolean cross, long margin,
                long markPrice) {
    /** Prices are positive, so 0 can mean "no mark". */
    static final long NO_MARK = 0;

    boolean hasMark() {
        return markPrice != NO_MARK;
    }
}
