package io.liquidator.engine.margin;

/**
 * Position side as the sign it carries in every formula: {@code +1} long, {@code -1} short. An
 * {@code int}, not an enum, because it multiplies quantities on the tick path.
 */
public final class Side {
    public static final int LONG = 1;
    public static final int SHORT = -1;

    private Side() {
    }

    public static String name(final int side) {
        return side == LONG ? "long" : "short";
    }

    /** Parses {@code long}/{@code short}; 0 if neither. */
    public static int parse(final String s) {
        if ("long".equals(s)) {
            return LONG;
        }
        if ("short".equals(s)) {
            return SHORT;
        }
        return 0;
    }
}
