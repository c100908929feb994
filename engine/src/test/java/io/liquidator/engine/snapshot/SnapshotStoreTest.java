package io.liquidator.engine.snapshot;

import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshot directory: atomic writes, retention, and falling back past damaged or foreign files. */
class SnapshotStoreTest {
    private static final long FINGERPRINT = 0xC0FFEE_1234L;

    @TempDir
    Path dir;

    @Test
    void writeIsAtomicNamedBySequenceAndReadsBackIntoAnIdenticalEngine() throws IOException {
        final long[] seq = new long[1];
        final LiquidationEngine e = SnapshotFixtures.populated(2_000, SnapshotFixtures.IGNORE, seq);
        final SnapshotStore store = new SnapshotStore(dir);
        final SnapshotInfo info = store.write(e, FINGERPRINT, 12_345);

        assertEquals(dir.resolve(String.format("snapshot-%020d.snap", e.lastInputSequence())), info.path());
        assertEquals(List.of(info.path()), store.files());
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
        assertEquals(Files.size(info.path()), info.fileSize());

        final Snapshot read = SnapshotStore.read(info.path());
        assertEquals(info, read.info());
        assertEquals(FINGERPRINT, read.info().fingerprint());
        assertEquals(e.lastInputSequence(), read.info().lastInputSequence());
        assertEquals(12_345, read.info().outputSequence());
        assertEquals(e.stateHash(), read.info().stateHash());

        final LiquidationEngine restored = SnapshotFixtures.engine(new RecordingSink(), 16);
        read.restoreInto(restored);
        assertEquals(e.stateHash(), restored.stateHash());
        assertEquals(0, restored.countIndexMisses());
    }

    @Test
    void newestValidSkipsAFlippedByteATruncatedFileAndAnotherConfigurationsSnapshot() throws IOException {
        final long[] seq = new long[1];
        final LiquidationEngine e = SnapshotFixtures.populated(500, SnapshotFixtures.IGNORE, seq);
        final SnapshotStore store = new SnapshotStore(dir, 10);
        final SplittableRandom r = new SplittableRandom(7);
        final SnapshotInfo good = store.write(e, FINGERPRINT, 1);
        seq[0] = SnapshotFixtures.churn(e, seq[0], r);
        final SnapshotInfo foreign = store.write(e, FINGERPRINT + 1, 2);
        seq[0] = SnapshotFixtures.churn(e, seq[0], r);
        final SnapshotInfo truncated = store.write(e, FINGERPRINT, 3);
        seq[0] = SnapshotFixtures.churn(e, seq[0], r);
        final SnapshotInfo flipped = store.write(e, FINGERPRINT, 4);
        seq[0] = SnapshotFixtures.churn(e, seq[0], r);
        final SnapshotInfo badMagic = store.write(e, FINGERPRINT, 5);
        assertEquals(5, store.files().size());

        final byte[] t = Files.readAllBytes(truncated.path());
        Files.write(truncated.path(), java.util.Arrays.copyOf(t, t.length / 2));
        final byte[] f = Files.readAllBytes(flipped.path());
        f[f.length / 2] ^= 0x10;
        Files.write(flipped.path(), f);
        final byte[] m = Files.readAllBytes(badMagic.path());
        m[0] = 'X';
        Files.write(badMagic.path(), m);

        final SnapshotStore.Selection found = store.newestValid(FINGERPRINT);
        assertTrue(found.found().isPresent(), found.skipped().toString());
        assertEquals(good, found.snapshot().info());
        final List<String> why = found.skipped();
        System.out.println("skipped:\n  " + String.join("\n  ", why));
        assertEquals(4, why.size(), why.toString());
        assertTrue(why.get(0).startsWith(badMagic.path().getFileName() + ": ") && why.get(0).contains("bad magic"), why.get(0));
        assertTrue(why.get(1).startsWith(flipped.path().getFileName() + ": ") && why.get(1).contains("CRC32C mismatch"),
            why.get(1));
        assertTrue(why.get(2).startsWith(truncated.path().getFileName() + ": ") && why.get(2).contains("truncated"),
            why.get(2));
        assertTrue(why.get(3).startsWith(foreign.path().getFileName() + ": ") && why.get(3).contains("fingerprint"),
            why.get(3));

        // the fallback restores to the state it was taken at
        final LiquidationEngine restored = SnapshotFixtures.engine(new RecordingSink(), 16);
        found.snapshot().restoreInto(restored);
        assertEquals(good.stateHash(), restored.stateHash());

        // with only foreign and damaged files, nothing is found, and each is accounted for
        Files.delete(good.path());
        final SnapshotStore.Selection none = store.newestValid(FINGERPRINT);
        assertFalse(none.found().isPresent());
        assertEquals(4, none.skipped().size());
    }

    @Test
    void keepsTheNewestKAndClearsTemporariesLeftByACrash() throws IOException {
        final long[] seq = new long[1];
        final LiquidationEngine e = SnapshotFixtures.populated(200, SnapshotFixtures.IGNORE, seq);
        final SnapshotStore store = new SnapshotStore(dir);
        // a crash mid-write leaves a temporary: never taken for a snapshot
        final Path crashed = dir.resolve(SnapshotStore.fileName(999_999) + ".tmp");
        Files.write(crashed, new byte[] {1, 2, 3});
        assertTrue(store.files().isEmpty());
        assertFalse(store.newestValid(FINGERPRINT).found().isPresent());

        final SplittableRandom r = new SplittableRandom(3);
        final long[] written = new long[5];
        for (int k = 0; k < 5; k++) {
            written[k] = e.lastInputSequence();
            store.write(e, FINGERPRINT, k);
            seq[0] = SnapshotFixtures.churn(e, seq[0], r);
        }
        final List<Path> kept = store.files();
        assertEquals(SnapshotStore.DEFAULT_RETAIN, kept.size());
        for (int k = 0; k < 3; k++) {
            assertEquals(dir.resolve(SnapshotStore.fileName(written[2 + k])), kept.get(k));
        }
        assertFalse(Files.exists(crashed));
        assertEquals(written[4], store.newestValid(FINGERPRINT).snapshot().info().lastInputSequence());
    }

    @Test
    void rewritingTheSameSequenceReplacesTheFileAndAFreshEngineCannotBeSnapshottedToAFile() throws IOException {
        final long[] seq = new long[1];
        final LiquidationEngine e = SnapshotFixtures.populated(100, SnapshotFixtures.IGNORE, seq);
        final SnapshotStore store = new SnapshotStore(dir);
        store.write(e, FINGERPRINT, 1);
        final SnapshotInfo second = store.write(e, FINGERPRINT, 2);
        assertEquals(1, store.files().size());
        assertEquals(2, SnapshotStore.read(second.path()).info().outputSequence());

        final LiquidationEngine fresh = SnapshotFixtures.engine(new RecordingSink(), 16);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> store.write(fresh, FINGERPRINT, 0));
        assertTrue(ex.getMessage().contains("non-negative last input sequence"), ex.getMessage());
    }
}
