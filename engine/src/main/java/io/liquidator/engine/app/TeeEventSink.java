package io.liquidator.engine.app;

import io.liquidator.engine.core.EventSink;

/**
 * Hands every event to two sinks, the first first: the output journal, then an embedding
 * application's listener ({@link EngineSession.Options#listener}), so that an event the listener
 * sees is already journaled. Engine thread; forwards primitives, allocates nothing.
 */
final class TeeEventSink implements EventSink {
    private final EventSink first;
    private final EventSink second;

    TeeEventSink(final EventSink first, final EventSink second) {
        this.first = first;
        this.second = second;
    }

    /** {@code a} then {@code b}; either may be null (then the other alone, or null for none). */
    static EventSink of(final EventSink a, final EventSink b) {
        return a == null ? b : b == null ? a : new TeeEventSink(a, b);
    }

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        first.onMarginCall(inputSeq, timestamp, account, instrument, cross, level, levelRatio, markPrice, equity,
            maintenanceMargin, tier, marginRatio);
        second.onMarginCall(inputSeq, timestamp, account, instrument, cross, level, levelRatio, markPrice, equity,
            maintenanceMargin, tier, marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                     final int instrument, final int side, final long closedQty,
                                     final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                     final long equity, final long maintenanceMargin, final int tier,
                                     final long marginRatio, final int rule) {
        first.onPartialLiquidation(inputSeq, timestamp, account, instrument, side, closedQty, remainingQty, markPrice,
            bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
        second.onPartialLiquidation(inputSeq, timestamp, account, instrument, side, closedQty, remainingQty, markPrice,
            bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                              final int tier, final long marginRatio, final int rule) {
        first.onLiquidation(inputSeq, timestamp, account, instrument, side, qty, cross, markPrice, bankruptcyPrice,
            equity, maintenanceMargin, tier, marginRatio, rule);
        second.onLiquidation(inputSeq, timestamp, account, instrument, side, qty, cross, markPrice, bankruptcyPrice,
            equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        first.onInsuranceFund(inputSeq, timestamp, account, instrument, asset, delta, balanceAfter);
        second.onInsuranceFund(inputSeq, timestamp, account, instrument, asset, delta, balanceAfter);
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                      final int side, final long qty, final long price, final long liquidatedAccount,
                      final long rankScore) {
        first.onAdl(inputSeq, timestamp, account, instrument, side, qty, price, liquidatedAccount, rankScore);
        second.onAdl(inputSeq, timestamp, account, instrument, side, qty, price, liquidatedAccount, rankScore);
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        first.onRejection(inputSeq, timestamp, inputKind, account, instrument, reason, line);
        second.onRejection(inputSeq, timestamp, inputKind, account, instrument, reason, line);
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        first.onGuard(inputSeq, timestamp, instrument, reason, state, price, referencePrice);
        second.onGuard(inputSeq, timestamp, instrument, reason, state, price, referencePrice);
    }

    @Override
    public void onEndOfBatch() {
        first.onEndOfBatch();
        second.onEndOfBatch();
    }
}
