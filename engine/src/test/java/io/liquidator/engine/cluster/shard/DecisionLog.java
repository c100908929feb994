package io.liquidator.engine.cluster.shard;

import io.liquidator.engine.core.EventSink;
import io.liquidator.journal.Rejections;

import java.util.ArrayList;
import java.util.List;

/**
 * Test sink: every event an engine emits, in order, with every argument. No output sequence: the
 * engine does not know it (the journal numbers events), and two shards number theirs apart anyway.
 * Filled on the engine thread, read after the session closed (which joins that thread).
 */
final class DecisionLog implements EventSink {
    static final String MARGIN_CALL = "MARGIN_CALL";
    static final String PARTIAL_LIQUIDATION = "PARTIAL_LIQUIDATION";
    static final String LIQUIDATION = "LIQUIDATION";
    static final String INSURANCE_FUND = "INSURANCE_FUND";
    static final String ADL = "ADL";
    static final String REJECTION = "REJECTION";
    static final String GUARD = "GUARD";

    /**
     * One event: what it is, the input that caused it, whose and where (asset: the insurance fund's,
     * -1 for the other kinds, which name an instrument), and every other argument as text.
     */
    record Decision(String kind, long inputSeq, long timestamp, long account, int instrument, int asset,
                    String detail) {
    }

    final List<Decision> decisions = new ArrayList<>();

    private void add(final String kind, final long inputSeq, final long timestamp, final long account,
                     final int instrument, final int asset, final String detail) {
        decisions.add(new Decision(kind, inputSeq, timestamp, account, instrument, asset, detail));
    }

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        add(MARGIN_CALL, inputSeq, timestamp, account, instrument, -1, "cross=" + cross + " level=" + level
            + " levelRatio=" + levelRatio + " mark=" + markPrice + " equity=" + equity + " mm=" + maintenanceMargin
            + " tier=" + tier + " ratio=" + marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                     final int side, final long closedQty, final long remainingQty, final long markPrice,
                                     final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                     final int tier, final long marginRatio, final int rule) {
        add(PARTIAL_LIQUIDATION, inputSeq, timestamp, account, instrument, -1, "side=" + side + " closed=" + closedQty
            + " remaining=" + remainingQty + " mark=" + markPrice + " bankruptcy=" + bankruptcyPrice + " equity=" + equity
            + " mm=" + maintenanceMargin + " tier=" + tier + " ratio=" + marginRatio + " rule=" + rule);
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                              final int tier, final long marginRatio, final int rule) {
        add(LIQUIDATION, inputSeq, timestamp, account, instrument, -1, "side=" + side + " qty=" + qty + " cross=" + cross
            + " mark=" + markPrice + " bankruptcy=" + bankruptcyPrice + " equity=" + equity + " mm=" + maintenanceMargin
            + " tier=" + tier + " ratio=" + marginRatio + " rule=" + rule);
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        add(INSURANCE_FUND, inputSeq, timestamp, account, instrument, asset, "delta=" + delta + " after=" + balanceAfter);
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                      final int side, final long qty, final long price, final long liquidatedAccount,
                      final long rankScore) {
        add(ADL, inputSeq, timestamp, account, instrument, -1, "side=" + side + " qty=" + qty + " price=" + price
            + " against=" + liquidatedAccount + " score=" + rankScore);
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        add(REJECTION, inputSeq, timestamp, account, instrument, -1, "kind=" + inputKind + " reason="
            + Rejections.name(reason) + " line=" + line);
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        add(GUARD, inputSeq, timestamp, 0, instrument, -1, "reason=" + reason + " state=" + state + " price=" + price
            + " reference=" + referencePrice);
    }
}
