package io.liquidator.engine.core;

import io.liquidator.engine.index.TriggerHeap;
import io.liquidator.engine.margin.Side;

/**
 * Per instrument and side, the position slots ordered by the price at which they next need a look:
 * the adverse heap holds the next threshold on the losing side (the next margin-call level, or the
 * liquidation price), the recovery heap the price at which a fired margin-call level re-arms. A
 * tick pops exactly the slots whose key it crossed — O(log n) each — and looks at no other; the
 * engine re-keys each one after evaluating it.
 *
 * <p>Firing rules: a long's adverse key fires when mark ≤ key (max-first heap), its recovery key
 * when mark ≥ key (min-first); a short's the other way round.
 */
final class LiquidationIndex {
    private final TriggerHeap[] adverseLong;
    private final TriggerHeap[] adverseShort;
    private final TriggerHeap[] recoveryLong;
    private final TriggerHeap[] recoveryShort;
    private final TriggerHeap.SlotPositions adversePositions;
    private final TriggerHeap.SlotPositions recoveryPositions;

    LiquidationIndex(final int instruments, final int capacity) {
        adverseLong = new TriggerHeap[instruments];
        adverseShort = new TriggerHeap[instruments];
        recoveryLong = new TriggerHeap[instruments];
        recoveryShort = new TriggerHeap[instruments];
        final int per = Math.max(16, capacity / Math.max(1, instruments));
        adversePositions = new TriggerHeap.SlotPositions(capacity);
        recoveryPositions = new TriggerHeap.SlotPositions(capacity);
        for (int i = 0; i < instruments; i++) {
            adverseLong[i] = new TriggerHeap(true, per, adversePositions);
            adverseShort[i] = new TriggerHeap(false, per, adversePositions);
            recoveryLong[i] = new TriggerHeap(false, 16, recoveryPositions);
            recoveryShort[i] = new TriggerHeap(true, 16, recoveryPositions);
        }
    }

    void setAdverse(final int instrument, final int side, final int slot, final long key) {
        (side == Side.LONG ? adverseLong : adverseShort)[instrument].put(slot, key);
    }

    void setRecovery(final int instrument, final int side, final int slot, final long key) {
        (side == Side.LONG ? recoveryLong : recoveryShort)[instrument].put(slot, key);
    }

    void removeAdverse(final int instrument, final int side, final int slot) {
        (side == Side.LONG ? adverseLong : adverseShort)[instrument].remove(slot);
    }

    void removeRecovery(final int instrument, final int side, final int slot) {
        (side == Side.LONG ? recoveryLong : recoveryShort)[instrument].remove(slot);
    }

    void remove(final int instrument, final int slot) {
        adverseLong[instrument].remove(slot);
        adverseShort[instrument].remove(slot);
        recoveryLong[instrument].remove(slot);
        recoveryShort[instrument].remove(slot);
    }

    /** True if a tick at {@code mark} would visit nothing: the cheap test every tick starts with. */
    boolean crossesNothing(final int instrument, final long mark) {
        final TriggerHeap al = adverseLong[instrument];
        final TriggerHeap as = adverseShort[instrument];
        final TriggerHeap rl = recoveryLong[instrument];
        final TriggerHeap rs = recoveryShort[instrument];
        return (al.isEmpty() || al.topKey() < mark) && (as.isEmpty() || as.topKey() > mark)
            && (rl.isEmpty() || rl.topKey() > mark) && (rs.isEmpty() || rs.topKey() < mark);
    }

    /**
     * Removes every slot whose key {@code mark} crosses and hands it to {@code sink}; returns how many.
     */
    int pollCrossed(final int instrument, final long mark, final SlotConsumer sink) {
        int n = 0;
        final TriggerHeap al = adverseLong[instrument];
        while (!al.isEmpty() && al.topKey() >= mark) {
            sink.accept(al.poll());
            n++;
        }
        final TriggerHeap as = adverseShort[instrument];
        while (!as.isEmpty() && as.topKey() <= mark) {
            sink.accept(as.poll());
            n++;
        }
        final TriggerHeap rl = recoveryLong[instrument];
        while (!rl.isEmpty() && rl.topKey() <= mark) {
            sink.accept(rl.poll());
            n++;
        }
        final TriggerHeap rs = recoveryShort[instrument];
        while (!rs.isEmpty() && rs.topKey() >= mark) {
            sink.accept(rs.poll());
            n++;
        }
        return n;
    }

    /** Whether {@code slot} has an adverse key (for the verifier). */
    boolean hasAdverse(final int instrument, final int side, final int slot) {
        return (side == Side.LONG ? adverseLong : adverseShort)[instrument].contains(slot);
    }

    long adverseKey(final int instrument, final int side, final int slot) {
        return (side == Side.LONG ? adverseLong : adverseShort)[instrument].keyOf(slot);
    }

    boolean hasRecovery(final int instrument, final int side, final int slot) {
        return (side == Side.LONG ? recoveryLong : recoveryShort)[instrument].contains(slot);
    }

    long recoveryKey(final int instrument, final int side, final int slot) {
        return (side == Side.LONG ? recoveryLong : recoveryShort)[instrument].keyOf(slot);
    }

    long retainedBytes() {
        long b = adversePositions.retainedBytes() + recoveryPositions.retainedBytes();
        for (int i = 0; i < adverseLong.length; i++) {
            b += adverseLong[i].retainedBytes() + adverseShort[i].retainedBytes() + recoveryLong[i].retainedBytes()
                + recoveryShort[i].retainedBytes();
        }
        return b;
    }

    /** Receives polled slots; implemented by the engine itself, so no lambda is allocated. */
    interface SlotConsumer {
        void accept(int slot);
    }
}
