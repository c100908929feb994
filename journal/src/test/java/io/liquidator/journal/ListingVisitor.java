package io.liquidator.journal;

import java.util.ArrayList;
import java.util.List;

/** Test visitor: one line per record, every field, in layout order. */
final class ListingVisitor implements EventRecordVisitor {
    final List<String> lines = new ArrayList<>();

    @Override
    public void onMarginCall(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                             final int instrument, final boolean cross, final int level, final long levelRatio,
                             final long markPrice, final long equity, final long maintenanceMargin, final int tier,
                             final long marginRatio) {
        lines.add("MARGIN_CALL " + outputSeq + " " + inputSeq + " " + timestamp + " " + account + " " + instrument
            + " " + cross + " " + level + " " + levelRatio + " " + markPrice + " " + equity + " " + maintenanceMargin
            + " " + tier + " " + marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                     final long account, final int instrument, final int side, final long closedQty,
                                     final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                     final long equity, final long maintenanceMargin, final int tier,
                                     final long marginRatio, final int rule) {
        lines.add("PARTIAL_LIQUIDATION " + outputSeq + " " + inputSeq + " " + timestamp + " " + account + " "
            + instrument + " " + side + " " + closedQty + " " + remainingQty + " " + markPrice + " " + bankruptcyPrice
            + " " + equity + " " + maintenanceMargin + " " + tier + " " + marginRatio + " " + rule);
    }

    @Override
    public void onLiquidation(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                              final int instrument, final int side, final long qty, final boolean cross,
                              final long markPrice, final long bankruptcyPrice, final long equity,
                              final long maintenanceMargin, final int tier, final long marginRatio, final int rule) {
        lines.add("LIQUIDATION " + outputSeq + " " + inputSeq + " " + timestamp + " " + account + " " + instrument
            + " " + side + " " + qty + " " + cross + " " + markPrice + " " + bankruptcyPrice + " " + equity + " "
            + maintenanceMargin + " " + tier + " " + marginRatio + " " + rule);
    }

    @Override
    public void onInsuranceFund(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                final int instrument, final int asset, final long delta, final long balanceAfter) {
        lines.add("INSURANCE_FUND " + outputSeq + " " + inputSeq + " " + timestamp + " " + account + " " + instrument
            + " " + asset + " " + delta + " " + balanceAfter);
    }

    @Override
    public void onAdl(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                      final int instrument, final int side, final long qty, final long price,
                      final long liquidatedAccount, final long rankScore) {
        lines.add("ADL " + outputSeq + " " + inputSeq + " " + timestamp + " " + account + " " + instrument + " "
            + side + " " + qty + " " + price + " " + liquidatedAccount + " " + rankScore);
    }

    @Override
    public void onRejection(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                            final int instrument, final int inputKind, final int reason, final long line) {
        lines.add("REJECTION " + outputSeq + " " + inputSeq + " " + timestamp + " " + account + " " + instrument
            + " " + inputKind + " " + reason + " " + line);
    }

    @Override
    public void onGuard(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                        final int instrument, final int reason, final int state, final long price,
                        final long referencePrice) {
        lines.add("GUARD " + outputSeq + " " + inputSeq + " " + timestamp + " " + account + " " + instrument + " "
            + reason + " " + state + " " + price + " " + referencePrice);
    }
}
