package io.liquidator.engine.index;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggerHeapTest {

    @Test
    void maxHeapPollsHighestKeyFirstAndBreaksTiesBySlot() {
        final TriggerHeap heap = new TriggerHeap(true, 2, 2);
        heap.put(7, 100);
        heap.put(3, 300);
        heap.put(5, 300);
        heap.put(1, 50);
        assertEquals(3, heap.poll());
        assertEquals(5, heap.poll());
        assertEquals(7, heap.poll());
        assertEquals(1, heap.poll());
        assertTrue(heap.isEmpty());
    }

    @Test
    void minHeapPollsLowestKeyFirst() {
        final TriggerHeap heap = new TriggerHeap(false, 4, 4);
        heap.put(0, 30);
        heap.put(1, 10);
        heap.put(2, 20);
        assertEquals(10, heap.topKey());
        assertEquals(1, heap.topSlot());
    }

    @Test
    void putMovesAnExistingSlotAndRemoveTakesItOut() {
        final TriggerHeap heap = new TriggerHeap(true, 4, 4);
        heap.put(0, 10);
        heap.put(1, 20);
        heap.put(2, 30);
        heap.put(2, 5);
        assertEquals(1, heap.topSlot());
        assertEquals(5, heap.keyOf(2));
        assertTrue(heap.remove(1));
        assertFalse(heap.remove(1));
        assertFalse(heap.contains(1));
        assertEquals(0, heap.topSlot());
        assertEquals(2, heap.size());
    }

    /** Random operations against a TreeMap model: the top and the full drain order always agree. */
    @Test
    void agreesWithASortedModelUnderRandomOperations() {
        for (final boolean maxFirst : new boolean[]{true, false}) {
            final Random random = new Random(42);
            final TriggerHeap heap = new TriggerHeap(maxFirst, 1, 1);
            final TreeMap<Integer, Long> model = new TreeMap<>();
            for (int op = 0; op < 200_000; op++) {
                final int slot = random.nextInt(2_000);
                final int action = random.nextInt(10);
                if (action < 6) {
                    final long key = random.nextInt(500);
                    heap.put(slot, key);
                    model.put(slot, key);
                } else if (action < 9) {
                    assertEquals(model.remove(slot) != null, heap.remove(slot));
                } else if (!model.isEmpty()) {
                    final int expected = expectedTop(model, maxFirst);
                    assertEquals(expected, heap.topSlot());
                    assertEquals(model.get(expected), heap.topKey());
                }
                assertEquals(model.size(), heap.size());
            }
            final List<Integer> drained = new ArrayList<>();
            while (!heap.isEmpty()) {
                drained.add(heap.poll());
            }
            final List<Integer> expected = new ArrayList<>(model.keySet());
            final Comparator<Integer> byKey = Comparator.comparingLong(model::get);
            expected.sort((maxFirst ? byKey.reversed() : byKey).thenComparingInt(s -> s));
            assertEquals(expected, drained);
        }
    }

    private static int expectedTop(final TreeMap<Integer, Long> model, final boolean maxFirst) {
        int best = -1;
        for (final var e : model.entrySet()) {
            if (best < 0) {
                best = e.getKey();
                continue;
            }
            final long k = e.getValue();
            final long bk = model.get(best);
            if (maxFirst ? k > bk : k < bk) {
                best = e.getKey();
            }
        }
        return best;
    }
}
