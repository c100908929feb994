package io.liquidator.engine.fuzz;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.ConservationChecker;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.RecordingSink;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.money.Rates;
import io.liquidator.journal.Rejections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzzes the engine with random inputs, plausible ones (that open, move, liquidate and ADL
 * positions) mixed with garbage: huge, negative, zero, MIN/MAX values, unknown ids, stale sequences,
 * backward timestamps, malformed inputs. Properties, per batch of inputs:
 * <ul>
 *   <li>nothing is thrown out of the engine;</li>
 *   <li>after every input the index is whole ({@link LiquidationEngine#countIndexMisses()} = 0);</li>
 *   <li>an input the engine refuses changes nothing: a second engine fed the same batch without the
 *       refused inputs ends in the same state (state hash) and emits the same events but those
 *       rejections. Refused means a REJECTION that refuses the input as a whole: any reason but
 *       ARITHMETIC_OVERFLOW, which refuses a position or wallet update whole but is per unit in a tick
 *       or a funding (those inputs are applied);</li>
 *   <li>every tick conserves money ({@link ConservationChecker}).</li>
 * </ul>
 * {@link #boundedRandomInputs} draws batches from seeded random bytes until {@code fuzz.records}
 * inputs (default 100,000, a few seconds; {@code -Dfuzz.records=1000000} for a long run);
 * {@link EngineFuzzer} is the same target for Jazzer.
 */
class EngineFuzzTest {
    private static final long INPUTS = Long.getLong("fuzz.records", 100_000);
    private static final long SEED = Long.getLong("fuzz.seed", 0xF0221L);
    private static final List<Instrument> INSTRUMENTS = LiquidatorConfig.bundledDefault().instruments();
    /** Plausible marks: BTCUSDT 60,000.0, ETHUSDT 3,000.00, BTCUSD 60,000.0 (raw, on their ticks). */
    private static final long[] START = {600_000, 300_000, 600_000};

    private static long inputsRun;
    private static long refusedRun;
    private static long ticksRun;
    private static long eventsRun;
    private static long liquidationsRun;
    private static long adlRun;
    private static final long T0 = System.nanoTime();
    private static final java.util.Map<String, Integer> REASONS = new java.util.TreeMap<>();

    @AfterAll
    static void report() {
        System.out.printf("engine fuzz: %d inputs (%d ticks), %d refused, %d events (%d liquidations, %d ADL), %.1f s;"
            + " rejections by reason %s%n", inputsRun, ticksRun, refusedRun, eventsRun, liquidationsRun, adlRun,
            (System.nanoTime() - T0) / 1e9, REASONS);
    }

    @Test
    void boundedRandomInputs() {
        final Random seeds = new Random(SEED);
        while (inputsRun < INPUTS) {
            final long seed = seeds.nextLong();
            final byte[] data = new byte[32 * 1024];
            new Random(seed).nextBytes(data);
            try {
                check(data);
            } catch (final RuntimeException | AssertionError e) {
                throw new AssertionError("engine fuzz batch of seed " + seed
                    + " (new Random(seed).nextBytes(new byte[32768])) failed after " + inputsRun + " inputs", e);
            }
        }
    }

    /**
     * The inputs Jazzer found failing (its crash files, moved to
     * {@code src/test/resources/io/liquidator/engine/fuzz/EngineFuzzerInputs/inputs/}, where Jazzer's
     * regression mode also replays them): replayed here in the normal run, without Jazzer's agent.
     */
    @Test
    void savedFindings() throws java.io.IOException, java.net.URISyntaxException {
        final java.net.URL dir = EngineFuzzTest.class.getResource("EngineFuzzerInputs/inputs");
        org.junit.jupiter.api.Assertions.assertNotNull(dir, "no saved findings");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of(dir.toURI()))) {
            for (final java.nio.file.Path f : (Iterable<java.nio.file.Path>) files.sorted()::iterator) {
                try {
                    check(java.nio.file.Files.readAllBytes(f));
                } catch (final AssertionError e) {
                    throw new AssertionError("saved finding " + f.getFileName(), e);
                }
            }
        }
    }

    /** One engine input, replayable. */
    record In(char kind, long seq, long ts, long account, int instrument, int side, long qty, long value,
                      boolean cross, long margin, int reason) {
        void apply(final LiquidationEngine e) {
            switch (kind) {
                case 'M' -> e.onMarkPrice(seq, ts, instrument, value);
                case 'P' -> e.onPosition(seq, ts, account, instrument, side, qty, value, cross, margin);
                case 'W' -> e.onWallet(seq, ts, account, instrument, value);
                case 'F' -> e.onFunding(seq, ts, instrument, value);
                default -> e.onMalformedInput(seq, ts, instrument, reason);
            }
        }

        @Override
        public String toString() {
            return switch (kind) {
                case 'M' -> "e.onMarkPrice(" + seq + "L, " + ts + "L, " + instrument + ", " + value + "L);";
                case 'P' -> "e.onPosition(" + seq + "L, " + ts + "L, " + account + "L, " + instrument + ", " + side + ", "
                    + qty + "L, " + value + "L, " + cross + ", " + margin + "L);";
                case 'W' -> "e.onWallet(" + seq + "L, " + ts + "L, " + account + "L, " + instrument + ", " + value + "L);";
                case 'F' -> "e.onFunding(" + seq + "L, " + ts + "L, " + instrument + ", " + value + "L);";
                default -> "e.onMalformedInput(" + seq + "L, " + ts + "L, " + instrument + ", " + reason + ");";
            };
        }
    }

    /** The property for one batch of inputs drawn from {@code data}. */
    static void check(final byte[] data) {
        final FuzzData r = new FuzzData(data);
        final EngineSettings settings = EngineSettings.builder()
            .insuranceFund("USDT", r.nextBoolean() ? 0 : 1_000_000_000_000L)
            .insuranceFund("BTC", r.nextBoolean() ? 0 : 100_000_000L).build();
        final List<In> inputs = generate(r);

        final RecordingSink first = new RecordingSink();
        final ConservationChecker conservation = new ConservationChecker(first);
        final LiquidationEngine engine = new LiquidationEngine(INSTRUMENTS, settings, conservation);
        conservation.attach(engine);
        final boolean[] refused = new boolean[inputs.size()];
        final List<String> kept = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            final In in = inputs.get(k);
            if (in.kind == 'M') {
                conservation.beforeTick(in.instrument, in.value);
                ticksRun++;
            } else {
                conservation.beforeInput();
            }
            final int from = first.events.size();
            try {
                in.apply(engine);
            } catch (final RuntimeException e) {
                throw new AssertionError("the engine threw on input #" + k + " " + in + "\n" + listing(inputs, k), e);
            }
            final String broken = conservation.afterInput();
            if (broken != null) {
                throw new AssertionError("conservation broken at input #" + k + " " + in + ": " + broken + "\n"
                    + listing(inputs, k));
            }
            final int misses = engine.countIndexMisses();
            if (misses != 0) {
                throw new AssertionError(misses + " index misses after input #" + k + " " + in + "\n" + listing(inputs, k)
                    + shrunk(settings, inputs.subList(0, k + 1)));
            }
            final List<String> events = first.events.subList(from, first.events.size());
            refused[k] = refusesWhole(in, events);
            if (refused[k]) {
                assertEquals(1, events.size(), () -> "a refused input emitted more than its REJECTION: " + in + " " + events);
                refusedRun++;
            } else {
                kept.addAll(events);
            }
            for (final String e : events) {
                if (e.startsWith("REJECTION")) {
                    REASONS.merge(e.substring(e.indexOf("reason=") + 7).split(" ")[0], 1, Integer::sum);
                }
                liquidationsRun += e.startsWith("LIQUIDATION") ? 1 : 0;
                adlRun += e.startsWith("ADL") ? 1 : 0;
            }
        }
        eventsRun += first.events.size();
        inputsRun += inputs.size();

        final RecordingSink second = new RecordingSink();
        final LiquidationEngine without = new LiquidationEngine(INSTRUMENTS, settings, second);
        for (int k = 0; k < inputs.size(); k++) {
            if (!refused[k]) {
                inputs.get(k).apply(without);
            }
        }
        if (!kept.equals(second.events) || engine.stateHash() != without.stateHash()) {
            int d = 0;
            while (d < Math.min(kept.size(), second.events.size()) && kept.get(d).equals(second.events.get(d))) {
                d++;
            }
            throw new AssertionError("the run without the refused inputs differs (state hash " + engine.stateHash()
                + " vs " + without.stateHash() + "); first differing event #" + d + ":\n  with:    "
                + (d < kept.size() ? kept.get(d) : "(none)") + "\n  without: "
                + (d < second.events.size() ? second.events.get(d) : "(none)") + "\n" + listing(inputs, inputs.size() - 1));
        }
    }

    /** Replays {@code inputs}; true if the index misses a unit after some input. */
    private static boolean misses(final EngineSettings settings, final List<In> inputs) {
        final LiquidationEngine e = new LiquidationEngine(INSTRUMENTS, settings, new RecordingSink());
        for (final In in : inputs) {
            try {
                in.apply(e);
            } catch (final RuntimeException threw) {
                return false;
            }
            if (e.countIndexMisses() != 0) {
                return true;
            }
        }
        return false;
    }

    /** Greedy delta debugging of an index miss (bounded in time), as Java calls. */
    private static String shrunk(final EngineSettings settings, final List<In> failing) {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        List<In> cur = new ArrayList<>(failing);
        for (int chunk = Math.max(1, cur.size() / 2); chunk >= 1; chunk /= 2) {
            int start = 0;
            while (start < cur.size() && System.nanoTime() < deadline) {
                final List<In> candidate = new ArrayList<>(cur.subList(0, start));
                candidate.addAll(cur.subList(Math.min(cur.size(), start + chunk), cur.size()));
                if (!candidate.isEmpty() && misses(settings, candidate)) {
                    cur = candidate;
                } else {
                    start += chunk;
                }
            }
        }
        final StringBuilder sb = new StringBuilder("  shrunk to " + cur.size() + " inputs (settings " + settings + "):\n");
        cur.forEach(in -> sb.append("    ").append(in).append('\n'));
        return sb.toString();
    }

    private static boolean refusesWhole(final In in, final List<String> events) {
        for (final String e : events) {
            if (!e.startsWith("REJECTION")) {
                continue;
            }
            if (!e.contains("reason=" + Rejections.name(Rejections.ARITHMETIC_OVERFLOW))) {
                return true;
            }
            if (in.kind == 'P' || in.kind == 'W') {
                return true;
            }
        }
        return false;
    }

    private static String listing(final List<In> inputs, final int upTo) {
        final StringBuilder sb = new StringBuilder("  inputs up to it:\n");
        for (int k = Math.max(0, upTo - 200); k <= upTo; k++) {
            sb.append("    ").append(inputs.get(k)).append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------

    static List<In> generate(final FuzzData r) {
        final List<In> out = new ArrayList<>();
        final long[] fair = START.clone();
        long seq = 10;
        long ts = 1;
        out.add(new In('M', seq, ts, 0, 0, 0, 0, START[0], false, 0, 0));
        while (r.remaining() > 0) {
            seq++;
            ts += r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(200);
            // a stale sequence (refused whatever else: at or below the first input's, which is always accepted)
            final long s = r.nextInt(40) == 0 ? (r.nextBoolean() ? Long.MIN_VALUE : r.nextInt(11)) : seq;
            // a garbage time: mostly in the past (a far-future one would refuse every later tick of its market)
            final long t = r.nextInt(40) != 0 ? ts : r.nextInt(20) == 0 ? r.value()
                : r.nextBoolean() ? Long.MIN_VALUE : ts - 1 - r.nextInt(1000);
            final int i = r.nextInt(30) == 0 ? r.smallInt() : r.nextInt(INSTRUMENTS.size());
            final int ii = Math.floorMod(i, INSTRUMENTS.size());
            final Instrument inst = INSTRUMENTS.get(ii);
            final int u = r.nextInt(100);
            if (u < 40) {
                // a mark: a random walk with jumps, now and then garbage
                final int move = r.nextInt(20);
                long p = fair[ii];
                if (move == 0) {
                    p = p * (50 + r.nextInt(100)) / 100;
                } else {
                    p += (r.nextInt(21) - 10) * p / 1000;
                }
                p = Math.max(inst.tickSize(), p - p % inst.tickSize());
                fair[ii] = Math.min(START[ii] * 5, Math.max(START[ii] / 5, p));
                out.add(new In('M', s, t, 0, i, 0, 0, r.nextInt(25) == 0 ? r.value() : fair[ii], false, 0, 0));
            } else if (u < 75) {
                final long account = r.nextInt(25) == 0 ? r.value() : 1 + r.nextInt(12);
                final int side = r.nextInt(30) == 0 ? r.smallInt() : r.nextBoolean() ? 1 : -1;
                final long qty = r.nextInt(10) == 0 ? 0
                    : r.nextInt(25) == 0 ? r.value() : inst.stepSize() * (1 + r.nextInt(r.nextBoolean() ? 50 : 5000));
                long entry = fair[ii] + (r.nextInt(41) - 20) * fair[ii] / 1000;
                entry = Math.max(inst.tickSize(), entry - entry % inst.tickSize());
                if (r.nextInt(25) == 0) {
                    entry = r.value();
                }
                final boolean cross = r.nextBoolean();
                long margin;
                try {
                    margin = MarginMath.initialMargin(inst, Math.max(1, Math.abs(qty)), Math.max(1, Math.abs(entry)),
                        (2 + r.nextInt(100)) * Rates.ONE);
                } catch (final ArithmeticException beyondLong) {
                    margin = r.value();
                }
                if (r.nextInt(25) == 0) {
                    margin = r.value();
                }
                out.add(new In('P', s, t, account, i, side, qty, entry, cross, margin, 0));
            } else if (u < 88) {
                final long account = r.nextInt(25) == 0 ? r.value() : 1 + r.nextInt(12);
                final int asset = r.nextInt(25) == 0 ? r.smallInt() : r.nextInt(2);
                final long balance = r.nextInt(15) == 0 ? r.value()
                    : asset == 0 ? 1_000_000_000L * (1 + r.nextInt(100_000)) : 100_000L * (1 + r.nextInt(100_000));
                out.add(new In('W', s, t, account, asset, 0, 0, balance, false, 0, 0));
            } else if (u < 95) {
                final long rate = r.nextInt(15) == 0 ? r.value() : (r.nextInt(2_000_001) - 1_000_000);
                out.add(new In('F', s, t, 0, i, 0, 0, rate, false, 0, 0));
            } else {
                final int reason = Rejections.MALFORMED_RECORD + r.nextInt(6);
                out.add(new In('X', s, t, 0, r.nextInt(7), 0, 0, 0, false, 0, reason));
            }
        }
        return out;
    }
}
