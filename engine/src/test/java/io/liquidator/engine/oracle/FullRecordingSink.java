package io.liquidator.engine.oracle;

import io.liquidator.journal.Guards;
import io.liquidator.journal.Rejections;
import io.liquidator.engine.core.EventSink;

import io.liquidator.engine.core.Rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every event with EVERY argument (timestamp, side, level ratio included), one line each, so
 * that the engine's and the oracle's outputs compare with {@code equals}; also counts events by kind.
 */
final class FullRecordingSink implements EventSink {
    final List<String> events = new ArrayList<>();

    long marginCalls;
    long crossMarginCalls;
    long partials;
    long isolatedLiquidations;
    long backstops;
    long crossLiquidations;
    long insuranceFund;
    long insuranceFundPayouts;
    long adl;
    long rejections;
    long guards;

    void clear() {
        events.clear();
    }

    @Override
    public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                             final boolean cross, final int level, final long levelRatio, final long markPrice,
                             final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
        marginCalls++;
        if (cross) {
            crossMarginCalls++;
        }
        events.add("MARGIN_CALL seq=" + inputSeq + " ts=" + timestamp + " account=" + account + " instrument=" + instrument
            + " cross=" + cross + " level=" + level + " levelRatio=" + levelRatio + " mark=" + markPrice + " equity="
            + equity + " mm=" + maintenanceMargin + " tier=" + tier + " ratio=" + marginRatio);
    }

    @Override
    public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                     final int side, final long closedQty, final long remainingQty, final long markPrice,
                                     final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                     final int tier, final long marginRatio, final int rule) {
        partials++;
        events.add("PARTIAL_LIQUIDATION seq=" + inputSeq + " ts=" + timestamp + " account=" + account + " instrument="
            + instrument + " side=" + side + " closed=" + closedQty + " remaining=" + remainingQty + " mark=" + markPrice
            + " bankruptcy=" + bankruptcyPrice + " equity=" + equity + " mm=" + maintenanceMargin + " tier=" + tier
            + " ratio=" + marginRatio + " rule=" + Rules.name(rule));
    }

    @Override
    public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                              final int side, final long qty, final boolean cross, final long markPrice,
                              final long bankruptcyPrice, final long equity, final long maintenanceMargin, final int tier,
                              final long marginRatio, final int rule) {
        if (cross) {
            crossLiquidations++;
        } else {
            isolatedLiquidations++;
        }
        if (rule == Rules.BACKSTOP) {
            backstops++;
        }
        events.add("LIQUIDATION seq=" + inputSeq + " ts=" + timestamp + " account=" + account + " instrument=" + instrument
            + " side=" + side + " qty=" + qty + " cross=" + cross + " mark=" + markPrice + " bankruptcy=" + bankruptcyPrice
            + " equity=" + equity + " mm=" + maintenanceMargin + " tier=" + tier + " ratio=" + marginRatio + " rule="
            + Rules.name(rule));
    }

    @Override
    public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                final int asset, final long delta, final long balanceAfter) {
        insuranceFund++;
        if (delta < 0) {
            insuranceFundPayouts++;
        }
        events.add("INSURANCE_FUND seq=" + inputSeq + " ts=" + timestamp + " account=" + account + " instrument="
            + instrument + " asset=" + asset + " delta=" + delta + " balance=" + balanceAfter);
    }

    @Override
    public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument, final int side,
                      final long qty, final long price, final long liquidatedAccount, final long rankScore) {
        adl++;
        events.add("ADL seq=" + inputSeq + " ts=" + timestamp + " account=" + account + " instrument=" + instrument
            + " side=" + side + " qty=" + qty + " price=" + price + " against=" + liquidatedAccount + " score=" + rankScore);
    }

    @Override
    public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                            final int instrument, final int reason, final long line) {
        rejections++;
        events.add("REJECTION seq=" + inputSeq + " ts=" + timestamp + " kind=" + inputKind + " account=" + account
            + " instrument=" + instrument + " reason=" + Rejections.name(reason));
    }

    @Override
    public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                        final int state, final long price, final long referencePrice) {
        guards++;
        events.add("GUARD seq=" + inputSeq + " ts=" + timestamp + " instrument=" + instrument + " reason="
            + Guards.reasonName(reason) + " state=" + Guards.stateName(state) + " price=" + price + " reference="
            + referencePrice);
    }
}
