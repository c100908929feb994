package io.liquidator.bench;

import io.liquidator.engine.core.EventSink;

/**
 * The cheapest possible sink that still has an effect: it counts, so the engine's calls into it
 * cannot be optimised away, and allocates nothing. Benchmarks measure the engine, not a journal.
 */
final class NullSink implements EventSink {
    long marginCalls;
    long liquidations;
    long other;
    long rejections;

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        marginCalls++;
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                     final int side, final long closedQty, final long remainingQty, final long markPrice,
                                     final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                     final int tier, final long marginRatio, final int rule) {
        liquidations++;
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin, final int tier,
                              final long marginRatio, final int rule) {
        liquidations++;
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        other++;
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument, final int side,
                      final long qty, final long price, final long liquidatedAccount, final long rankScore) {
        other++;
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        rejections++;
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        other++;
    }

    long events() {
        return marginCalls + liquidations + other + rejections;
    }
}
