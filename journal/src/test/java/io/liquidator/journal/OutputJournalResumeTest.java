package io.liquidator.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exactly-once output across a restart: re-run events are checked against the journal, not appended twice. */
class OutputJournalResumeTest {

    /** Record i of a deterministic stream: the same i always gives the same record. */
    private static void append(final OutputJournal j, final int i) {
        if (i % 3 == 0) {
            j.appendRejection(i, 1000L + i, 1, i, 0, Rejections.PRICE_OFF_TICK, i * 10L);
        } else {
            j.appendLiquidation(i, 1000L + i, 7L * i, i % 2, 1, 1000L + i, false, 50_000L, 49_000L, -5L, 10L, 1,
                100_000_000L, 0);
        }
    }

    private static List<String> read(final Path dir) {
        final ListingVisitor v = new ListingVisitor();
        try (OutputJournalReader r = OutputJournalReader.open(dir)) {
            r.readAll(v);
        }
        return new ArrayList<>(v.lines);
    }

    @Test
    void reRunEventsAreVerifiedNotAppendedAndNewOnesFollowInOrder(@TempDir final Path crashed,
                                                                  @TempDir final Path clean) throws IOException {
        // the run that "crashed" after journaling 10 events; its snapshot was taken after event 4
        try (OutputJournal j = OutputJournal.open(crashed)) {
            for (int i = 1; i <= 10; i++) {
                append(j, i);
            }
        }
        try (OutputJournal j = OutputJournal.open(crashed)) {
            assertEquals(10, j.lastOutputSequence());
            j.resumeFrom(4);
            assertTrue(j.isCatchingUp());
            assertEquals(4, j.lastOutputSequence());
            for (int i = 5; i <= 10; i++) {
                assertEquals(i, j.lastOutputSequence() + 1);
                append(j, i);
            }
            assertFalse(j.isCatchingUp());
            for (int i = 11; i <= 15; i++) {
                append(j, i);
            }
            assertEquals(15, j.lastOutputSequence());
        }
        try (OutputJournal j = OutputJournal.open(clean)) {
            for (int i = 1; i <= 15; i++) {
                append(j, i);
            }
        }
        final List<String> records = read(crashed);
        assertEquals(15, records.size());
        assertEquals(read(clean), records);
        assertArrayEquals(cycleFile(clean), cycleFile(crashed), "byte-identical to a run that never crashed");
    }

    @Test
    void theRecordsAfterAResumeMayBeAppendedFromAnotherThread(@TempDir final Path dir) throws Exception {
        try (OutputJournal j = OutputJournal.open(dir)) {
            for (int i = 1; i <= 5; i++) {
                append(j, i);
            }
        }
        try (OutputJournal j = OutputJournal.open(dir)) {
            j.resumeFrom(2); // on this thread, as a session recovers; the engine thread appends
            final Thread engine = new Thread(() -> {
                for (int i = 3; i <= 7; i++) {
                    append(j, i);
                }
            });
            final Throwable[] failed = new Throwable[1];
            engine.setUncaughtExceptionHandler((t, e) -> failed[0] = e);
            engine.start();
            engine.join();
            assertEquals(null, failed[0]);
            assertEquals(7, j.lastOutputSequence());
        }
        assertEquals(7, read(dir).size());
    }

    @Test
    void aReRunEventThatDiffersFromTheJournaledOneStopsTheRun(@TempDir final Path dir) {
        try (OutputJournal j = OutputJournal.open(dir)) {
            for (int i = 1; i <= 6; i++) {
                append(j, i);
            }
        }
        try (OutputJournal j = OutputJournal.open(dir)) {
            j.resumeFrom(2);
            append(j, 3);
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> append(j, 5));
            assertTrue(e.getMessage().contains("output record 4"), e.getMessage());
        }
        assertEquals(6, read(dir).size());
    }

    @Test
    void aSnapshotAheadOfTheJournalIsRefused(@TempDir final Path dir) {
        try (OutputJournal j = OutputJournal.open(dir)) {
            append(j, 1);
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> j.resumeFrom(2));
            assertTrue(e.getMessage().contains("holds 1"), e.getMessage());
            j.resumeFrom(1);
            assertFalse(j.isCatchingUp());
        }
    }

    private static byte[] cycleFile(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            final Path cq4 = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
            return Files.readAllBytes(cq4);
        }
    }
}
