package io.liquidator.engine.core;

import io.liquidator.engine.index.TriggerHeap;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.snapshot.codec.SectionReader;
import io.liquidator.engine.snapshot.codec.SectionWriter;
import io.liquidator.engine.snapshot.codec.SnapshotException;
import org.agrona.MutableDirectBuffer;

/**
 * Per instrument and side, the position slots ordered by the price at which they next need a look:
 * the adverse heap holds the next threshold on the losing side (the next margin-call level, or the
 * liquidation price), the recovery heap the price at which a fired margin-call level re-arms. A
 * tick pops exactly the slots whose key it crossed — O(log n) each — and looks at no other; the
 * engine re-keys each one after evaluating it.
 *
 * <p>Firing rules: a long's adverse key fires when mark ≤ key (max-first heap), its recovery key
 * when mark ≥ key (min-first); a short's the other way round.
 *
 * <p>Funding moves every isolated margin of an instrument at once, and with it every trigger. Rather
 * than re-sort the book, each heap carries a cumulative <em>slack</em>: the most any of its triggers
 * can have moved toward firing since it was keyed. Keys are stored relative to the slack at the time
 * they were set, and a tick compares against {@code mark ± slack}, so a stale key can only fire
 * early, never late; a position that fires early is evaluated exactly and re-keyed at the current
 * slack. Funding then costs one addition per heap, not a re-sort.
 */
final class LiquidationIndex {
    private final TriggerHeap[] adverseLong;
    private final TriggerHeap[] adverseShort;
    private final TriggerHeap[] recoveryLong;
    private final TriggerHeap[] recoveryShort;
    private final TriggerHeap.SlotPositions adversePositions;
    private final TriggerHeap.SlotPositions recoveryPositions;
    /** Per instrument: cumulative slack of each heap, in price units. */
    private final long[] slackAdverseLong;
    private final long[] slackAdverseShort;
    private final long[] slackRecoveryLong;
    private final long[] slackRecoveryShort;

    LiquidationIndex(final int instruments, final int capacity) {
        adverseLong = new TriggerHeap[instruments];
        adverseShort = new TriggerHeap[instruments];
        recoveryLong = new TriggerHeap[instruments];
        recoveryShort = new TriggerHeap[instruments];
        slackAdverseLong = new long[instruments];
        slackAdverseShort = new long[instruments];
        slackRecoveryLong = new long[instruments];
        slackRecoveryShort = new long[instruments];
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

    /** Keys {@code slot} at trigger price {@code key} (a max-first heap stores key − slack, a min-first key + slack). */
    void setAdverse(final int instrument, final int side, final int slot, final long key) {
        if (side == Side.LONG) {
            adverseLong[instrument].put(slot, key - slackAdverseLong[instrument]);
        } else {
            adverseShort[instrument].put(slot, key + slackAdverseShort[instrument]);
        }
    }

    void setRecovery(final int instrument, final int side, final int slot, final long key) {
        if (side == Side.LONG) {
            recoveryLong[instrument].put(slot, key + slackRecoveryLong[instrument]);
        } else {
            recoveryShort[instrument].put(slot, key - slackRecoveryShort[instrument]);
        }
    }

    /**
     * After funding: a long's triggers may have moved up by at most {@code longShift} (price units,
     * ≥ 0 toward firing for its adverse heap when {@code longsPay}), a short's by {@code shortShift}.
     * Longs paying move longs' adverse and shorts' re-arm keys toward firing; receiving, the other two.
     */
    void addFundingSlack(final int instrument, final boolean longsPay, final long longShift, final long shortShift) {
        if (longsPay) {
            slackAdverseLong[instrument] += longShift;
            slackRecoveryShort[instrument] += shortShift;
        } else {
            slackRecoveryLong[instrument] += longShift;
            slackAdverseShort[instrument] += shortShift;
        }
    }

    /** Whether the slot has an adverse key (none: no liquidation or level price in range). */
    boolean hasAdverse(final int instrument, final int side, final int slot) {
        return (side == Side.LONG ? adverseLong : adverseShort)[instrument].contains(slot);
    }

    /** Whether the slot has a re-arm key. */
    boolean hasRecovery(final int instrument, final int side, final int slot) {
        return (side == Side.LONG ? recoveryLong : recoveryShort)[instrument].contains(slot);
    }

    /** The slot's adverse key as stored (slack-relative), for an exact restore; only if it has one. */
    long storedAdverse(final int instrument, final int side, final int slot) {
        return (side == Side.LONG ? adverseLong : adverseShort)[instrument].keyOf(slot);
    }

    /** The slot's re-arm key as stored (slack-relative); only if it has one. */
    long storedRecovery(final int instrument, final int side, final int slot) {
        return (side == Side.LONG ? recoveryLong : recoveryShort)[instrument].keyOf(slot);
    }

    /** Puts back a key read with {@link #storedAdverse} in the same input (the slacks have not moved). */
    void restoreAdverse(final int instrument, final int side, final int slot, final long stored) {
        (side == Side.LONG ? adverseLong : adverseShort)[instrument].put(slot, stored);
    }

    /** Puts back a key read with {@link #storedRecovery} in the same input. */
    void restoreRecovery(final int instrument, final int side, final int slot, final long stored) {
        (side == Side.LONG ? recoveryLong : recoveryShort)[instrument].put(slot, stored);
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
        return (al.isEmpty() || al.topKey() < mark - slackAdverseLong[instrument])
            && (as.isEmpty() || as.topKey() > mark + slackAdverseShort[instrument])
            && (rl.isEmpty() || rl.topKey() > mark + slackRecoveryLong[instrument])
            && (rs.isEmpty() || rs.topKey() < mark - slackRecoveryShort[instrument]);
    }

    /**
     * Removes every slot whose key {@code mark} crosses and hands it to {@code sink}; returns how many.
     */
    int pollCrossed(final int instrument, final long mark, final SlotConsumer sink) {
        int n = 0;
        final TriggerHeap al = adverseLong[instrument];
        final long alMark = mark - slackAdverseLong[instrument];
        while (!al.isEmpty() && al.topKey() >= alMark) {
            sink.accept(al.poll());
            n++;
        }
        final TriggerHeap as = adverseShort[instrument];
        final long asMark = mark + slackAdverseShort[instrument];
        while (!as.isEmpty() && as.topKey() <= asMark) {
            sink.accept(as.poll());
            n++;
        }
        final TriggerHeap rl = recoveryLong[instrument];
        final long rlMark = mark + slackRecoveryLong[instrument];
        while (!rl.isEmpty() && rl.topKey() <= rlMark) {
            sink.accept(rl.poll());
            n++;
        }
        final TriggerHeap rs = recoveryShort[instrument];
        final long rsMark = mark - slackRecoveryShort[instrument];
        while (!rs.isEmpty() && rs.topKey() >= rsMark) {
            sink.accept(rs.poll());
            n++;
        }
        return n;
    }

    /** Would a tick at {@code mark} visit this slot through its adverse key? (The verifier's question.) */
    boolean adverseFires(final int instrument, final int side, final int slot, final long mark) {
        if (side == Side.LONG) {
            final TriggerHeap h = adverseLong[instrument];
            return h.contains(slot) && h.keyOf(slot) >= mark - slackAdverseLong[instrument];
        }
        final TriggerHeap h = adverseShort[instrument];
        return h.contains(slot) && h.keyOf(slot) <= mark + slackAdverseShort[instrument];
    }

    /** Would a tick at {@code mark} visit this slot through its re-arm key? */
    boolean recoveryFires(final int instrument, final int side, final int slot, final long mark) {
        if (side == Side.LONG) {
            final TriggerHeap h = recoveryLong[instrument];
            return h.contains(slot) && h.keyOf(slot) <= mark + slackRecoveryLong[instrument];
        }
        final TriggerHeap h = recoveryShort[instrument];
        return h.contains(slot) && h.keyOf(slot) >= mark - slackRecoveryShort[instrument];
    }

    /**
     * Visits the adverse heap of one instrument and side (read-only, in heap array order) with each
     * key turned back into a price: the stored key plus (longs) or minus (shorts) the heap's funding
     * slack, i.e. the price at or past which a tick visits the slot now.
     */
    void forEachAdverse(final int instrument, final int side, final TriggerHeap.EntryVisitor visitor) {
        if (side == Side.LONG) {
            final long slack = slackAdverseLong[instrument];
            adverseLong[instrument].forEach((slot, key) -> visitor.accept(slot, key + slack));
        } else {
            final long slack = slackAdverseShort[instrument];
            adverseShort[instrument].forEach((slot, key) -> visitor.accept(slot, key - slack));
        }
    }

    static final int SECTION = SectionWriter.tag("INDX");

    /**
     * The index section: the four slacks per instrument, then each instrument's four heaps as laid
     * out. Slacks are part of the keys' meaning (a key is stored relative to the slack when it was
     * set), so they travel with the heaps; the shared slot → heap-position columns are rebuilt.
     */
    int writeTo(final MutableDirectBuffer buffer, final int index) {
        final int n = adverseLong.length;
        int at = SectionWriter.beginSection(buffer, index, SECTION);
        at = SectionWriter.putInt(buffer, at, n);
        at = SectionWriter.putLongs(buffer, at, slackAdverseLong, n);
        at = SectionWriter.putLongs(buffer, at, slackAdverseShort, n);
        at = SectionWriter.putLongs(buffer, at, slackRecoveryLong, n);
        at = SectionWriter.putLongs(buffer, at, slackRecoveryShort, n);
        for (int i = 0; i < n; i++) {
            at = adverseLong[i].writeTo(buffer, at);
            at = adverseShort[i].writeTo(buffer, at);
            at = recoveryLong[i].writeTo(buffer, at);
            at = recoveryShort[i].writeTo(buffer, at);
        }
        return SectionWriter.endSection(buffer, index, at);
    }

    /** Restores {@link #writeTo}'s section into this empty index; slots must lie below {@code slotBound}. */
    void readFrom(final SectionReader in, final int slotBound) {
        final int end = in.enterSection(SECTION);
        final int n = adverseLong.length;
        final int stored = in.getInt();
        if (stored != n) {
            throw new SnapshotException("the index in the snapshot covers " + stored + " instruments, this engine " + n);
        }
        in.getLongs(slackAdverseLong, n);
        in.getLongs(slackAdverseShort, n);
        in.getLongs(slackRecoveryLong, n);
        in.getLongs(slackRecoveryShort, n);
        for (int i = 0; i < n; i++) {
            adverseLong[i].readFrom(in, slotBound);
            adverseShort[i].readFrom(in, slotBound);
            recoveryLong[i].readFrom(in, slotBound);
            recoveryShort[i].readFrom(in, slotBound);
        }
        in.leaveSection(SECTION, end);
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
