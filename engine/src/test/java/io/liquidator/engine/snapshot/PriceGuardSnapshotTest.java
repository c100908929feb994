package io.liquidator.engine.snapshot;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.PriceGuard;
import io.liquidator.engine.core.RecordingSink;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.oracle.RandomScenarios;
import io.liquidator.engine.snapshot.codec.SnapshotException;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A snapshot taken while a guard is tripped (or half-way through a confirmation) restores the guard
 * exactly: SnapshotReplayEquivalenceTest's property with guards on. An uninterrupted engine A runs
 * every input; for each cut k a fresh engine C restores the snapshot B took after input k, snapshots
 * itself at once (the bytes must be B's), runs the rest, and must emit A's events from k on and end
 * in A's state hash and snapshot bytes with no index miss. Cuts in the middle of a pause are counted
 * and required.
 */
class PriceGuardSnapshotTest {
    private static final long SEED = Long.getLong("guards.seed", 0x6A4D5L);
    private static final int BOOKS_PER_MODE = Integer.getInteger("guards.books", 60);

    private interface Step {
        void applyTo(LiquidationEngine e);
    }

    private static long px(final String p) {
        return Decimals.parse(p, 1);
    }

    private static long usdt(final String u) {
        return Decimals.parse(u, 8);
    }

    /** Positions, a calm series, a spike that trips, a slide confirmed in 2 ticks, a funding while paused. */
    private static List<Step> handScenario() {
        final List<Step> s = new ArrayList<>();
        s.add(e -> e.onPosition(1, 1_000, 7, 0, Side.LONG, 1_500, px("60000"), false, usdt("3000")));
        s.add(e -> e.onPosition(2, 1_000, 9, 0, Side.LONG, 1_000, px("60000"), false, usdt("10000")));
        s.add(e -> e.onWallet(3, 1_000, 20, 0, usdt("5000")));
        s.add(e -> e.onPosition(4, 1_000, 20, 0, Side.LONG, 1_000, px("60000"), true, 0));
        s.add(e -> e.onPosition(5, 1_000, 20, 1, Side.LONG, 10_000, 300_000, true, 0));
        s.add(e -> e.onMarkPrice(6, 2_000, 1, 300_000));
        final String[] btc = {"60000", "60010", "30000", "59990", "52000", "51500", "51000", "50100", "50000", "49000"};
        long seq = 7;
        long ts = 2_000;
        for (final String p : btc) {
            final long q = seq++;
            final long t = ts;
            ts += 1_000;
            s.add(e -> e.onMarkPrice(q, t, 0, px(p)));
            if (p.equals("52000")) {
                final long f = seq++;
                s.add(e -> e.onFunding(f, t + 10, 0, 10_000L));
                final long eq = seq++;
                s.add(e -> e.onMarkPrice(eq, t + 20, 1, 250_000));
            }
        }
        return s;
    }

    private static Map<Integer, PriceGuard> handGuards() {
        return Map.of(0, PriceGuard.builder().maxStalenessMillis(5_000).maxMove(10_000_000L).windowMillis(1_000).confirm(3)
            .build());
    }

    @Test
    void restoringMidPauseAndMidConfirmationReplaysExactly() {
        final List<Step> steps = handScenario();
        final EngineSettings settings = EngineSettings.builder().insuranceFund("USDT", usdt("1000000"))
            .priceGuards(handGuards()).build();
        final Totals t = new Totals();
        final List<Integer> allCuts = new ArrayList<>();
        for (int k = 0; k <= steps.size(); k++) {
            allCuts.add(k);
        }
        check(() -> new Pair(LiquidatorConfig.bundledDefault().instruments(), settings), steps, allCuts, t, "hand");
        assertTrue(t.cutsWhilePaused >= 3, t.toString());
        assertTrue(t.guardEvents >= 4 && t.liquidations >= 2, t.toString());
        System.out.println("hand scenario: " + t);
    }

    @Test
    void randomBooksWithTightGuardsRestoreAtAnyCut() {
        final Totals t = new Totals();
        final List<String> modes = RandomScenarios.modes();
        for (int m = 0; m < modes.size(); m++) {
            final int books = modes.get(m).startsWith("large/") ? 1 : BOOKS_PER_MODE;
            for (int b = 0; b < books; b++) {
                final RandomScenarios.Scenario s = RandomScenarios.generate(RandomScenarios.seed(SEED, m, b), modes.get(m), 4);
                final Map<Integer, PriceGuard> guards = new TreeMap<>();
                for (int i = 0; i < s.instruments().size(); i++) {
                    guards.put(i, i % 2 == 0
                        ? PriceGuard.builder().maxMove(2_000_000L).windowMillis(5_000).confirm(2).build()
                        : PriceGuard.builder().maxStalenessMillis(1_000).maxMove(3_000_000L).pause().build());
                }
                final EngineSettings settings = withGuards(s.settings(), guards);
                final List<Step> steps = new ArrayList<>();
                for (final RandomScenarios.Step st : s.steps()) {
                    steps.add(st::applyTo);
                }
                final Random r = new Random(SEED + 31L * m + b);
                final TreeSet<Integer> cuts = new TreeSet<>(List.of(0, steps.size()));
                while (cuts.size() < Math.min(6, steps.size() + 1)) {
                    cuts.add(r.nextInt(steps.size() + 1));
                }
                check(() -> new Pair(s.instruments(), settings), steps, new ArrayList<>(cuts), t, s.header());
            }
        }
        System.out.println("random books with guards: " + t);
        assertTrue(t.cutsWhilePaused > 50, t.toString());
        assertTrue(t.guardEvents > 100 && t.liquidations > 100, t.toString());
    }

    static EngineSettings withGuards(final EngineSettings s, final Map<Integer, PriceGuard> guards) {
        final EngineSettings.Builder b = EngineSettings.builder().marginCallLevels(s.marginCallLevels())
            .hysteresis(s.hysteresis()).policy(s.policy()).expectedPositions(s.expectedPositions()).priceGuards(guards);
        s.insuranceFund().forEach(b::insuranceFund);
        return b.build();
    }

    private record Pair(List<io.liquidator.engine.instrument.Instrument> instruments, EngineSettings settings) {
        LiquidationEngine engine(final RecordingSink sink) {
            return new LiquidationEngine(instruments, settings, sink);
        }
    }

    private interface Factory {
        Pair get();
    }

    private static void check(final Factory f, final List<Step> steps, final List<Integer> cuts, final Totals totals,
                              final String header) {
        final int n = steps.size();
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);
        final RecordingSink a = new RecordingSink();
        final LiquidationEngine engineA = f.get().engine(a);
        final int[] eventsBefore = new int[n + 1];
        for (int k = 0; k < n; k++) {
            eventsBefore[k] = a.events.size();
            steps.get(k).applyTo(engineA);
            // nothing is lost while held: every unit past a threshold still has a key that fires
            final int step = k;
            assertEquals(0, engineA.countIndexMisses(), () -> "index misses after step " + step + "\n" + header);
        }
        eventsBefore[n] = a.events.size();
        final byte[] finalA = bytes(buffer, engineA.writeSnapshot(buffer, 0));

        final RecordingSink b = new RecordingSink();
        final LiquidationEngine engineB = f.get().engine(b);
        final List<byte[]> snapshots = new ArrayList<>();
        final List<Boolean> paused = new ArrayList<>();
        for (int k = 0; k <= n; k++) {
            if (cuts.contains(k)) {
                snapshots.add(bytes(buffer, engineB.writeSnapshot(buffer, 0)));
                boolean any = false;
                for (int i = 0; i < engineB.instrumentCount(); i++) {
                    any |= engineB.liquidationPaused(i);
                }
                paused.add(any);
            }
            if (k < n) {
                steps.get(k).applyTo(engineB);
            }
        }
        assertEquals(a.events, b.events, () -> "taking snapshots changed the events\n" + header);

        int c = 0;
        for (final int k : cuts) {
            final byte[] snapshot = snapshots.get(c);
            final boolean wasPaused = paused.get(c++);
            final RecordingSink rc = new RecordingSink();
            final LiquidationEngine engineC = f.get().engine(rc);
            engineC.restoreSnapshot(new UnsafeBuffer(snapshot), 0, snapshot.length);
            final byte[] again = bytes(buffer, engineC.writeSnapshot(buffer, 0));
            if (!Arrays.equals(snapshot, again)) {
                fail("snapshot(restore(snapshot)) differs at cut " + k + " (byte " + Arrays.mismatch(snapshot, again) + ")\n"
                    + header);
            }
            for (int j = k; j < n; j++) {
                steps.get(j).applyTo(engineC);
            }
            assertEquals(a.events.subList(eventsBefore[k], eventsBefore[n]), rc.events,
                () -> "events after restoring at cut " + k + (wasPaused ? " (mid-pause)" : "") + "\n" + header);
            assertEquals(engineA.stateHash(), engineC.stateHash(), () -> "state hash after cut " + k + "\n" + header);
            assertEquals(0, engineC.countIndexMisses(), () -> "index misses after cut " + k + "\n" + header);
            assertArrayEquals(finalA, bytes(buffer, engineC.writeSnapshot(buffer, 0)), () -> "final state, cut " + k);
            totals.cuts++;
            if (wasPaused) {
                totals.cutsWhilePaused++;
            }
        }
        for (final String e : a.events) {
            if (e.startsWith("GUARD")) {
                totals.guardEvents++;
            } else if (e.startsWith("LIQUIDATION") || e.startsWith("PARTIAL_LIQUIDATION")) {
                totals.liquidations++;
            }
        }
        totals.books++;
    }

    private static byte[] bytes(final ExpandableDirectByteBuffer buffer, final int length) {
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }

    private static final class Totals {
        long books;
        long cuts;
        long cutsWhilePaused;
        long guardEvents;
        long liquidations;

        @Override
        public String toString() {
            return books + " books, " + cuts + " cuts (" + cutsWhilePaused + " while a guard was tripped), " + guardEvents
                + " GUARD events, " + liquidations + " liquidations";
        }
    }

    @Test
    void aSnapshotRestoresOnlyUnderTheSameGuards() {
        final List<io.liquidator.engine.instrument.Instrument> instruments = LiquidatorConfig.bundledDefault().instruments();
        final EngineSettings guarded = EngineSettings.builder().priceGuards(handGuards()).build();
        final LiquidationEngine e = new LiquidationEngine(instruments, guarded, new RecordingSink());
        for (final Step s : handScenario().subList(0, 9)) {
            s.applyTo(e);
        }
        assertTrue(e.liquidationPaused(0));
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1024);
        final byte[] withGuards = bytes(buffer, e.writeSnapshot(buffer, 0));
        final SnapshotException none = assertThrows(SnapshotException.class, () ->
            new LiquidationEngine(instruments, EngineSettings.defaults(), new RecordingSink())
                .restoreSnapshot(new UnsafeBuffer(withGuards), 0, withGuards.length));
        assertTrue(none.getMessage().contains("taken by an engine with price guards; this engine has none"),
            none.getMessage());
        final SnapshotException other = assertThrows(SnapshotException.class, () ->
            new LiquidationEngine(instruments, EngineSettings.builder().priceGuard(0, PriceGuard.builder().maxMove(10_000_000L)
                .windowMillis(1_000).pause().build()).build(), new RecordingSink())
                .restoreSnapshot(new UnsafeBuffer(withGuards), 0, withGuards.length));
        assertTrue(other.getMessage().contains("the price guard of instrument 0 is"), other.getMessage());
        final SnapshotException moved = assertThrows(SnapshotException.class, () ->
            new LiquidationEngine(instruments, EngineSettings.builder().priceGuard(1, handGuards().get(0)).build(),
                new RecordingSink()).restoreSnapshot(new UnsafeBuffer(withGuards), 0, withGuards.length));
        assertTrue(moved.getMessage().contains("instrument 0 is (staleness 5000 ms") && moved.getMessage().contains(
            "absent in this engine"), moved.getMessage());

        final LiquidationEngine plain = new LiquidationEngine(instruments, EngineSettings.defaults(), new RecordingSink());
        for (final Step s : handScenario().subList(0, 9)) {
            s.applyTo(plain);
        }
        final byte[] without = bytes(buffer, plain.writeSnapshot(buffer, 0));
        final SnapshotException some = assertThrows(SnapshotException.class, () ->
            new LiquidationEngine(instruments, guarded, new RecordingSink())
                .restoreSnapshot(new UnsafeBuffer(without), 0, without.length));
        assertTrue(some.getMessage().contains("taken by an engine without price guards; this engine has some"),
            some.getMessage());
    }
}
