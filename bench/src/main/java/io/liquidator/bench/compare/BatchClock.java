package io.liquidator.bench.compare;

import io.liquidator.engine.core.EventSink;

/**
 * Passes every event on to the journal's sink and notes, at the end of each Disruptor batch that
 * produced events, the time at which its last event had been journaled: the end of a cascade, read
 * by the producer thread once the pipeline has drained.
 *
 * <p>One {@code System.nanoTime()} per batch with events, none per event, and none for a batch of
 * quiet ticks or of pipeline controls (so the drain's own probe does not move the clock).
 */
final class BatchClock implements EventSink {
    private final EventSink journal;
    private boolean dirty;
    private volatile long lastEventBatchEnd;

    BatchClock(final EventSink journal) {
        this.journal = journal;
    }

    /** {@code System.nanoTime()} when the last batch that produced events had journaled them; 0 before any. */
    long lastEventBatchEnd() {
        return lastEventBatchEnd;
    }

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        dirty = true;
        journal.onMarginCall(inputSeq, timestamp, account, instrument, cross, level, levelRatio, markPrice, equity,
            maintenanceMargin, tier, marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                     final int instrument, final int side, final long closedQty,
                                     final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                     final long equity, final long maintenanceMargin, final int tier,
                                     final long marginRatio, final int rule) {
        dirty = true;
        journal.onPartialLiquidation(inputSeq, timestamp, account, instrument, side, closedQty, remainingQty,
            markPrice, bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                              final int tier, final long marginRatio, final int rule) {
        dirty = true;
        journal.onLiquidation(inputSeq, timestamp, account, instrument, side, qty, cross, markPrice, bankruptcyPrice,
            equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        dirty = true;
        journal.onInsuranceFund(inputSeq, timestamp, account, instrument, asset, delta, balanceAfter);
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                      final int side, final long qty, final long price, final long liquidatedAccount,
                      final long rankScore) {
        dirty = true;
        journal.onAdl(inputSeq, timestamp, account, instrument, side, qty, price, liquidatedAccount, rankScore);
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        dirty = true;
        journal.onRejection(inputSeq, timestamp, inputKind, account, instrument, reason, line);
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        dirty = true;
        journal.onGuard(inputSeq, timestamp, instrument, reason, state, price, referencePrice);
    }

    @Override
    public void onEndOfBatch() {
        journal.onEndOfBatch();
        if (dirty) {
            dirty = false;
            lastEventBatchEnd = System.nanoTime();
        }
    }
}
