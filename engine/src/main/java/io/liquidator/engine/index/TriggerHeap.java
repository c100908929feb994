package io.liquidator.engine.index;

import java.util.Arrays;

/**
 * An indexed binary heap of position slots keyed by a trigger price: the structure a tick consults
 * to find the positions whose threshold it crossed without looking at any other.
 *
 * <p>For longs the heap is max-first (a long is hit when the mark falls to or below its trigger, so
 * the highest trigger is hit first); for shorts min-first. A tick that crosses nothing costs one
 * comparison with the top; a tick that crosses k thresholds costs O(k log n); inserting, moving or
 * removing a slot costs O(log n) through the slot → heap-position index. Ties are broken by slot
 * number, so the order in which crossed positions are visited is a total order that does not depend
 * on the heap's history: replays are deterministic.
 *
 * <p>Primitive arrays only; capacity grows by doubling (the only allocation, amortised and absent in
 * steady state). Single-threaded: owned by the engine thread.
 */
public final class TriggerHeap {
    private static final int ABSENT = -1;

    private final boolean maxFirst;
    private long[] keys;
    private int[] slots;
    /** slot → its position in the heap arrays, or ABSENT. */
    private int[] positionOfSlot;
    private int size;

    /**
     * @param maxFirst      true: the largest key is on top (longs); false: the smallest (shorts)
     * @param capacity      initial number of entries
     * @param slotCapacity  initial number of distinct slot ids (slots are small non-negative ints)
     */
    public TriggerHeap(final boolean maxFirst, final int capacity, final int slotCapacity) {
        this.maxFirst = maxFirst;
        this.keys = new long[Math.max(4, capacity)];
        this.slots = new int[Math.max(4, capacity)];
        this.positionOfSlot = new int[Math.max(4, slotCapacity)];
        Arrays.fill(positionOfSlot, ABSENT);
    }

    public boolean isMaxFirst() {
        return maxFirst;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean contains(final int slot) {
        return slot < positionOfSlot.length && positionOfSlot[slot] != ABSENT;
    }

    /** The key of {@code slot}; the slot must be present. */
    public long keyOf(final int slot) {
        return keys[positionOfSlot[slot]];
    }

    /** Top key; the heap must not be empty. */
    public long topKey() {
        return keys[0];
    }

    /** Top slot; the heap must not be empty. */
    public int topSlot() {
        return slots[0];
    }

    /** Inserts {@code slot} with {@code key}, or moves it to {@code key} if present. */
    public void put(final int slot, final long key) {
        if (slot < 0) {
            throw new IllegalArgumentException("slot must be non-negative");
        }
        ensureSlotCapacity(slot);
        final int at = positionOfSlot[slot];
        if (at != ABSENT) {
            final long old = keys[at];
            keys[at] = key;
            if (before(key, slot, old, slot)) {
                siftUp(at);
            } else {
                siftDown(at);
            }
            return;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size << 1);
            slots = Arrays.copyOf(slots, size << 1);
        }
        keys[size] = key;
        slots[size] = slot;
        positionOfSlot[slot] = size;
        size++;
        siftUp(size - 1);
    }

    /** Removes {@code slot} if present; returns whether it was. */
    public boolean remove(final int slot) {
        if (!contains(slot)) {
            return false;
        }
        final int at = positionOfSlot[slot];
        positionOfSlot[slot] = ABSENT;
        size--;
        if (at != size) {
            keys[at] = keys[size];
            slots[at] = slots[size];
            positionOfSlot[slots[at]] = at;
            siftDown(at);
            siftUp(at);
        }
        return true;
    }

    /** Removes and returns the top slot; the heap must not be empty. */
    public int poll() {
        final int slot = slots[0];
        remove(slot);
        return slot;
    }

    /** Removes every entry (keeps capacity). */
    public void clear() {
        for (int i = 0; i < size; i++) {
            positionOfSlot[slots[i]] = ABSENT;
        }
        size = 0;
    }

    /** True if (k1, s1) comes before (k2, s2): larger key first for a max heap, then smaller slot. */
    private boolean before(final long k1, final int s1, final long k2, final int s2) {
        if (k1 != k2) {
            return maxFirst ? k1 > k2 : k1 < k2;
        }
        return s1 < s2;
    }

    private void siftUp(int i) {
        final long k = keys[i];
        final int s = slots[i];
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            if (!before(k, s, keys[parent], slots[parent])) {
                break;
            }
            keys[i] = keys[parent];
            slots[i] = slots[parent];
            positionOfSlot[slots[i]] = i;
            i = parent;
        }
        keys[i] = k;
        slots[i] = s;
        positionOfSlot[s] = i;
    }

    private void siftDown(int i) {
        final long k = keys[i];
        final int s = slots[i];
        final int half = size >>> 1;
        while (i < half) {
            int child = (i << 1) + 1;
            final int right = child + 1;
            if (right < size && before(keys[right], slots[right], keys[child], slots[child])) {
                child = right;
            }
            if (!before(keys[child], slots[child], k, s)) {
                break;
            }
            keys[i] = keys[child];
            slots[i] = slots[child];
            positionOfSlot[slots[i]] = i;
            i = child;
        }
        keys[i] = k;
        slots[i] = s;
        positionOfSlot[s] = i;
    }

    private void ensureSlotCapacity(final int slot) {
        if (slot >= positionOfSlot.length) {
            final int old = positionOfSlot.length;
            int n = old;
            while (n <= slot) {
                n <<= 1;
            }
            positionOfSlot = Arrays.copyOf(positionOfSlot, n);
            Arrays.fill(positionOfSlot, old, n, ABSENT);
        }
    }

    /** Heap bytes held per entry (keys + slots) plus per slot id (index), for memory accounting. */
    public long retainedBytes() {
        return 8L * keys.length + 4L * slots.length + 4L * positionOfSlot.length;
    }
}
