package io.liquidator.bench.latency;

import io.liquidator.engine.core.EventSink;

/**
 * Passes every event on to the journal sink behind it and counts what the measured ticks did: how
 * many ticks liquidated anything (full or partial), how many liquidations and margin calls there
 * were. Plain fields on the engine thread (like {@code EventCounter}, which it stands in for), read
 * and {@link #reset} by the producer only while the engine thread is idle, after a probe.
 */
final class OutcomeSink implements EventSink {
    private final EventSink next;
    private long lastLiquidatingInput = Long.MIN_VALUE;
    long liquidatingInputs;
    long liquidations;
    long marginCalls;
    long events;

    OutcomeSink(final EventSink next) {
        this.next = next;
    }

    void reset() {
        lastLiquidatingInput = Long.MIN_VALUE;
        liquidatingInputs = 0;
        liquidations = 0;
        marginCalls = 0;
        events = 0;
    }

    private void liquidated(final long inputSeq) {
        liquidations++;
        if (inputSeq != lastLiquidatingInput) {
            lastLiquidatingInput = inputSeq;
            liquidatingInputs++;
        }
    }

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        events++;
        marginCalls++;
        next.onMarginCall(inputSeq, timestamp, account, instrument, cross, level, levelRatio, markPrice, equity,
            maintenanceMargin, tier, marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                     final int instrument, final int side, final long closedQty,
                                     final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                     final long equity, final long maintenanceMargin, final int tier,
                                     final long marginRatio, final int rule) {
        events++;
        liquidated(inputSeq);
        next.onPartialLiquidation(inputSeq, timestamp, account, instrument, side, closedQty, remainingQty, markPrice,
            bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                              final int tier, final long marginRatio, final int rule) {
        events++;
        liquidated(inputSeq);
        next.onLiquidation(inputSeq, timestamp, account, instrument, side, qty, cross, markPrice, bankruptcyPrice,
            equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        events++;
        next.onInsuranceFund(inputSeq, timestamp, account, instrument, asset, delta, balanceAfter);
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                      final int side, final long qty, final long price, final long liquidatedAccount,
                      final long rankScore) {
        events++;
        next.onAdl(inputSeq, timestamp, account, instrument, side, qty, price, liquidatedAccount, rankScore);
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        events++;
        next.onRejection(inputSeq, timestamp, inputKind, account, instrument, reason, line);
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        events++;
        next.onGuard(inputSeq, timestamp, instrument, reason, state, price, referencePrice);
    }

    @Override
    public void onEndOfBatch() {
        next.onEndOfBatch();
    }
}
