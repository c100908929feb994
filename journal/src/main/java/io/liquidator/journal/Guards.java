package io.liquidator.journal;

/**
 * The codes of a {@code GUARD} record ({@link EventRecords#KIND_GUARD}): why a price guard tripped
 * or released, and which of the two happened. Like {@link Rejections}, the codes are part of the
 * wire: journaled in every GUARD record, so a code never changes meaning and new ones are only
 * appended.
 *
 * <p>Reasons 1–2 say why a guard tripped, 3–4 why it released; a record's {@code state} says which
 * transition it is, so a reader never has to infer it from the reason.
 */
public final class Guards {
    /** Tripped: the tick is older than the newest input the engine has accepted by more than the staleness limit. */
    public static final int STALE = 1;
    /** Tripped: the tick moved more than the band away from the reference price. */
    public static final int BAND = 2;
    /** Released: a fresh tick came back within the band of the reference price (the move was not real). */
    public static final int RETURNED = 3;
    /** Released: enough consecutive fresh ticks stayed within the band of the suspicious price (the move was real). */
    public static final int CONFIRMED = 4;

    /** Liquidation on the instrument is paused from this tick on. */
    public static final int TRIPPED = 1;
    /** Liquidation on the instrument resumes with this tick. */
    public static final int RELEASED = 2;

    private static final String[] REASONS = {"", "STALE", "BAND", "RETURNED", "CONFIRMED"};
    private static final String[] STATES = {"", "TRIPPED", "RELEASED"};

    private Guards() {
    }

    /** The reason's name as dumps print it. */
    public static String reasonName(final int reason) {
        return reason > 0 && reason < REASONS.length ? REASONS[reason] : "UNKNOWN_REASON_" + reason;
    }

    /** The state's name as dumps print it. */
    public static String stateName(final int state) {
        return state > 0 && state < STATES.length ? STATES[state] : "UNKNOWN_STATE_" + state;
    }
}
