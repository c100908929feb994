package io.liquidator.engine.snapshot;

import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.RecordingSink;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Capture on the engine thread, write on the writer thread; a capture while a write is running is skipped. */
class SnapshotAsyncWriterTest {

    @Test
    void writesASnapshotThatRestores(@TempDir final Path dir) throws Exception {
        final LiquidationEngine e = SnapshotFixtures.populated(5_000, SnapshotFixtures.IGNORE, new long[1]);
        final SnapshotStore store = new SnapshotStore(dir);
        final AsyncSnapshotWriter writer = new AsyncSnapshotWriter(store, 0xABCL);
        assertTrue(writer.capture(e, 4_242));
        writer.close();
        assertEquals(1, writer.written());
        assertEquals(0, writer.failed());
        assertNull(writer.lastError());
        assertTrue(writer.lastCaptureNanos() > 0);

        final SnapshotStore.Selection s = store.newestValid(0xABCL);
        assertTrue(s.skipped().isEmpty(), s.skipped().toString());
        final SnapshotInfo info = s.snapshot().info();
        assertEquals(writer.lastWritten(), info);
        assertEquals(4_242, info.outputSequence());
        assertEquals(e.lastInputSequence(), info.lastInputSequence());
        final LiquidationEngine restored = SnapshotFixtures.engine(new RecordingSink(), 16);
        s.snapshot().restoreInto(restored);
        assertEquals(e.stateHash(), restored.stateHash());
    }

    @Test
    void skipsWhileTheLastWriteIsRunningAndWritesTheStateAsCaptured() throws Exception {
        final long[] seq = new long[1];
        final LiquidationEngine e = SnapshotFixtures.populated(2_000, SnapshotFixtures.IGNORE, seq);
        final ExpandableDirectByteBuffer expected = new ExpandableDirectByteBuffer(1024);
        final byte[] atCapture = new byte[e.writeSnapshot(expected, 0)];
        expected.getBytes(0, atCapture);
        final long hashAtCapture = e.stateHash();
        final long seqAtCapture = e.lastInputSequence();

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<byte[]> bodies = new ArrayList<>();
        final List<long[]> headers = new ArrayList<>();
        final AsyncSnapshotWriter.Target slowDisk = (fingerprint, lastSeq, outputSeq, hash, body, offset, length) -> {
            entered.countDown();
            await(release);
            bodies.add(copy(body, offset, length));
            headers.add(new long[] {fingerprint, lastSeq, outputSeq, hash});
            return new SnapshotInfo(null, SnapshotFormat.VERSION, fingerprint, lastSeq, outputSeq, hash, length, 0);
        };
        final AsyncSnapshotWriter writer = new AsyncSnapshotWriter(slowDisk, 7, 64);
        assertTrue(writer.capture(e, 1));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertTrue(writer.busy());

        // the engine goes on while the file is written; captures meanwhile are refused, not queued
        SnapshotFixtures.churn(e, seq[0], new SplittableRandom(5));
        assertFalse(writer.capture(e, 2));
        assertFalse(writer.capture(e, 3));
        assertEquals(2, writer.skipped());
        release.countDown();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.busy() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(writer.busy());
        assertTrue(writer.capture(e, 4), "free again once the write is done");
        writer.close();

        assertEquals(2, writer.written());
        assertEquals(2, writer.captured());
        assertArrayEquals(atCapture, bodies.get(0), "the first file holds the state at its capture, not later changes");
        assertArrayEquals(new long[] {7, seqAtCapture, 1, hashAtCapture}, headers.get(0));
        assertEquals(4, headers.get(1)[2]);
        assertEquals(e.stateHash(), headers.get(1)[3]);
        assertEquals(e.lastInputSequence(), headers.get(1)[1]);
    }

    @Test
    void aFailedWriteIsReportedAndTheNextCaptureStillRuns() throws Exception {
        final LiquidationEngine e = SnapshotFixtures.populated(100, SnapshotFixtures.IGNORE, new long[1]);
        final int[] calls = new int[1];
        final AsyncSnapshotWriter writer = new AsyncSnapshotWriter((f, l, o, h, body, offset, length) -> {
            if (calls[0]++ == 0) {
                throw new IOException("disk full");
            }
            return new SnapshotInfo(null, SnapshotFormat.VERSION, f, l, o, h, length, 0);
        }, 1, 64);
        assertTrue(writer.capture(e, 1));
        while (writer.busy()) {
            Thread.onSpinWait();
        }
        assertEquals(1, writer.failed());
        assertEquals("disk full", writer.lastError().getMessage());
        assertTrue(writer.capture(e, 2));
        writer.close();
        assertEquals(1, writer.written());
    }

    private static byte[] copy(final DirectBuffer b, final int offset, final int length) {
        final byte[] out = new byte[length];
        b.getBytes(offset, out);
        return out;
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await();
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
