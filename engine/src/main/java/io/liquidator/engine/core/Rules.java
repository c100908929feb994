package io.liquidator.engine.core;

/** Which rule produced a liquidation event. Codes are stable: they are journaled. */
public final class Rules {
    /** Margin balance ≤ maintenance margin; closed in full. */
    public static final int MAINTENANCE = 1;
    /** Partial: reduced into the next lower bracket, where the remaining margin covers maintenance. */
    public static final int TIER_STEP_DOWN = 2;
    /** Partial: a fixed fraction, then a cooldown. */
    public static final int FIXED_FRACTION = 3;
    /** Full liquidation during a partial-liquidation cooldown because equity reached zero. */
    public static final int BACKSTOP = 4;
    /** A cross account: all its positions in that settlement asset closed together. */
    public static final int CROSS_ACCOUNT = 5;

    private static final String[] NAMES = {"", "MAINTENANCE", "TIER_STEP_DOWN", "FIXED_FRACTION", "BACKSTOP", "CROSS_ACCOUNT"};

    private Rules() {
    }

    public static String name(final int rule) {
        return rule > 0 && rule < NAMES.length ? NAMES[rule] : "UNKNOWN_RULE_" + rule;
    }
}
