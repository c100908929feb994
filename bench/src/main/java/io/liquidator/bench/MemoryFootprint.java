package io.liquidator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap bytes per open position: the used heap after a full GC, before and after building a quiet
 * book ({@link Book#quiet}) of N positions (default 1,000,000), divided by N; next to it the
 * engine's own estimate, {@code retainedBytes() / openPositions()}.
 *
 * <p>Two books: one whose engine was told the size up front ({@code expectedPositions = N}: every
 * column, map and heap sized once), and one left to the default hint (1,024) that grows by doubling,
 * which is what an engine that was not sized gets (up to 2× the columns, plus the last copy's garbage
 * until the next GC). Run with a heap that fits both: {@code scripts/bench footprint [N]}.
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    public static void main(final String[] args) {
        final int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        System.out.printf("JVM %s, max heap %,d MB, %d positions%n", System.getProperty("java.vm.version"),
            Runtime.getRuntime().maxMemory() >> 20, n);
        measure("sized (expectedPositions = N)", n, true);
        measure("unsized (default hint, grows by doubling)", n, false);
    }

    private static void measure(final String label, final int n, final boolean sized) {
        final long before = usedAfterGc();
        final long t0 = System.nanoTime();
        Book book;
        if (sized) {
            book = Book.quiet(n, 42);
        } else {
            book = new Book(1024);
            book.addQuiet(n, 42, 1);
        }
        final long buildMillis = (System.nanoTime() - t0) / 1_000_000;
        final long after = usedAfterGc();
        final int open = book.engine.openPositions();
        System.out.printf("%-44s open %,d (incl. %,d cross ETHUSDT legs), built in %,d ms: heap %,d B -> %.1f B/position;"
                + " engine.retainedBytes() %,d B -> %.1f B/position%n", label, open, open - n, buildMillis, after - before,
            (double) (after - before) / open, book.engine.retainedBytes(), (double) book.engine.retainedBytes() / open);
        book = null;
    }

    private static long usedAfterGc() {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int k = 0; k < 4; k++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
