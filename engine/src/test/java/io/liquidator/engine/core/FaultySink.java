package io.liquidator.engine.core;

/**
 * Fault injection: passes every call on to {@code delegate}, except that a call of the chosen kind
 * throws instead (a stand-in for a bug inside the engine's handling of an input: the exception
 * leaves the engine from wherever that event is emitted, e.g. between a LIQUIDATION and its
 * INSURANCE_FUND). Deterministic: every such call throws, so a replay fails at the same place.
 */
public final class FaultySink implements EventSink {
    /** The event kinds a fault can be put on. */
    public enum On { MARGIN_CALL, PARTIAL_LIQUIDATION, LIQUIDATION, INSURANCE_FUND, ADL }

    private final EventSink delegate;
    private final On on;
    private int faults;

    public FaultySink(final EventSink delegate, final On on) {
        this.delegate = delegate;
        this.on = on;
    }

    /** How many times it threw. */
    public int faults() {
        return faults;
    }

    private void maybeFail(final On kind) {
        if (kind == on) {
            faults++;
            throw new IllegalStateException("injected fault on " + kind);
        }
    }

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        maybeFail(On.MARGIN_CALL);
        delegate.onMarginCall(inputSeq, timestamp, account, instrument, cross, level, levelRatio, markPrice, equity,
            maintenanceMargin, tier, marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                     final int side, final long closedQty, final long remainingQty, final long markPrice,
                                     final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                     final int tier, final long marginRatio, final int rule) {
        maybeFail(On.PARTIAL_LIQUIDATION);
        delegate.onPartialLiquidation(inputSeq, timestamp, account, instrument, side, closedQty, remainingQty, markPrice,
            bankruptcyPrice, equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin, final int tier,
                              final long marginRatio, final int rule) {
        maybeFail(On.LIQUIDATION);
        delegate.onLiquidation(inputSeq, timestamp, account, instrument, side, qty, cross, markPrice, bankruptcyPrice,
            equity, maintenanceMargin, tier, marginRatio, rule);
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        maybeFail(On.INSURANCE_FUND);
        delegate.onInsuranceFund(inputSeq, timestamp, account, instrument, asset, delta, balanceAfter);
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument, final int side,
                      final long qty, final long price, final long liquidatedAccount, final long rankScore) {
        maybeFail(On.ADL);
        delegate.onAdl(inputSeq, timestamp, account, instrument, side, qty, price, liquidatedAccount, rankScore);
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        delegate.onRejection(inputSeq, timestamp, inputKind, account, instrument, reason, line);
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        delegate.onGuard(inputSeq, timestamp, instrument, reason, state, price, referencePrice);
    }

    @Override
    public void onEndOfBatch() {
        delegate.onEndOfBatch();
    }
}
