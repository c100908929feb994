package io.liquidator.engine.snapshot;

import io.liquidator.engine.core.LiquidationEngine;
import org.agrona.ExpandableDirectByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a snapshot costs the engine thread, printed, not asserted (2 shared cores): the capture
 * (serialisation into a warm buffer), the state hash that goes in the header, and the file it makes,
 * for 100,000 and 1,000,000 positions. Asserted: a capture into a warm buffer allocates nothing.
 */
class SnapshotCaptureTimingTest {

    @Test
    void captureTimeAndFileSize(@TempDir final Path dir) throws IOException, InterruptedException {
        for (final int n : new int[] {100_000, 1_000_000}) {
            measure(n, dir);
        }
    }

    private static void measure(final int n, final Path dir) throws IOException, InterruptedException {
        final long buildStart = System.nanoTime();
        final LiquidationEngine e = SnapshotFixtures.populated(n, SnapshotFixtures.IGNORE, new long[1]);
        final double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1 << 16);
        int length = 0;
        final long firstStart = System.nanoTime();
        length = e.writeSnapshot(buffer, 0);
        final long first = System.nanoTime() - firstStart;
        final int runs = 7;
        final long[] capture = new long[runs];
        final long[] hash = new long[runs];
        for (int k = 0; k < runs; k++) {
            long t = System.nanoTime();
            length = e.writeSnapshot(buffer, 0);
            capture[k] = System.nanoTime() - t;
            t = System.nanoTime();
            e.stateHash();
            hash[k] = System.nanoTime() - t;
        }
        Arrays.sort(capture);
        Arrays.sort(hash);

        final SnapshotStore store = new SnapshotStore(dir.resolve("n" + n));
        final long writeStart = System.nanoTime();
        final SnapshotInfo info = store.write(e, 1, 0);
        final long write = System.nanoTime() - writeStart;
        final long readStart = System.nanoTime();
        final Snapshot read = SnapshotStore.read(info.path());
        final LiquidationEngine restored = SnapshotFixtures.engine(SnapshotFixtures.IGNORE, 16);
        read.restoreInto(restored);
        final long restore = System.nanoTime() - readStart;
        assertEquals(e.stateHash(), restored.stateHash());

        // a fresh writer: its first capture grows a buffer on the engine thread, later ones find them grown
        final AsyncSnapshotWriter writer = new AsyncSnapshotWriter(new SnapshotStore(dir.resolve("async" + n)), 1);
        final long[] async = new long[4];
        for (int k = 0; k < async.length; k++) {
            while (writer.busy()) {
                Thread.sleep(5);
            }
            assertTrue(writer.capture(e, k));
            async[k] = writer.lastCaptureNanos();
        }
        writer.close();
        final long asyncFirst = async[0];
        Arrays.sort(async, 1, async.length);

        System.out.printf("snapshot of %,d positions (%,d open, built in %.1f s): body %,d B, file %,d B (%.1f B/position)%n"
                + "  capture into a warm buffer: min %.2f ms, median %.2f ms, max %.2f ms (first, growing the buffer:"
                + " %.2f ms)%n  stateHash: median %.2f ms; AsyncSnapshotWriter.capture (capture + hash, engine thread):"
                + " median %.2f ms (first, growing its buffer: %.2f ms)%n  file write (store.write: capture, write, fsync, rename): %.1f ms; read + CRC +"
                + " restore: %.1f ms%n",
            n, e.openPositions(), buildSeconds, length, info.fileSize(), (double) info.fileSize() / n,
            capture[0] / 1e6, capture[runs / 2] / 1e6, capture[runs - 1] / 1e6, first / 1e6, hash[runs / 2] / 1e6,
            async[2] / 1e6, asyncFirst / 1e6, write / 1e6, restore / 1e6);
    }

    @Test
    void captureIntoAWarmBufferAllocatesNothing() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final LiquidationEngine e = SnapshotFixtures.populated(20_000, SnapshotFixtures.IGNORE, new long[1]);
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64);
        for (int k = 0; k < 200; k++) {
            e.writeSnapshot(buffer, 0);
        }
        final long id = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(id);
        final long baseline = threads.getThreadAllocatedBytes(id) - before;
        final long start = threads.getThreadAllocatedBytes(id);
        for (int k = 0; k < 20; k++) {
            e.writeSnapshot(buffer, 0);
        }
        final long allocated = threads.getThreadAllocatedBytes(id) - start - baseline;
        assertEquals(0, allocated, "bytes allocated by 20 captures into a warm buffer");
    }
}
