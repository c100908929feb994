package io.liquidator.bench.compare;

import io.liquidator.journal.EventRecords;

import java.math.BigDecimal;

/**
 * One decision of the naive baseline, an object per event as a first attempt would emit it: the
 * same kinds and figures as the engine's events ({@link EventRecords} kind codes), in
 * {@link BigDecimal}.
 */
final class NaiveDecision {
    final long tick;
    final int kind;
    final long account;
    final int instrument;
    /** Margin-call level (1-based); 0 for other kinds. */
    final int level;
    final BigDecimal markPrice;
    final BigDecimal equity;
    final BigDecimal maintenanceMargin;
    /** Margin ratio (margin calls and liquidations), bankruptcy price (isolated liquidations), or null. */
    final BigDecimal ratio;
    final BigDecimal bankruptcyPrice;
    /** Insurance fund: what it took (negative: paid), and its balance after. */
    final BigDecimal delta;
    BigDecimal balanceAfter;

    NaiveDecision(final long tick, final int kind, final long account, final int instrument, final int level,
                  final BigDecimal markPrice, final BigDecimal equity, final BigDecimal maintenanceMargin,
                  final BigDecimal ratio, final BigDecimal bankruptcyPrice, final BigDecimal delta) {
        this.tick = tick;
        this.kind = kind;
        this.account = account;
        this.instrument = instrument;
        this.level = level;
        this.markPrice = markPrice;
        this.equity = equity;
        this.maintenanceMargin = maintenanceMargin;
        this.ratio = ratio;
        this.bankruptcyPrice = bankruptcyPrice;
        this.delta = delta;
    }

    /** What the baseline check compares. */
    Decision key() {
        return new Decision(tick, kind, account, instrument, level);
    }
}
