package io.liquidator.engine.journal;

import io.liquidator.engine.core.EventSink;
import io.liquidator.journal.OutputJournal;

/**
 * The engine's decisions into the Chronicle output journal: one {@link OutputJournal} record per
 * callback, fields copied as primitives (no allocation). The journal assigns the output sequence.
 * Calls must come from one thread (the engine thread); the journal's appender is created on the
 * first call. The sink does not own the journal: whoever opened it closes it.
 */
public final class JournalEventSink implements EventSink {
    private final OutputJournal journal;

    public JournalEventSink(final OutputJournal journal) {
        this.journal = journal;
    }

    public OutputJournal journal() {
        return journal;
    }

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        journal.appendMarginCall(inputSeq, timestamp, account, instrument, cross, level, levelRatio, markPrice, equity,
            maintenanceMargin, tier, marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                     final int instrument, final int side, final long closedQty,
                                     final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                     final long equity, final long maintenanceMargin, final int tier,
                                     final long marginRatio, final int rule) {
        journal.appendPartialLiquidation(inputSeq, timestamp, account, instrument, side, closedQty, remainingQty,
            markPrice, bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                              final int tier, final long marginRatio, final int rule) {
        journal.appendLiquidation(inputSeq, timestamp, account, instrument, side, qty, cross, markPrice,
            bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        journal.appendInsuranceFund(inputSeq, timestamp, account, instrument, asset, delta, balanceAfter);
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                      final int side, final long qty, final long price, final long liquidatedAccount,
                      final long rankScore) {
        journal.appendAdl(inputSeq, timestamp, account, instrument, side, qty, price, liquidatedAccount, rankScore);
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        journal.appendRejection(inputSeq, timestamp, inputKind, account, instrument, reason, line);
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        journal.appendGuard(inputSeq, timestamp, instrument, reason, state, price, referencePrice);
    }

    /** A flush hint only: the memory-mapped queue makes each record visible when it is written. */
    @Override
    public void onEndOfBatch() {
        journal.flush();
    }
}
