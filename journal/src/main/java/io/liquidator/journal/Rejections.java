package io.liquidator.journal;

/**
 * Why an input was refused. The codes are part of the wire: they are journaled in every
 * {@code REJECTION} record, so a code never changes meaning and new ones are only appended.
 *
 * <p>Codes 1–16 are the engine's own checks on a decoded input; 17–22 are found before the engine, by
 * whatever decoded the input (a CSV row, an input-journal record, an importer), and reach the engine
 * as a malformed input so that their rejection is journaled in input order like any other; 23 and up
 * are the engine's again (checks of an input against the engine's state, and its internal error).
 */
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
    /** A row or record that cannot be read as its kind: wrong field count, a bad enum value, bad structure. */
    public static final int MALFORMED_RECORD = 17;
    /** A required field is empty. */
    public static final int MISSING_FIELD = 18;
    /** A numeric field is not a plain decimal: NaN, Infinity, exponent notation, letters. */
    public static final int NOT_A_NUMBER = 19;
    /** A binary record whose layout version this build does not know. */
    public static final int UNKNOWN_RECORD_VERSION = 20;
    /** A binary record shorter than its kind's layout. */
    public static final int TRUNCATED_RECORD = 21;
    /** An instrument update whose definition does not parse or does not validate. */
    public static final int INVALID_INSTRUMENT_DEFINITION = 22;
    /**
     * A position whose value at its entry price (qty × price in balance units), or at the current
     * mark, does not fit the fixed-point range: refused up front rather than failing deep inside the
     * margin arithmetic with {@link #ARITHMETIC_OVERFLOW}.
     */
    public static final int VALUE_OVERFLOW = 23;
    /** An isolated position whose margin is below the initial margin at its bracket's maximum leverage. */
    public static final int LEVERAGE_ABOVE_MAXIMUM = 24;
    /** An isolated position already bankrupt at the current mark: margin + unrealised PnL &lt; 0. */
    public static final int BANKRUPT_AT_MARK = 25;
    /** A funding rate beyond &plusmn;100 % of the notional per settlement. */
    public static final int FUNDING_RATE_OUT_OF_RANGE = 26;
    /**
     * Not the input's fault: the engine failed on it (a bug, an invariant violation). Journaled with
     * the input's sequence as the engine's last record before it halts; see {@code LiquidationEngine#onInternalError}.
     */
    public static final int INTERNAL_ERROR = 27;
    /**
     * A cluster member that holds one shard received an input for an instrument or settlement asset
     * of another shard (a router misconfigured, or a client sending to the wrong cluster): refused, so
     * that no shard keeps state another shard owns.
     */
    public static final int WRONG_SHARD = 28;

    private static final String[] NAMES = {
        "", "UNKNOWN_INSTRUMENT", "NON_POSITIVE_PRICE", "PRICE_OFF_TICK", "PRICE_ABOVE_MAXIMUM",
        "SEQUENCE_NOT_INCREASING", "TIMESTAMP_BACKWARDS", "INVALID_SIDE", "NEGATIVE_QUANTITY", "QUANTITY_OFF_STEP",
        "NEGATIVE_MARGIN", "UNKNOWN_ASSET", "ARITHMETIC_OVERFLOW", "NO_MARK_PRICE", "UNKNOWN_INPUT_KIND",
        "UNKNOWN_ACCOUNT", "INCOMPATIBLE_INSTRUMENT_UPDATE", "MALFORMED_RECORD", "MISSING_FIELD", "NOT_A_NUMBER",
        "UNKNOWN_RECORD_VERSION", "TRUNCATED_RECORD", "INVALID_INSTRUMENT_DEFINITION", "VALUE_OVERFLOW",
        "LEVERAGE_ABOVE_MAXIMUM", "BANKRUPT_AT_MARK", "FUNDING_RATE_OUT_OF_RANGE", "INTERNAL_ERROR",
        "WRONG_SHARD"
    };

    private Rejections() {
    }

    public static String name(final int reason) {
        return reason > 0 && reason < NAMES.length ? NAMES[reason] : "UNKNOWN_REASON_" + reason;
    }
}
