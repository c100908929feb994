package io.liquidator.engine.core;

/** Why an input was refused. Codes are stable: they are journaled. */
public final class Rejections {
    public static final int UNKNOWN_INSTRUMENT = 1;
    public static final int NON_POSITIVE_PRICE = 2;
    public static final int PRICE_OFF_TICK = 3;
    public static final int PRICE_ABOVE_MAXIMUM = 4;
    public static final int SEQUENCE_NOT_INCREASING = 5;
    public static final int TIMESTAMP_BACKWARDS = 6;
    public static final int INVALID_SIDE = 7;
    public static final int NEGATIVE_QUANTITY = 8;
    public static final int QUANTITY_OFF_STEP = 9;
    public static final int NEGATIVE_MARGIN = 10;
    public static final int UNKNOWN_ASSET = 11;
    public static final int ARITHMETIC_OVERFLOW = 12;
    public static final int NO_MARK_PRICE = 13;
    public static final int UNKNOWN_INPUT_KIND = 14;
    public static final int UNKNOWN_ACCOUNT = 15;
    public static final int INCOMPATIBLE_INSTRUMENT_UPDATE = 16;

    private static final String[] NAMES = {
        "", "UNKNOWN_INSTRUMENT", "NON_POSITIVE_PRICE", "PRICE_OFF_TICK", "PRICE_ABOVE_MAXIMUM",
        "SEQUENCE_NOT_INCREASING", "TIMESTAMP_BACKWARDS", "INVALID_SIDE", "NEGATIVE_QUANTITY", "QUANTITY_OFF_STEP",
        "NEGATIVE_MARGIN", "UNKNOWN_ASSET", "ARITHMETIC_OVERFLOW", "NO_MARK_PRICE", "UNKNOWN_INPUT_KIND",
        "UNKNOWN_ACCOUNT", "INCOMPATIBLE_INSTRUMENT_UPDATE"
    };

    private Rejections() {
    }

    public static String name(final int reason) {
        return reason > 0 && reason < NAMES.length ? NAMES[reason] : "UNKNOWN_REASON_" + reason;
    }
}
