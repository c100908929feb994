package io.liquidator.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueuePretoucherTest {

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void pretouchesAheadOfTheInputJournalAndCloseJoinsItsThread(@TempDir final Path dir) throws Exception {
        try (InputJournal j = InputJournal.open(dir)) {
            final QueuePretoucher p = j.startPretouch(10);
            try {
                assertTrue(p.isRunning());
                j.appendMarkPrice(1, 2, 3); // the cycle file exists from the first append on
                await(() -> p.passes() >= 2 && p.pagesTouched() > 0, "two passes");
                final long touched = p.pagesTouched();
                // 16 MB minimum headroom on 4 KB pages, touched once
                assertTrue(touched >= (QueuePretoucher.DEFAULT_MIN_HEADROOM_BYTES >> 12) - 1, "touched " + touched);
                for (int i = 0; i < 10_000; i++) {
                    j.appendMarkPrice(i, 2, i);
                }
                final long passes = p.passes();
                await(() -> p.passes() > passes + 1, "more passes");
                assertEquals(0, p.failures(), () -> String.valueOf(p.lastFailure()));
            } finally {
                p.close();
            }
            assertFalse(p.isRunning());
            p.close(); // idempotent
            assertEquals(1 + 10_000, countRecords(dir));
        }
    }

    private static long countRecords(final Path dir) {
        try (InputJournalReader r = InputJournalReader.open(dir)) {
            long n = 0;
            int got;
            while ((got = r.poll(new RecordingInputHandler(), 1000)) > 0) {
                n += got;
            }
            return n;
        }
    }

    @Test
    void waitsForTheCycleFileAndWorksOnTheOutputJournal(@TempDir final Path dir) throws Exception {
        try (OutputJournal j = OutputJournal.open(dir)) {
            final QueuePretoucher p = j.startPretouch(10);
            try {
                Thread.sleep(50);
                assertEquals(0, p.pagesTouched(), "nothing to touch before the first append creates the file");
                j.appendRejection(1, 2, 3, 4, 5, 6, 0);
                await(() -> p.pagesTouched() > 0, "pages touched");
                assertEquals(0, p.failures(), () -> String.valueOf(p.lastFailure()));
            } finally {
                p.close();
            }
            assertFalse(p.isRunning());
        }
    }

    @Test
    void endsByItselfWhenTheQueueIsClosedFirst(@TempDir final Path dir) throws Exception {
        final QueuePretoucher p;
        try (InputJournal j = InputJournal.open(dir)) {
            j.appendControl(1, InputRecords.CONTROL_SNAPSHOT);
            p = j.startPretouch(10);
            await(() -> p.pagesTouched() > 0, "pages touched");
        }
        await(() -> !p.isRunning(), "the thread to end");
        p.close();
    }

    /**
     * Pins why QueuePretoucher exists: chronicle-queue 2026.4 without the Enterprise jar cannot
     * pretouch through {@code ExcerptAppender.pretouch()}. If this starts failing after an upgrade,
     * pretouch() may work again and QueuePretoucher could go back to calling it.
     */
    @Test
    void chronicleOpenSourcePretouchStillRecursesWithoutEnd(@TempDir final Path dir) {
        try (SingleChronicleQueue q = InputJournal.buildQueue(dir, InputJournal.DEFAULT_ROLL_CYCLE, null);
             ExcerptAppender a = q.createAppender()) {
            assertThrows(StackOverflowError.class, a::pretouch);
        }
    }
}
