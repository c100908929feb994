package io.liquidator.engine.app;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.replay.CsvReplaySource;
import io.liquidator.engine.snapshot.SnapshotInfo;
import io.liquidator.engine.snapshot.SnapshotStore;
import io.liquidator.journal.EventRecordVisitor;
import io.liquidator.journal.EventRecords;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.OutputJournalReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EngineSession}'s exactly-once recovery, driven directly through its publisher with the
 * inputs of a seeded {@link SyntheticMarket} (CSV replay: input sequences 1..n). A restart on an
 * existing output journal restores the newest valid snapshot (or none), re-runs the inputs after it,
 * checks the events the journal already holds byte for byte instead of appending them again, and
 * appends only what is new: whatever snapshot it starts from, the journal ends byte-identical to an
 * uninterrupted run's and the engine in the same state. A restart that cannot reproduce the journal
 * (another configuration) fails instead of writing a second history.
 */
class EngineSessionRecoveryTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();
    private static final int RING = 1024;           // small batches, so periodic snapshots come when due
    /** About 22,400 inputs: snapshots after 10,000 (mid-crash), 20,000 and at close, all three retained. */
    private static final long SNAPSHOT_EVERY = 10_000;

    @TempDir
    static Path root;
    private static CsvReplaySource market;
    private static long inputs;
    /** The uninterrupted run without snapshots: its journal, state hash and event count. */
    private static Path reference;
    private static long referenceHash;
    private static long referenceEvents;
    private static long firstInsuranceFundSeq;

    @BeforeAll
    static void generateAndRunOnce() {
        final Path csv = root.resolve("market");
        new SyntheticMarket(20210519L, 2_000, 20_000, 30).writeTo(csv);
        market = CsvReplaySource.builder(CONFIG).positions(csv.resolve("positions.csv"))
            .wallets(csv.resolve("wallets.csv")).ticks(csv.resolve("ticks.csv")).build();
        reference = root.resolve("reference");
        try (EngineSession s = EngineSession.options(CONFIG, settings("100000")).output(reference).ringSize(RING).open()) {
            assertEquals("fresh start", s.recovery());
            assertEquals(Long.MIN_VALUE, s.resumeAfterInput());
            inputs = market.run(s.input()).inputs();
            s.close();
            referenceHash = s.engine().stateHash();
            referenceEvents = s.lastOutputSequence();
            assertTrue(s.events().count(EventRecords.KIND_LIQUIDATION) > 0, "the crash liquidated nobody");
            assertEquals(s.events().total(), referenceEvents);
        }
        assertTrue(inputs > 20_000, "inputs " + inputs);
        final List<long[]> records = records(reference);
        assertEquals(referenceEvents, records.size());
        firstInsuranceFundSeq = records.stream().filter(r -> r[1] == EventRecords.KIND_INSURANCE_FUND)
            .mapToLong(r -> r[0]).findFirst().orElseThrow();
    }

    private static EngineSettings settings(final String usdtFund) {
        return EngineSettings.builder().insuranceFund("USDT", Decimals.parse(usdtFund, CONFIG.assets().get("USDT")))
            .build();
    }

    /**
     * Runs every input through a session with a snapshot every {@link #SNAPSHOT_EVERY} inputs, into
     * fresh out/snapshot directories. The feed pauses at each multiple until the snapshot is on disk
     * (the writer skips a capture while it is still writing the previous one, so without the pause
     * which snapshots exist would depend on the disk's speed): the files are then exactly those after
     * inputs 10,000, 20,000 and the last (at close).
     */
    private static Path[] fullRunWithSnapshots(final String name) throws IOException {
        final Path out = root.resolve(name + "-out");
        final Path snaps = root.resolve(name + "-snapshots");
        try (EngineSession s = EngineSession.options(CONFIG, settings("100000")).output(out)
            .snapshots(snaps, SNAPSHOT_EVERY).ringSize(RING).open()) {
            assertEquals("fresh start", s.recovery());
            long fed = Long.MIN_VALUE;
            for (long at = SNAPSHOT_EVERY; at < inputs; at += SNAPSHOT_EVERY) {
                feed(s, fed, at);
                fed = at;
                awaitWritten(s, at / SNAPSHOT_EVERY);
            }
            feed(s, fed, Long.MAX_VALUE);
            s.close();
            assertNull(s.failure());
            assertEquals(referenceHash, s.engine().stateHash());
            assertEquals(referenceEvents, s.lastOutputSequence());
            assertEquals(0, s.snapshots().skipped());
            assertEquals(0, s.snapshots().failed(), () -> String.valueOf(s.snapshots().lastError()));
        }
        assertEquals(List.of(snaps.resolve(SnapshotStore.fileName(SNAPSHOT_EVERY)),
            snaps.resolve(SnapshotStore.fileName(2 * SNAPSHOT_EVERY)), snaps.resolve(SnapshotStore.fileName(inputs))),
            new SnapshotStore(snaps).files());
        // taking snapshots does not change what is journaled
        assertSameJournal(reference, out);
        return new Path[] {out, snaps};
    }

    /** Waits until the session's snapshot writer has written {@code n} snapshots and is idle again. */
    private static void awaitWritten(final EngineSession s, final long n) {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (s.snapshots().written() < n || s.snapshots().busy()) {
            assertNull(s.failure());
            assertEquals(0, s.snapshots().failed(), () -> String.valueOf(s.snapshots().lastError()));
            assertTrue(System.nanoTime() < deadline, () -> "snapshot " + n + " not written within 10 s: written "
                + s.snapshots().written() + ", skipped " + s.snapshots().skipped());
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void restartFromAnOlderSnapshotReVerifiesEverythingAfterItAndAppendsNothing() throws IOException {
        final Path[] dirs = fullRunWithSnapshots("older");
        final Path out = dirs[0];
        final Path snaps = dirs[1];
        final List<Path> files = new SnapshotStore(snaps).files();
        // keep only the oldest (after input 10,000, mid-crash): the newer ones are "lost"
        final Path kept = files.get(0);
        for (final Path p : files.subList(1, files.size())) {
            Files.delete(p);
        }
        final SnapshotInfo info = SnapshotStore.read(kept).info();
        assertEquals(SNAPSHOT_EVERY, info.lastInputSequence(), info.toString());
        // events on both sides of it: some restored with it, the rest regenerated and checked
        assertTrue(info.outputSequence() > 0 && info.outputSequence() < referenceEvents, info.toString());

        try (EngineSession s = EngineSession.options(CONFIG, settings("100000")).output(out)
            .snapshots(snaps, SNAPSHOT_EVERY).ringSize(RING).open()) {
            assertEquals(info.lastInputSequence(), s.resumeAfterInput());
            assertTrue(s.recovery().startsWith("restored " + kept.getFileName() + " (input " + info.lastInputSequence()
                + ", " + info.outputSequence() + " events)"), s.recovery());
            // (the count in this message is not checked: it reads 0 whatever the journal holds, see the report)
            assertTrue(s.recovery().contains("; re-running the inputs after it, checking the "), s.recovery());
            assertEquals(info.outputSequence(), s.lastOutputSequence());
            feed(s, s.resumeAfterInput(), Long.MAX_VALUE);
            s.close();
            assertNull(s.failure());
            // every event was regenerated (and checked), none appended twice
            assertEquals(referenceEvents, s.lastOutputSequence());
            assertEquals(referenceHash, s.engine().stateHash());
        }
        assertSameJournal(reference, out);
        assertEquals(referenceEvents, records(out).size());
    }

    @Test
    void restartWithoutAnySnapshotReRunsEverything() throws IOException {
        final Path[] dirs = fullRunWithSnapshots("none");
        final Path out = dirs[0];
        final Path snaps = dirs[1];
        for (final Path p : new SnapshotStore(snaps).files()) {
            Files.delete(p);
        }
        try (Stream<Path> left = Files.list(snaps)) {
            assertEquals(0, left.count());
        }
        try (EngineSession s = EngineSession.options(CONFIG, settings("100000")).output(out)
            .snapshots(snaps, SNAPSHOT_EVERY).ringSize(RING).open()) {
            assertEquals(Long.MIN_VALUE, s.resumeAfterInput());
            assertTrue(s.recovery().startsWith("no snapshot: re-running every input, checking the "), s.recovery());
            assertTrue(s.recovery().endsWith(" events journaled since against the journal"), s.recovery());
            assertEquals(0, s.lastOutputSequence());
            feed(s, s.resumeAfterInput(), Long.MAX_VALUE);
            s.close();
            assertNull(s.failure());
            assertEquals(referenceEvents, s.lastOutputSequence());
            assertEquals(referenceHash, s.engine().stateHash());
        }
        assertSameJournal(reference, out);
    }

    @Test
    void aRunStoppedHalfwayAndResumedEndsAsTheUninterruptedRun() throws IOException {
        final Path out = root.resolve("halves-out");
        final Path snaps = root.resolve("halves-snapshots");
        final long half = inputs / 2;
        final long eventsAtHalf;
        try (EngineSession s = EngineSession.options(CONFIG, settings("100000")).output(out)
            .snapshots(snaps, 0).ringSize(RING).open()) {
            feed(s, Long.MIN_VALUE, half);
            s.close();
            assertNull(s.failure());
            eventsAtHalf = s.lastOutputSequence();
        }
        assertTrue(eventsAtHalf > 0 && eventsAtHalf < referenceEvents, "events at half: " + eventsAtHalf);
        // the snapshot at close covers exactly the first half
        final List<Path> files = new SnapshotStore(snaps).files();
        assertEquals(List.of(snaps.resolve(SnapshotStore.fileName(half))), files);
        assertEquals(eventsAtHalf, SnapshotStore.read(files.get(0)).info().outputSequence());

        try (EngineSession s = EngineSession.options(CONFIG, settings("100000")).output(out)
            .snapshots(snaps, 0).ringSize(RING).open()) {
            assertEquals(half, s.resumeAfterInput());
            assertTrue(s.recovery().startsWith("restored " + SnapshotStore.fileName(half) + " (input " + half + ", "
                + eventsAtHalf + " events)"), s.recovery());
            assertEquals(eventsAtHalf, s.lastOutputSequence());
            feed(s, s.resumeAfterInput(), Long.MAX_VALUE);
            s.close();
            assertNull(s.failure());
            assertEquals(referenceEvents, s.lastOutputSequence());
            assertEquals(referenceHash, s.engine().stateHash());
        }
        assertSameJournal(reference, out);
    }

    @Test
    void aRestartUnderAnotherConfigurationSkipsTheSnapshotAndFailsOnTheFirstDifferentEvent() throws IOException {
        final Path[] dirs = fullRunWithSnapshots("other-fund");
        final Path out = dirs[0];
        final Path snaps = dirs[1];
        final List<Path> before = new SnapshotStore(snaps).files();
        assertFalse(before.isEmpty());

        final EngineSession s = EngineSession.options(CONFIG, settings("100001")).output(out)
            .snapshots(snaps, 0).ringSize(RING).open();
        try {
            assertEquals(Long.MIN_VALUE, s.resumeAfterInput());
            for (final Path p : before) {
                assertTrue(s.recovery().contains("skipped snapshot " + p.getFileName() + ": configuration fingerprint"),
                    s.recovery());
            }
            assertTrue(s.recovery().contains("no snapshot: re-running every input"), s.recovery());
            feed(s, Long.MIN_VALUE, Long.MAX_VALUE);
        } catch (final RuntimeException | AssertionError e) {
            try {
                s.close();
            } catch (final RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        final IllegalStateException closing = assertThrows(IllegalStateException.class, s::close);
        final Throwable failure = s.failure();
        assertNotNull(failure, "the re-run under another insurance fund was accepted");
        final String expected = "produced output record " + firstInsuranceFundSeq
            + " differently from the one journaled before (INSURANCE_FUND)";
        assertTrue(String.valueOf(failure.getMessage()).contains(expected), String.valueOf(failure));
        assertTrue(causes(closing).stream().anyMatch(t -> String.valueOf(t.getMessage()).contains(expected)),
            () -> "close() threw " + causes(closing));
        assertTrue(closing.getMessage().contains("the engine thread failed"), closing.getMessage());
        // the engine stopped at the difference: nothing was appended, the journal is as it was
        assertEquals(firstInsuranceFundSeq - 1, s.lastOutputSequence());
        assertSameJournal(reference, out);
        s.close(); // idempotent, even after a failure
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Replays the market into the session's publisher, inputs with sequence in (after, upTo] only.
     * Never blocks on a full ring of a failed engine thread: once it has failed, the rest is dropped.
     */
    private static void feed(final EngineSession s, final long after, final long upTo) {
        market.run(new Range(s, after, upTo));
    }

    private static final class Range implements InputHandler {
        private final EngineSession session;
        private final long after;
        private final long upTo;

        Range(final EngineSession session, final long after, final long upTo) {
            this.session = session;
            this.after = after;
            this.upTo = upTo;
        }

        private boolean pass(final long seq) {
            if (seq <= after || seq > upTo) {
                return false;
            }
            while (session.remainingCapacity() == 0) {
                if (session.failure() != null) {
                    return false;
                }
                LockSupport.parkNanos(50_000);
            }
            return session.failure() == null;
        }

        @Override
        public void onMarkPrice(final long seq, final long ts, final int instrument, final long price, final long line) {
            if (pass(seq)) {
                session.input().onMarkPrice(seq, ts, instrument, price, line);
            }
        }

        @Override
        public void onPosition(final long seq, final long ts, final long account, final int instrument, final int side,
                               final long qty, final long entryPrice, final boolean cross, final long isolatedMargin,
                               final long line) {
            if (pass(seq)) {
                session.input().onPosition(seq, ts, account, instrument, side, qty, entryPrice, cross, isolatedMargin,
                    line);
            }
        }

        @Override
        public void onWallet(final long seq, final long ts, final long account, final int asset, final long balance,
                             final long line) {
            if (pass(seq)) {
                session.input().onWallet(seq, ts, account, asset, balance, line);
            }
        }

        @Override
        public void onFunding(final long seq, final long ts, final int instrument, final long rate, final long line) {
            if (pass(seq)) {
                session.input().onFunding(seq, ts, instrument, rate, line);
            }
        }

        @Override
        public void onInstrumentUpdate(final long seq, final long ts, final int instrument,
                                       final CharSequence definition, final long line) {
            if (pass(seq)) {
                session.input().onInstrumentUpdate(seq, ts, instrument, definition, line);
            }
        }

        @Override
        public void onControl(final long seq, final long ts, final int code, final long line) {
            if (pass(seq)) {
                session.input().onControl(seq, ts, code, line);
            }
        }

        @Override
        public void onMalformed(final long seq, final long ts, final int kind, final int reason, final long line) {
            if (pass(seq)) {
                session.input().onMalformed(seq, ts, kind, reason, line);
            }
        }
    }

    private static void assertNull(final Throwable failure) {
        if (failure != null) {
            throw new AssertionError("the engine thread failed", failure);
        }
    }

    private static List<Throwable> causes(final Throwable t) {
        final List<Throwable> all = new ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }

    /** Each record of an output journal as {output seq, kind}. */
    private static List<long[]> records(final Path journal) {
        final List<long[]> out = new ArrayList<>();
        try (OutputJournalReader reader = OutputJournalReader.open(journal)) {
            reader.readAll(new EventRecordVisitor() {
                @Override
                public void onMarginCall(final long outputSeq, final long inputSeq, final long timestamp,
                                         final long account, final int instrument, final boolean cross, final int level,
                                         final long levelRatio, final long markPrice, final long equity,
                                         final long maintenanceMargin, final int tier, final long marginRatio) {
                    out.add(new long[] {outputSeq, EventRecords.KIND_MARGIN_CALL});
                }

                @Override
                public void onPartialLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                                 final long account, final int instrument, final int side,
                                                 final long closedQty, final long remainingQty, final long markPrice,
                                                 final long bankruptcyPrice, final long equity,
                                                 final long maintenanceMargin, final int tier, final long marginRatio,
                                                 final int rule) {
                    out.add(new long[] {outputSeq, EventRecords.KIND_PARTIAL_LIQUIDATION});
                }

                @Override
                public void onLiquidation(final long outputSeq, final long inputSeq, final long timestamp,
                                          final long account, final int instrument, final int side, final long qty,
                                          final boolean cross, final long markPrice, final long bankruptcyPrice,
                                          final long equity, final long maintenanceMargin, final int tier,
                                          final long marginRatio, final int rule) {
                    out.add(new long[] {outputSeq, EventRecords.KIND_LIQUIDATION});
                }

                @Override
                public void onInsuranceFund(final long outputSeq, final long inputSeq, final long timestamp,
                                            final long account, final int instrument, final int asset,
                                            final long delta, final long balanceAfter) {
                    out.add(new long[] {outputSeq, EventRecords.KIND_INSURANCE_FUND});
                }

                @Override
                public void onAdl(final long outputSeq, final long inputSeq, final long timestamp, final long account,
                                  final int instrument, final int side, final long qty, final long price,
                                  final long liquidatedAccount, final long rankScore) {
                    out.add(new long[] {outputSeq, EventRecords.KIND_ADL});
                }

                @Override
                public void onRejection(final long outputSeq, final long inputSeq, final long timestamp,
                                        final long account, final int instrument, final int inputKind,
                                        final int reason, final long line) {
                    out.add(new long[] {outputSeq, EventRecords.KIND_REJECTION});
                }

                @Override
                public void onGuard(final long outputSeq, final long inputSeq, final long timestamp,
                                    final long account, final int instrument, final int reason, final int state,
                                    final long price, final long referencePrice) {
                    out.add(new long[] {outputSeq, EventRecords.KIND_GUARD});
                }
            });
        }
        for (int i = 0; i < out.size(); i++) {
            assertEquals(i + 1, out.get(i)[0], "output sequence " + (i + 1));
        }
        return out;
    }

    private static List<Path> cq4Files(final Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
    }

    /** The same .cq4 files, byte for byte. */
    private static void assertSameJournal(final Path expected, final Path actual) throws IOException {
        final List<Path> e = cq4Files(expected);
        final List<Path> a = cq4Files(actual);
        assertFalse(e.isEmpty(), "no .cq4 file in " + expected);
        assertEquals(e.stream().map(p -> p.getFileName().toString()).toList(),
            a.stream().map(p -> p.getFileName().toString()).toList());
        for (int i = 0; i < e.size(); i++) {
            assertEquals(-1L, Files.mismatch(e.get(i), a.get(i)), "first byte where " + a.get(i) + " differs from "
                + e.get(i));
        }
    }

    @Test
    void theJournalComparisonTellsJournalsApart() throws IOException {
        // guard for the byte comparison above: a run under another fund journals different bytes
        final Path out = root.resolve("different-out");
        try (EngineSession s = EngineSession.options(CONFIG, settings("100001")).output(out).ringSize(RING).open()) {
            feed(s, Long.MIN_VALUE, Long.MAX_VALUE);
            s.close();
            assertNotEquals(referenceHash, s.engine().stateHash());
        }
        assertNotEquals(-1L, Files.mismatch(cq4Files(reference).get(0), cq4Files(out).get(0)));
    }
}
