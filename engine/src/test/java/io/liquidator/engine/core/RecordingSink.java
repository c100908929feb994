package io.liquidator.engine.core;

import io.liquidator.journal.Guards;
import io.liquidator.journal.Rejections;
import java.util.ArrayList;
import java.util.List;

/** Test sink: every event as one line of text, in order, so two runs can be compared with equals. */
public final class RecordingSink implements EventSink {
    public final List<String> events = new ArrayList<>();

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        events.add("MARGIN_CALL seq=" + inputSeq + " account=" + account + " instrument=" + instrument + " cross=" + cross
            + " level=" + level + " mark=" + markPrice + " equity=" + equity + " mm=" + maintenanceMargin + " tier=" + tier
            + " ratio=" + marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                     final int side, final long closedQty, final long remainingQty, final long markPrice,
                                     final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                     final int tier, final long marginRatio, final int rule) {
        events.add("PARTIAL_LIQUIDATION seq=" + inputSeq + " account=" + account + " instrument=" + instrument + " side="
            + side + " closed=" + closedQty + " remaining=" + remainingQty + " mark=" + markPrice + " bankruptcy="
            + bankruptcyPrice + " equity=" + equity + " mm=" + maintenanceMargin + " tier=" + tier + " ratio=" + marginRatio
            + " rule=" + Rules.name(rule));
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin, final int tier,
                              final long marginRatio, final int rule) {
        events.add("LIQUIDATION seq=" + inputSeq + " account=" + account + " instrument=" + instrument + " side=" + side
            + " qty=" + qty + " cross=" + cross + " mark=" + markPrice + " bankruptcy=" + bankruptcyPrice + " equity="
            + equity + " mm=" + maintenanceMargin + " tier=" + tier + " ratio=" + marginRatio + " rule=" + Rules.name(rule));
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        events.add("INSURANCE_FUND seq=" + inputSeq + " account=" + account + " instrument=" + instrument + " asset=" + asset
            + " delta=" + delta + " balance=" + balanceAfter);
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument, final int side,
                      final long qty, final long price, final long liquidatedAccount, final long rankScore) {
        events.add("ADL seq=" + inputSeq + " account=" + account + " instrument=" + instrument + " side=" + side + " qty="
            + qty + " price=" + price + " against=" + liquidatedAccount + " score=" + rankScore);
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        events.add("REJECTION seq=" + inputSeq + " kind=" + inputKind + " account=" + account + " instrument=" + instrument
            + " reason=" + Rejections.name(reason) + (line == 0 ? "" : " line=" + line));
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        events.add("GUARD seq=" + inputSeq + " instrument=" + instrument + " reason=" + Guards.reasonName(reason)
            + " state=" + Guards.stateName(state) + " price=" + price + " reference=" + referencePrice);
    }
}
