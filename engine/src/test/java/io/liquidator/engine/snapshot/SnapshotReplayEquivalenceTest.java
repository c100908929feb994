package io.liquidator.engine.snapshot;

import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.oracle.RandomScenarios;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property: a snapshot is the state, all of it. Over random books (every shape and policy of the
 * oracle's generator, with instrument updates spliced in) and several cut points k each:
 * <ul>
 *   <li>engine A runs every input without snapshots;</li>
 *   <li>engine B runs every input and takes a snapshot after input k for each cut (so taking one must
 *       not disturb it: B's events are A's);</li>
 *   <li>for each cut, a fresh engine C restores B's snapshot at k, and at once snapshots itself: the
 *       bytes must be B's (round-trip idempotence); C then runs inputs [k, n): its events must be A's
 *       events from k on, exactly, and at the end C's state hash, C's snapshot bytes and A's agree and
 *       C's full-scan verifier finds no index miss.</li>
 * </ul>
 * Comparing whole snapshots at the end makes "identical" concrete: same slot numbers, free stack,
 * book lists, heap layouts, slacks, levels, cooldowns, close fees, marks, funds, sequence and tick
 * stamp, instrument definitions.
 *
 * <p>System properties: {@code snapshot.books} (books per mode), {@code snapshot.seed}.
 */
class SnapshotReplayEquivalenceTest {
    private static final long SEED = Long.getLong("snapshot.seed", 0x5AA95107L);
    private static final int BOOKS_PER_MODE = Integer.getInteger("snapshot.books", 150);
    private static final int CUTS = 6;

    @Test
    void restoringAtAnyCutAndReplayingTheRestEqualsTheUninterruptedRun() {
        final List<String> modes = RandomScenarios.modes();
        final Totals totals = new Totals();
        final long start = System.nanoTime();
        for (int m = 0; m < modes.size(); m++) {
            final String mode = modes.get(m);
            final int books = mode.startsWith("large/") ? 1 : BOOKS_PER_MODE;
            for (int b = 0; b < books; b++) {
                final RandomScenarios.Scenario s = RandomScenarios.generate(RandomScenarios.seed(SEED, m, b), mode, 4);
                check(s, new Random(SEED + 31L * m + b), totals);
            }
        }
        System.out.printf("snapshot replay equivalence: %s (%.1f s)%n", totals, (System.nanoTime() - start) / 1e9);
        assertTrue(totals.isolatedLiquidations > 0 && totals.crossLiquidations > 0, totals.toString());
        assertTrue(totals.partials > 0 && totals.adl > 0 && totals.marginCalls > 0, totals.toString());
        assertTrue(totals.instrumentUpdates > totals.instrumentUpdateRejections && totals.instrumentUpdateRejections > 0,
            totals.toString());
        assertTrue(totals.cutsAfterUpdate > 0, "no cut after an accepted instrument update: " + totals);
    }

    private static void check(final RandomScenarios.Scenario s, final Random r, final Totals totals) {
        final List<RandomScenarios.Step> steps = s.steps();
        final int n = steps.size();
        final TreeSet<Integer> cuts = new TreeSet<>(List.of(0, n));
        while (cuts.size() < Math.min(CUTS, n + 1)) {
            cuts.add(r.nextInt(n + 1));
        }

        final RandomScenarios.Recorder a = new RandomScenarios.Recorder();
        final LiquidationEngine engineA = s.newEngine(a.sink());
        final int[] eventsBefore = new int[n + 1];
        for (int k = 0; k < n; k++) {
            eventsBefore[k] = a.events().size();
            steps.get(k).applyTo(engineA);
        }
        eventsBefore[n] = a.events().size();

        final RandomScenarios.Recorder b = new RandomScenarios.Recorder();
        final LiquidationEngine engineB = s.newEngine(b.sink());
        final List<byte[]> snapshots = new ArrayList<>();
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);
        for (int k = 0; k <= n; k++) {
            if (cuts.contains(k)) {
                snapshots.add(bytes(buffer, engineB.writeSnapshot(buffer, 0)));
            }
            if (k < n) {
                steps.get(k).applyTo(engineB);
            }
        }
        assertEquals(a.events(), b.events(), () -> "taking snapshots changed what engine B emitted\n" + s.header());
        final byte[] finalA = bytes(buffer, engineA.writeSnapshot(buffer, 0));

        int c = 0;
        for (final int k : cuts) {
            final byte[] snapshot = snapshots.get(c++);
            final RandomScenarios.Recorder rc = new RandomScenarios.Recorder();
            final LiquidationEngine engineC = s.newEngine(rc.sink());
            engineC.restoreSnapshot(new UnsafeBuffer(snapshot), 0, snapshot.length);
            final byte[] again = bytes(buffer, engineC.writeSnapshot(buffer, 0));
            if (!Arrays.equals(snapshot, again)) {
                fail("snapshot(restore(snapshot)) differs from the snapshot at cut " + k + " of " + n + " (first difference"
                    + " at byte " + Arrays.mismatch(snapshot, again) + ")\n" + s.header());
            }
            for (int j = k; j < n; j++) {
                steps.get(j).applyTo(engineC);
            }
            final List<String> expected = a.events().subList(eventsBefore[k], eventsBefore[n]);
            if (!expected.equals(rc.events())) {
                fail(mismatch(s, k, expected, rc.events()));
            }
            assertEquals(engineA.stateHash(), engineC.stateHash(), () -> "state hash after restoring at " + k + "\n"
                + s.header());
            assertEquals(0, engineC.countIndexMisses(), () -> "index misses after restoring at " + k + "\n" + s.header());
            assertArrayEquals(finalA, bytes(buffer, engineC.writeSnapshot(buffer, 0)),
                () -> "final state differs from the uninterrupted run's after restoring at " + k + "\n" + s.header());
            totals.cuts++;
            if (k > 0 && s.instrumentUpdates() > 0 && s.step(k - 1).contains("onInstrumentUpdate")) {
                totals.cutsAfterUpdate++;
            }
        }
        totals.books++;
        totals.inputs += n;
        totals.instrumentUpdates += s.instrumentUpdates();
        for (final String e : a.events()) {
            totals.count(e);
        }
    }

    private static byte[] bytes(final ExpandableDirectByteBuffer buffer, final int length) {
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }

    private static String mismatch(final RandomScenarios.Scenario s, final int k, final List<String> expected,
                                   final List<String> actual) {
        int first = 0;
        while (first < expected.size() && first < actual.size() && expected.get(first).equals(actual.get(first))) {
            first++;
        }
        final StringBuilder sb = new StringBuilder("events after restoring at cut ").append(k).append(" differ at event #")
            .append(first).append("\n  uninterrupted: ")
            .append(first < expected.size() ? expected.get(first) : "(none)").append("\n  restored:      ")
            .append(first < actual.size() ? actual.get(first) : "(none)").append('\n').append(s.header()).append('\n');
        for (int j = Math.max(0, k - 3); j < Math.min(s.steps().size(), k + 3); j++) {
            sb.append(j == k ? "  >> " : "     ").append(s.step(j)).append('\n');
        }
        return sb.toString();
    }

    private static final class Totals {
        long books;
        long inputs;
        long cuts;
        long cutsAfterUpdate;
        long instrumentUpdates;
        long instrumentUpdateRejections;
        long marginCalls;
        long partials;
        long isolatedLiquidations;
        long crossLiquidations;
        long adl;
        long insuranceFund;
        long rejections;

        void count(final String e) {
            if (e.startsWith("MARGIN_CALL")) {
                marginCalls++;
            } else if (e.startsWith("PARTIAL_LIQUIDATION")) {
                partials++;
            } else if (e.startsWith("LIQUIDATION")) {
                if (e.contains(" cross=true ")) {
                    crossLiquidations++;
                } else {
                    isolatedLiquidations++;
                }
            } else if (e.startsWith("ADL")) {
                adl++;
            } else if (e.startsWith("INSURANCE_FUND")) {
                insuranceFund++;
            } else if (e.startsWith("REJECTION")) {
                rejections++;
                if (e.contains(" kind=5 ")) {
                    instrumentUpdateRejections++;
                }
            }
        }

        @Override
        public String toString() {
            return books + " books, " + inputs + " inputs, " + cuts + " cuts restored and replayed (" + cutsAfterUpdate
                + " right after an instrument update); instrument updates " + instrumentUpdates + " (rejected "
                + instrumentUpdateRejections + "); events: MARGIN_CALL " + marginCalls + ", PARTIAL_LIQUIDATION " + partials
                + ", LIQUIDATION isolated " + isolatedLiquidations + " / cross " + crossLiquidations + ", ADL " + adl
                + ", INSURANCE_FUND " + insuranceFund + ", REJECTION " + rejections;
        }
    }
}
