package io.liquidator.engine.core;

/**
 * Where the engine's decisions go. The journal implements it with Chronicle Queue, tests with an
 * in-memory recorder, an embedding backend with its own code.
 *
 * <p>Every call carries <em>why</em>: the input sequence and timestamp of the input that caused it,
 * the mark it was evaluated at, the equity and maintenance margin behind the decision, the bracket
 * and the margin ratio. Amounts are raw fixed-point in the instrument's (or asset's) scales, rates
 * and ratios in {@link io.liquidator.engine.money.Rates} units. Primitive arguments only: the engine
 * calls these on its hot path and must not allocate, so implementations copy what they keep.
 * Calls arrive on the engine thread, in a deterministic order.
 */
public interface EventSink {

    /** A margin-ratio level was crossed (hysteresis applied). {@code level} is 1-based. */
    void onMarginCall(long inputSeq, long timestamp, long account, int instrument, boolean cross, int level,
                      long levelRatio, long markPrice, long equity, long maintenanceMargin, int tier, long marginRatio);

    /** Part of a position was closed at the mark to bring it back above maintenance. */
    void onPartialLiquidation(long inputSeq, long timestamp, long account, int instrument, int side, long closedQty,
                              long remainingQty, long markPrice, long bankruptcyPrice, long equity,
                              long maintenanceMargin, int tier, long marginRatio, int rule);

    /** A position was closed in full; the user's side is settled at the bankruptcy price. */
    void onLiquidation(long inputSeq, long timestamp, long account, int instrument, int side, long qty, boolean cross,
                       long markPrice, long bankruptcyPrice, long equity, long maintenanceMargin, int tier,
                       long marginRatio, int rule);

    /** The insurance fund of {@code asset} took {@code delta} (positive: gained) from a liquidation. */
    void onInsuranceFund(long inputSeq, long timestamp, long account, int instrument, int asset, long delta,
                         long balanceAfter);

    /**
     * Auto-deleveraging: {@code account}'s {@code side} position on {@code instrument} was reduced by
     * {@code qty} at {@code price} (the bankrupt position's bankruptcy price) against
     * {@code liquidatedAccount}; {@code rankScore} is the profit × leverage score that chose it.
     */
    void onAdl(long inputSeq, long timestamp, long account, int instrument, int side, long qty, long price,
               long liquidatedAccount, long rankScore);

    /**
     * An input was refused; the engine carried on. {@code reason} is a {@link io.liquidator.journal.Rejections}
     * code; {@code line} the input's line in the file it was read from (replay of CSV files), 0 otherwise.
     */
    void onRejection(long inputSeq, long timestamp, int inputKind, long account, int instrument, int reason,
                     long line);

    /**
     * The price guard of {@code instrument} tripped (liquidation on it pauses) or released (it
     * resumes) on the tick {@code inputSeq} at {@code price}, judged against {@code referencePrice}
     * (0 when there was none yet). {@code reason} and {@code state} are
     * {@link io.liquidator.journal.Guards} codes. See {@link PriceGuard} for when each happens.
     */
    void onGuard(long inputSeq, long timestamp, int instrument, int reason, int state, long price, long referencePrice);

    /** End of a batch of inputs: the place to flush. */
    default void onEndOfBatch() {
    }
}
