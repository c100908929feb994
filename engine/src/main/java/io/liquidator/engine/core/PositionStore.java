package io.liquidator.engine.core;

import io.liquidator.engine.snapshot.codec.SectionReader;
import io.liquidator.engine.snapshot.codec.SectionWriter;
import io.liquidator.engine.snapshot.codec.SnapshotException;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Open positions as columns of primitive arrays indexed by a slot number: no object per position,
 * so a book of millions costs a few dozen bytes each and the tick path touches only the columns it
 * reads. Slots are reused through a free stack; (account slot, instrument) finds a slot through an
 * Agrona open-addressing map of primitive longs. One position per account and instrument (one-way
 * mode). Owned by the engine thread.
 */
final class PositionStore {
    static final int NONE = -1;
    private static final int INSTRUMENT_BITS = 20;

    long[] account;
    int[] accountSlot;
    int[] instrument;
    int[] side;
    long[] qty;
    long[] entry;
    /** Isolated margin (balance units); unused for cross positions. */
    long[] margin;
    boolean[] cross;
    /** Number of margin-call levels currently fired (isolated positions). */
    int[] alertLevel;
    /** Exchange time before which the position may not be partially liquidated again. */
    long[] cooldownUntil;
    /** Bybit: fee to close at the bankruptcy price inside maintenance (isolated positions). */
    long[] closeFee;
    /** Cross book membership: next/previous position of the same book, ordered by instrument. */
    int[] nextInBook;
    int[] prevInBook;
    /** Tick stamp: the last tick that collected this slot as a candidate. */
    long[] visited;
    boolean[] live;

    private int[] free;
    private int freeCount;
    private int highWater;
    private int liveCount;
    private final Long2LongHashMap byKey;

    PositionStore(final int capacity) {
        final int n = Math.max(16, capacity);
        account = new long[n];
        accountSlot = new int[n];
        instrument = new int[n];
        side = new int[n];
        qty = new long[n];
        entry = new long[n];
        margin = new long[n];
        cross = new boolean[n];
        alertLevel = new int[n];
        cooldownUntil = new long[n];
        closeFee = new long[n];
        nextInBook = new int[n];
        prevInBook = new int[n];
        visited = new long[n];
        live = new boolean[n];
        free = new int[n];
        byKey = new Long2LongHashMap(n * 2, 0.65f, NONE);
    }

    static long key(final int accountSlot, final int instrument) {
        return ((long) accountSlot << INSTRUMENT_BITS) | instrument;
    }

    int find(final int accountSlot, final int instrument) {
        return (int) byKey.get(key(accountSlot, instrument));
    }

    int allocate(final long accountId, final int accountSlotNo, final int instrumentId) {
        final int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (highWater == account.length) {
                grow();
            }
            slot = highWater++;
        }
        account[slot] = accountId;
        accountSlot[slot] = accountSlotNo;
        instrument[slot] = instrumentId;
        alertLevel[slot] = 0;
        cooldownUntil[slot] = Long.MIN_VALUE;
        closeFee[slot] = 0;
        nextInBook[slot] = NONE;
        prevInBook[slot] = NONE;
        visited[slot] = -1;
        live[slot] = true;
        liveCount++;
        byKey.put(key(accountSlotNo, instrumentId), slot);
        return slot;
    }

    void release(final int slot) {
        byKey.remove(key(accountSlot[slot], instrument[slot]));
        live[slot] = false;
        qty[slot] = 0;
        liveCount--;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
    }

    /** Slots in use are below this bound (a live flag marks which). */
    int highWater() {
        return highWater;
    }

    int liveCount() {
        return liveCount;
    }

    static final int SECTION = SectionWriter.tag("POSN");

    /**
     * The position section: every column up to the high-water mark, released slots included (their
     * stale values are harmless and copying them keeps this a run of bulk copies), then the free
     * stack in order, so a restored store hands out the same slot numbers as the original would.
     * The (account slot, instrument) → slot map is rebuilt from the live slots.
     */
    int writeTo(final MutableDirectBuffer buffer, final int index) {
        final int n = highWater;
        int at = SectionWriter.beginSection(buffer, index, SECTION);
        at = SectionWriter.putInt(buffer, at, n);
        at = SectionWriter.putInt(buffer, at, liveCount);
        at = SectionWriter.putInt(buffer, at, freeCount);
        at = SectionWriter.putLongs(buffer, at, account, n);
        at = SectionWriter.putInts(buffer, at, accountSlot, n);
        at = SectionWriter.putInts(buffer, at, instrument, n);
        at = SectionWriter.putInts(buffer, at, side, n);
        at = SectionWriter.putLongs(buffer, at, qty, n);
        at = SectionWriter.putLongs(buffer, at, entry, n);
        at = SectionWriter.putLongs(buffer, at, margin, n);
        at = SectionWriter.putBooleans(buffer, at, cross, n);
        at = SectionWriter.putInts(buffer, at, alertLevel, n);
        at = SectionWriter.putLongs(buffer, at, cooldownUntil, n);
        at = SectionWriter.putLongs(buffer, at, closeFee, n);
        at = SectionWriter.putInts(buffer, at, nextInBook, n);
        at = SectionWriter.putInts(buffer, at, prevInBook, n);
        at = SectionWriter.putLongs(buffer, at, visited, n);
        at = SectionWriter.putBooleans(buffer, at, live, n);
        at = SectionWriter.putInts(buffer, at, free, freeCount);
        return SectionWriter.endSection(buffer, index, at);
    }

    /**
     * Restores {@link #writeTo}'s section into this empty store. Checks what later code indexes
     * arrays with (account slots, instruments, book links, the free stack) so a corrupt snapshot
     * fails here, not on some later tick.
     */
    void readFrom(final SectionReader in, final int accounts, final int instruments) {
        if (highWater != 0) {
            throw new IllegalStateException("restore into a position store that already has " + highWater + " slots");
        }
        final int end = in.enterSection(SECTION);
        final int n = in.getCount("position high-water mark", in.remaining());
        final int liveN = in.getCount("live position count", n);
        final int freeN = in.getCount("free slot count", n);
        if (liveN + freeN != n) {
            throw new SnapshotException(liveN + " live and " + freeN + " free slots do not add up to the high-water mark "
                + n);
        }
        while (account.length < n) {
            grow();
        }
        if (free.length < freeN) {
            free = new int[freeN];
        }
        in.getLongs(account, n);
        in.getInts(accountSlot, n);
        in.getInts(instrument, n);
        in.getInts(side, n);
        in.getLongs(qty, n);
        in.getLongs(entry, n);
        in.getLongs(margin, n);
        in.getBooleans(cross, n);
        in.getInts(alertLevel, n);
        in.getLongs(cooldownUntil, n);
        in.getLongs(closeFee, n);
        in.getInts(nextInBook, n);
        in.getInts(prevInBook, n);
        in.getLongs(visited, n);
        in.getBooleans(live, n);
        in.getInts(free, freeN);
        int counted = 0;
        for (int slot = 0; slot < n; slot++) {
            if (nextInBook[slot] < NONE || nextInBook[slot] >= n || prevInBook[slot] < NONE || prevInBook[slot] >= n) {
                throw new SnapshotException("slot " + slot + " links outside the " + n + " slots");
            }
            if (!live[slot]) {
                continue;
            }
            counted++;
            if (accountSlot[slot] < 0 || accountSlot[slot] >= accounts || instrument[slot] < 0
                || instrument[slot] >= instruments) {
                throw new SnapshotException("slot " + slot + " refers to account slot " + accountSlot[slot]
                    + " and instrument " + instrument[slot] + " (" + accounts + " accounts, " + instruments
                    + " instruments)");
            }
            if (byKey.put(key(accountSlot[slot], instrument[slot]), slot) != NONE) {
                throw new SnapshotException("two live slots hold account slot " + accountSlot[slot] + " on instrument "
                    + instrument[slot]);
            }
        }
        if (counted != liveN) {
            throw new SnapshotException(counted + " slots are live but the snapshot says " + liveN);
        }
        for (int k = 0; k < freeN; k++) {
            if (free[k] < 0 || free[k] >= n || live[free[k]]) {
                throw new SnapshotException("free stack entry " + k + " is slot " + free[k] + ", not a released slot");
            }
        }
        highWater = n;
        liveCount = liveN;
        freeCount = freeN;
        in.leaveSection(SECTION, end);
    }

    private void grow() {
        final int n = account.length * 2;
        account = Arrays.copyOf(account, n);
        accountSlot = Arrays.copyOf(accountSlot, n);
        instrument = Arrays.copyOf(instrument, n);
        side = Arrays.copyOf(side, n);
        qty = Arrays.copyOf(qty, n);
        entry = Arrays.copyOf(entry, n);
        margin = Arrays.copyOf(margin, n);
        cross = Arrays.copyOf(cross, n);
        alertLevel = Arrays.copyOf(alertLevel, n);
        cooldownUntil = Arrays.copyOf(cooldownUntil, n);
        closeFee = Arrays.copyOf(closeFee, n);
        nextInBook = Arrays.copyOf(nextInBook, n);
        prevInBook = Arrays.copyOf(prevInBook, n);
        visited = Arrays.copyOf(visited, n);
        live = Arrays.copyOf(live, n);
    }

    /** Heap bytes held: the columns at their capacity, the free stack and the key map's table. */
    long retainedBytes() {
        final long perSlot = 8L * 8 + 4L * 6 + 2;
        return perSlot * account.length + 4L * free.length + 16L * byKey.capacity();
    }
}
