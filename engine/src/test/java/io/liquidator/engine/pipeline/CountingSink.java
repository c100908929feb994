package io.liquidator.engine.pipeline;

import io.liquidator.engine.core.EventSink;

/**
 * A sink that allocates nothing: counts each kind of event and folds every argument into a running
 * digest, so that two runs can be compared (same inputs, same events in the same order) without
 * keeping the events.
 */
final class CountingSink implements EventSink {
    long marginCalls;
    long partialLiquidations;
    long liquidations;
    long insuranceFund;
    long adl;
    long rejections;
    long guards;
    long batches;
    int lastRejectionReason;
    long digest = 17;

    private void mix(final long v) {
        digest = digest * 1_000_003L + v;
    }

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        marginCalls++;
        mix(1);
        mix(inputSeq);
        mix(account);
        mix(instrument);
        mix(level);
        mix(markPrice);
        mix(equity);
        mix(maintenanceMargin);
        mix(marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                     final int side, final long closedQty, final long remainingQty, final long markPrice,
                                     final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                     final int tier, final long marginRatio, final int rule) {
        partialLiquidations++;
        mix(2);
        mix(inputSeq);
        mix(account);
        mix(closedQty);
        mix(bankruptcyPrice);
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin, final int tier,
                              final long marginRatio, final int rule) {
        liquidations++;
        mix(3);
        mix(inputSeq);
        mix(account);
        mix(instrument);
        mix(qty);
        mix(bankruptcyPrice);
        mix(equity);
        mix(rule);
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        insuranceFund++;
        mix(4);
        mix(delta);
        mix(balanceAfter);
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument, final int side,
                      final long qty, final long price, final long liquidatedAccount, final long rankScore) {
        adl++;
        mix(5);
        mix(account);
        mix(qty);
        mix(rankScore);
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        rejections++;
        lastRejectionReason = reason;
        mix(6);
        mix(inputSeq);
        mix(reason);
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        guards++;
        mix(7);
        mix(inputSeq);
        mix(instrument);
        mix(reason);
        mix(state);
        mix(price);
        mix(referencePrice);
    }

    @Override
    public void onEndOfBatch() {
        batches++;
    }

    long events() {
        return marginCalls + partialLiquidations + liquidations + insuranceFund + adl + rejections + guards;
    }

    @Override
    public String toString() {
        return "marginCalls=" + marginCalls + " partials=" + partialLiquidations + " liquidations=" + liquidations
            + " insuranceFund=" + insuranceFund + " adl=" + adl + " rejections=" + rejections
            + (guards > 0 ? " guards=" + guards : "")
            + (rejections > 0 ? " (last reason " + lastRejectionReason + ")" : "");
    }
}
