package io.liquidator.bench.compare;

import io.liquidator.journal.EventRecords;

/**
 * What the baseline check compares between the liquidator's journal and the naive baseline: which
 * tick (index in the stream) did what ({@link EventRecords} kind) to which account on which
 * instrument, and the margin-call level (0 for other kinds).
 */
record Decision(long tick, int kind, long account, int instrument, int level) {
    @Override
    public String toString() {
        return "tick " + tick + " " + EventRecords.name(kind) + " account " + account + " instrument "
            + instrument + (level == 0 ? "" : " level " + level);
    }
}
