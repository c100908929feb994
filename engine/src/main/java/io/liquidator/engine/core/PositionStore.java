package io.liquidator.engine.core;

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
