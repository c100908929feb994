package io.liquidator.engine.app;

import io.liquidator.engine.core.EventSink;
import io.liquidator.journal.EventRecords;

/**
 * Counts what the engine decided, by event kind and rejection reason, and passes every call on to
 * the sink behind it (the journal, or nothing when a replay runs without one): the figures of a
 * run's summary, kept on the engine thread with plain array increments.
 */
public final class EventCounter implements EventSink {
    private static final int MAX_REASON = 64;

    private final EventSink next;
    private final long[] byKind = new long[8];
    private final long[] byReason = new long[MAX_REASON];
    private long guardTrips;

    /** @param next where the events go, or null to only count them */
    public EventCounter(final EventSink next) {
        this.next = next;
    }

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        byKind[EventRecords.KIND_MARGIN_CALL]++;
        if (next != null) {
            next.onMarginCall(inputSeq, timestamp, account, instrument, cross, level, levelRatio, markPrice, equity,
                maintenanceMargin, tier, marginRatio);
        }
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                     final int instrument, final int side, final long closedQty,
                                     final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                     final long equity, final long maintenanceMargin, final int tier,
                                     final long marginRatio, final int rule) {
        byKind[EventRecords.KIND_PARTIAL_LIQUIDATION]++;
        if (next != null) {
            next.onPartialLiquidation(inputSeq, timestamp, account, instrument, side, closedQty, remainingQty,
                markPrice, bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
        }
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                              final int tier, final long marginRatio, final int rule) {
        byKind[EventRecords.KIND_LIQUIDATION]++;
        if (next != null) {
            next.onLiquidation(inputSeq, timestamp, account, instrument, side, qty, cross, markPrice, bankruptcyPrice,
                equity, maintenanceMargin, tier, marginRatio, rule);
        }
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        byKind[EventRecords.KIND_INSURANCE_FUND]++;
        if (next != null) {
            next.onInsuranceFund(inputSeq, timestamp, account, instrument, asset, delta, balanceAfter);
        }
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                      final int side, final long qty, final long price, final long liquidatedAccount,
                      final long rankScore) {
        byKind[EventRecords.KIND_ADL]++;
        if (next != null) {
            next.onAdl(inputSeq, timestamp, account, instrument, side, qty, price, liquidatedAccount, rankScore);
        }
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        byKind[EventRecords.KIND_REJECTION]++;
        byReason[reason > 0 && reason < MAX_REASON ? reason : 0]++;
        if (next != null) {
            next.onRejection(inputSeq, timestamp, inputKind, account, instrument, reason, line);
        }
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        byKind[EventRecords.KIND_GUARD]++;
        if (state == io.liquidator.journal.Guards.TRIPPED) {
            guardTrips++;
        }
        if (next != null) {
            next.onGuard(inputSeq, timestamp, instrument, reason, state, price, referencePrice);
        }
    }

    @Override
    public void onEndOfBatch() {
        if (next != null) {
            next.onEndOfBatch();
        }
    }

    /** Events of an {@link EventRecords} kind so far (engine thread, or after the pipeline closed). */
    public long count(final int kind) {
        return byKind[kind];
    }

    /** Rejections with a {@code Rejections} reason so far (0: a reason this build does not know). */
    public long rejections(final int reason) {
        return byReason[reason];
    }

    /** GUARD records that tripped a guard (the others released one). */
    public long guardTrips() {
        return guardTrips;
    }

    public long total() {
        long n = 0;
        for (final long c : byKind) {
            n += c;
        }
        return n;
    }

    static int maxReason() {
        return MAX_REASON;
    }
}
