package io.liquidator.journal;

/**
 * The input journal's record kinds and shared constants. Kinds 1–5 are numbered as the engine
 * journals them in a {@code REJECTION}'s input kind. (The binary layouts are documented here too.)
 */
public final class InputRecords {
    public static final byte KIND_MARK_PRICE = 1;
    public static final byte KIND_POSITION = 2;
    public static final byte KIND_WALLET = 3;
    public static final byte KIND_FUNDING = 4;
    public static final byte KIND_INSTRUMENT = 5;
    public static final byte KIND_CONTROL = 6;

    /** Position sides as the engine's {@code Side}: the sign in every formula. */
    public static final int SIDE_LONG = 1;
    public static final int SIDE_SHORT = -1;

    /** Control: write a snapshot of the engine state after every input before this one. */
    public static final int CONTROL_SNAPSHOT = 1;

    private InputRecords() {
    }
}
