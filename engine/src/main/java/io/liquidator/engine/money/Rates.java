package io.liquidator.engine.money;

/**
 * Rates (maintenance margin rates, fees, leverage, margin ratios) are {@code long}s in units of
 * 1e-8: 0.4 % is {@code 400_000}, 125× leverage is {@code 12_500_000_000}. Eight decimals hold every
 * published bracket rate and fee exactly.
 */
public final class Rates {
    public static final int SCALE_DIGITS = 8;
    public static final long ONE = 100_000_000L;
    /** A margin ratio whose margin balance is zero or negative: past any threshold. */
    public static final long INFINITE = Long.MAX_VALUE;

    private Rates() {
    }
}
