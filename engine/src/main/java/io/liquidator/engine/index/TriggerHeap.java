package io.liquidator.engine.index;

import io.liquidator.engine.snapshot.codec.SectionReader;
import io.liquidator.engine.snapshot.codec.SectionWriter;
import io.liquidator.engine.snapshot.codec.SnapshotException;
import org.agrona.MutableDirectBuffer;

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
    /** slot → its position in the heap arrays, or ABSENT; may be shared by heaps a slot is never in twice. */
    private final SlotPositions positions;
    private int size;

    /**
     * The slot → heap-position column. Heaps whose members are disjoint (a position's adverse
     * trigger lives in exactly one instrument-and-side heap) share one, so the index costs 4 bytes per
     * slot per family rather than per heap.
     */
    public static final class SlotPositions {
        private int[] position;

        public SlotPositions(final int slotCapacity) {
            position = new int[Math.max(4, slotCapacity)];
            Arrays.fill(position, ABSENT);
        }

        int get(final int slot) {
            return slot < position.length ? position[slot] : ABSENT;
        }

        void set(final int slot, final int at) {
            position[slot] = at;
        }

        void ensure(final int slot) {
            if (slot >= position.length) {
                final int old = position.length;
                int n = old;
                while (n <= slot) {
                    n <<= 1;
                }
                position = Arrays.copyOf(position, n);
                Arrays.fill(position, old, n, ABSENT);
            }
        }

        public long retainedBytes() {
            return 4L * position.length;
        }
    }

    /**
     * @param maxFirst      true: the largest key is on top (longs); false: the smallest (shorts)
     * @param capacity      initial number of entries
     * @param slotCapacity  initial number of distinct slot ids (slots are small non-negative ints)
     */
    public TriggerHeap(final boolean maxFirst, final int capacity, final int slotCapacity) {
        this(maxFirst, capacity, new SlotPositions(slotCapacity));
    }

    /** A heap whose slot index is shared with other heaps that never hold the same slot. */
    public TriggerHeap(final boolean maxFirst, final int capacity, final SlotPositions positions) {
        this.maxFirst = maxFirst;
        this.keys = new long[Math.max(4, capacity)];
        this.slots = new int[Math.max(4, capacity)];
        this.positions = positions;
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
        final int at = positions.get(slot);
        return at != ABSENT && at < size && slots[at] == slot;
    }

    /** The key of {@code slot}; the slot must be present. */
    public long keyOf(final int slot) {
        return keys[positions.get(slot)];
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
        positions.ensure(slot);
        if (contains(slot)) {
            final int at = positions.get(slot);
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
        positions.set(slot, size);
        size++;
        siftUp(size - 1);
    }

    /** Removes {@code slot} if present; returns whether it was. */
    public boolean remove(final int slot) {
        if (!contains(slot)) {
            return false;
        }
        final int at = positions.get(slot);
        positions.set(slot, ABSENT);
        size--;
        if (at != size) {
            keys[at] = keys[size];
            slots[at] = slots[size];
            positions.set(slots[at], at);
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
            positions.set(slots[i], ABSENT);
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
            positions.set(slots[i], i);
            i = parent;
        }
        keys[i] = k;
        slots[i] = s;
        positions.set(s, i);
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
            positions.set(slots[i], i);
            i = child;
        }
        keys[i] = k;
        slots[i] = s;
        positions.set(s, i);
    }

    /**
     * Writes the heap exactly as it is laid out (order flag, size, keys, slots), so a restored heap
     * has the same entries at the same array positions and pops ties in the same order: a copy, not
     * a re-insertion, which would have to reproduce every earlier sift to get the same layout.
     * Returns the index after the last byte written.
     */
    public int writeTo(final MutableDirectBuffer buffer, final int index) {
        int at = SectionWriter.putBoolean(buffer, index, maxFirst);
        at = SectionWriter.putInt(buffer, at, size);
        at = SectionWriter.putLongs(buffer, at, keys, size);
        return SectionWriter.putInts(buffer, at, slots, size);
    }

    /**
     * Fills this empty heap with what {@link #writeTo} wrote and points the shared slot index at the
     * entries. Refuses a heap of the other order, a slot outside {@code [0, slotBound)} or already
     * in the heap, and a layout that breaks the heap order (a corrupt snapshot would otherwise pop
     * the wrong slots, silently).
     */
    public void readFrom(final SectionReader in, final int slotBound) {
        if (size != 0) {
            throw new IllegalStateException("restore into a heap that already holds " + size + " entries");
        }
        if (in.getBoolean() != maxFirst) {
            throw new SnapshotException("a " + (maxFirst ? "max" : "min") + "-first trigger heap in the snapshot is "
                + (maxFirst ? "min" : "max") + "-first: sections out of order");
        }
        final int n = in.getCount("trigger heap size", slotBound);
        if (keys.length < n) {
            keys = new long[n];
            slots = new int[n];
        }
        in.getLongs(keys, n);
        in.getInts(slots, n);
        for (int at = 0; at < n; at++) {
            final int slot = slots[at];
            if (slot < 0 || slot >= slotBound) {
                throw new SnapshotException("trigger heap entry " + at + " holds slot " + slot + ", outside [0, "
                    + slotBound + ")");
            }
            positions.ensure(slot);
            if (positions.get(slot) != ABSENT) {
                throw new SnapshotException("slot " + slot + " appears twice in the trigger heaps of one family");
            }
            positions.set(slot, at);
            if (at > 0) {
                final int parent = (at - 1) >>> 1;
                if (before(keys[at], slot, keys[parent], slots[parent])) {
                    throw new SnapshotException("trigger heap entry " + at + " (slot " + slot + ", key " + keys[at]
                        + ") comes before its parent: not a heap");
                }
            }
        }
        size = n;
    }

    /**
     * Hands every entry to {@code visitor} in array order (not sorted): a read-only view for tools
     * that map the book (the liquidation heatmap), not for the tick path. O(size), no allocation.
     */
    public void forEach(final EntryVisitor visitor) {
        for (int i = 0; i < size; i++) {
            visitor.accept(slots[i], keys[i]);
        }
    }

    /** Receives a heap entry: a position slot and its stored key. */
    @FunctionalInterface
    public interface EntryVisitor {
        void accept(int slot, long key);
    }

    /** Heap bytes held by the entries (keys + slots), excluding the shared slot index. */
    public long retainedBytes() {
        return 8L * keys.length + 4L * slots.length;
    }
}
