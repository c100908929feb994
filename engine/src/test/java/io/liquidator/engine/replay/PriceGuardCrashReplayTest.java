package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.EventSink;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.core.PriceGuard;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.journal.Guards;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real crash of 2021-05-19 (Binance BTCUSDT 1-minute klines from {@code shared/data}, four marks
 * per bar, 15 s apart) through an engine with a realistic guard on BTCUSDT: 10 % per 1 s window,
 * 5 s staleness, confirm after 3 ticks. The day has bars whose high and low are 10–14 % apart, so
 * the guard trips; it must not stop the crash from liquidating. Against the same run without a
 * guard:
 * <ul>
 *   <li>liquidations happen: on this day the very same accounts as without the guard;</li>
 *   <li>every account the guarded run liquidates, the unguarded run liquidates too, never later;</li>
 *   <li>an account only the unguarded run liquidates was liquidatable only while the guard was
 *       tripped (its price recovered before the release: the guard's intended effect);</li>
 *   <li>an account the guard delayed was liquidatable, unguarded, inside a pause, and goes on the
 *       releasing tick if it is still under water there (later otherwise, when the price gets it);</li>
 *   <li>GUARD records alternate TRIPPED/RELEASED, and the day ends released.</li>
 * </ul>
 * Skipped with the reason if {@code liquidator.shared.dir} (set by Surefire) or the file is missing.
 */
class PriceGuardCrashReplayTest {
    private static final Instrument BTCUSDT = LiquidatorConfig.bundledDefault().instrument("BTCUSDT").orElseThrow();
    private static final int ACCOUNTS = 600;
    private static final long[][] NO_TICKS = new long[0][];

    private static long[][] ticks = NO_TICKS;

    @BeforeAll
    static void readKlines() {
        final String property = System.getProperty("liquidator.shared.dir");
        if (property == null) {
            return;
        }
        final Path file = Paths.get(property, "data", "btcusdt-spot-1m-2021-05-19.csv");
        if (!Files.isRegularFile(file)) {
            return;
        }
        final List<long[]> out = new ArrayList<>();
        try (BinanceKlines k = BinanceKlines.open(BTCUSDT, file)) {
            while (k.next()) {
                assertEquals(0, k.rejection(), () -> "line " + k.line());
                out.add(new long[] {k.timestamp(), k.price()});
            }
        }
        ticks = out.toArray(NO_TICKS);
    }

    /** Liquidations (first per account) and GUARD records, as the engine emits them. */
    private static final class Sink implements EventSink {
        final Map<Long, long[]> liquidated = new TreeMap<>(); // account -> {input seq, ts}
        final List<long[]> guards = new ArrayList<>();        // {input seq, state, reason, price, reference}
        long marginCalls;

        @Override
        public void onMarginCall(final long inputSeq, final long timestamp, final long account, final int instrument,
                                 final boolean cross, final int level, final long levelRatio, final long markPrice,
                                 final long equity, final long maintenanceMargin, final int tier, final long marginRatio) {
            marginCalls++;
        }

        @Override
        public void onPartialLiquidation(final long inputSeq, final long timestamp, final long account,
                                         final int instrument, final int side, final long closedQty,
                                         final long remainingQty, final long markPrice, final long bankruptcyPrice,
                                         final long equity, final long maintenanceMargin, final int tier,
                                         final long marginRatio, final int rule) {
            liquidated.putIfAbsent(account, new long[] {inputSeq, timestamp});
        }

        @Override
        public void onLiquidation(final long inputSeq, final long timestamp, final long account, final int instrument,
                                  final int side, final long qty, final boolean cross, final long markPrice,
                                  final long bankruptcyPrice, final long equity, final long maintenanceMargin,
                                  final int tier, final long marginRatio, final int rule) {
            liquidated.putIfAbsent(account, new long[] {inputSeq, timestamp});
        }

        @Override
        public void onInsuranceFund(final long inputSeq, final long timestamp, final long account, final int instrument,
                                    final int asset, final long delta, final long balanceAfter) {
        }

        @Override
        public void onAdl(final long inputSeq, final long timestamp, final long account, final int instrument,
                          final int side, final long qty, final long price, final long liquidatedAccount,
                          final long rankScore) {
            throw new AssertionError("the fund is large enough: no ADL expected");
        }

        @Override
        public void onRejection(final long inputSeq, final long timestamp, final int inputKind, final long account,
                                final int instrument, final int reason, final long line) {
            throw new AssertionError("input " + inputSeq + " rejected: " + io.liquidator.journal.Rejections.name(reason));
        }

        @Override
        public void onGuard(final long inputSeq, final long timestamp, final int instrument, final int reason,
                            final int state, final long price, final long referencePrice) {
            guards.add(new long[] {inputSeq, state, reason, price, referencePrice});
        }
    }

    /**
     * The book: 600 accounts in three batches of 200: isolated longs (2–100×) and shorts, and cross
     * accounts (their own wallet), entered within ±3 % of the mark at 00:00, at 12:00 (after the fall)
     * and at 13:05 (near the low, so that the rebound has shorts to squeeze). Inputs are in time
     * order; sequences 1, 2, 3, ….
     */
    private static void run(final LiquidationEngine e) {
        final Random r = new Random(20210519L);
        long seq = 1;
        final int[] batchAt = {0, (12 * 60) * 4, (13 * 60 + 5) * 4}; // the opens of 00:00, 12:00, 13:05
        int batch = 0;
        for (int t = 0; t < ticks.length; t++) {
            if (batch < batchAt.length && t == batchAt[batch]) {
                final int from = batch * ACCOUNTS / batchAt.length;
                for (int a = from; a < from + ACCOUNTS / batchAt.length; a++) {
                    seq = open(e, seq, ticks[t][0], 1_000 + a, ticks[t][1], r);
                }
                batch++;
            }
            e.onMarkPrice(seq++, ticks[t][0], 0, ticks[t][1]);
        }
    }

    private static long open(final LiquidationEngine e, long seq, final long ts, final long account, final long mark,
                             final Random r) {
        final int[] leverages = {2, 3, 5, 10, 20, 25, 50, 75, 100};
        final int leverage = leverages[r.nextInt(leverages.length)];
        final int side = r.nextInt(4) == 0 ? Side.SHORT : Side.LONG;
        long entry = (mark + (long) ((r.nextDouble() - 0.5) * 0.06 * mark)) / BTCUSDT.tickSize() * BTCUSDT.tickSize();
        final long qty = (10 + r.nextInt(1_990)) * BTCUSDT.stepSize(); // 0.01 .. 2 BTC
        // initial margin = notional / leverage, in USDT 1e-8: qty (1e-3) × price (1e-1) → 1e-4, × 1e4
        long margin = qty * entry * 10_000L / leverage;
        if (margin + (side == Side.LONG ? 1 : -1) * qty * (mark - entry) * 10_000L < 0) {
            // the engine refuses a position already bankrupt at the mark (BANKRUPT_AT_MARK): open it at the mark
            entry = mark;
            margin = qty * entry * 10_000L / leverage;
        }
        if (r.nextInt(5) == 0) {
            e.onWallet(seq++, ts, account, 0, margin);
            e.onPosition(seq++, ts, account, 0, side, qty, entry, true, 0);
        } else {
            e.onPosition(seq++, ts, account, 0, side, qty, entry, false, margin);
        }
        return seq;
    }

    private static LiquidationEngine engine(final PriceGuard guard, final Sink sink) {
        final EngineSettings.Builder b = EngineSettings.builder()
            .insuranceFund("USDT", Decimals.parse("10000000000", 8)).expectedPositions(ACCOUNTS);
        if (guard != null) {
            b.priceGuard(0, guard);
        }
        return new LiquidationEngine(LiquidatorConfig.bundledDefault().instruments(), b.build(), sink);
    }

    @Test
    void theCrashStillLiquidatesWithARealisticGuard() {
        Assumptions.assumeTrue(System.getProperty("liquidator.shared.dir") != null,
            "liquidator.shared.dir is not set (Surefire sets it to <repo>/../shared)");
        Assumptions.assumeTrue(ticks.length > 0, "the shared kline extract btcusdt-spot-1m-2021-05-19.csv is absent");
        assertEquals(975 * 4, ticks.length);

        final Sink plain = new Sink();
        final LiquidationEngine p = engine(null, plain);
        run(p);
        final Sink guarded = new Sink();
        final PriceGuard guard = PriceGuard.builder().maxStalenessMillis(5_000).maxMove(10_000_000L).windowMillis(1_000)
            .confirm(3).build();
        final LiquidationEngine g = engine(guard, guarded);
        run(g);
        assertEquals(0, g.countIndexMisses());
        assertEquals(p.markPrice(0), g.markPrice(0));

        // pauses as [tripped seq, released seq) intervals; records alternate
        final List<long[]> pauses = new ArrayList<>();
        for (int k = 0; k < guarded.guards.size(); k++) {
            final long[] rec = guarded.guards.get(k);
            assertEquals(k % 2 == 0 ? Guards.TRIPPED : Guards.RELEASED, rec[1], "GUARD record " + k);
            if (rec[1] == Guards.TRIPPED) {
                pauses.add(new long[] {rec[0], Long.MAX_VALUE});
            } else {
                pauses.get(pauses.size() - 1)[1] = rec[0];
            }
        }
        assertTrue(!pauses.isEmpty(), "the day's 10–14 % bars should trip a 10 % guard");
        assertTrue(!g.liquidationPaused(0), "the day ends with the guard released");

        int delayed = 0;
        int onRelease = 0;
        long maxDelayTicks = 0;
        for (final Map.Entry<Long, long[]> x : guarded.liquidated.entrySet()) {
            final long[] without = plain.liquidated.get(x.getKey());
            assertTrue(without != null, "account " + x.getKey() + " liquidated only with the guard");
            assertTrue(x.getValue()[0] >= without[0], "account " + x.getKey() + " liquidated earlier with the guard");
            if (x.getValue()[0] > without[0]) {
                delayed++;
                final long[] pause = pauseAt(pauses, without[0]);
                assertTrue(pause != null, "account " + x.getKey() + " delayed although no pause covered input "
                    + without[0]);
                // on the releasing tick if still under water there, else when the price next gets it
                assertTrue(x.getValue()[0] >= pause[1], "account " + x.getKey() + " liquidated inside a pause");
                if (x.getValue()[0] == pause[1]) {
                    onRelease++;
                }
                maxDelayTicks = Math.max(maxDelayTicks, x.getValue()[0] - without[0]);
            }
        }
        int spared = 0;
        for (final Map.Entry<Long, long[]> x : plain.liquidated.entrySet()) {
            if (!guarded.liquidated.containsKey(x.getKey())) {
                spared++;
                assertTrue(pauseAt(pauses, x.getValue()[0]) != null, "account " + x.getKey()
                    + " spared by the guard although its liquidation (input " + x.getValue()[0] + ") was not in a pause");
            }
        }
        System.out.printf("2021-05-19 crash, %d accounts: without a guard %d liquidated; with %s: %d liquidated (%d of"
                + " them later, %d on the releasing tick, by at most %d inputs), %d spared; %d pauses (%s); margin calls"
                + " %d vs %d%n", ACCOUNTS, plain.liquidated.size(), guard, guarded.liquidated.size(), delayed, onRelease,
            maxDelayTicks, spared, pauses.size(),
            describe(pauses, guarded.guards), plain.marginCalls, guarded.marginCalls);
        assertTrue(plain.liquidated.size() > ACCOUNTS / 4, "the crash should liquidate a good part of the book");
        assertTrue(guarded.liquidated.size() * 10 >= plain.liquidated.size() * 9,
            "the guard spared more than 10 % of the crash's liquidations");
        // on this day the guard's pauses are one-tick wicks: whoever a wick put under water and who was
        // still under water later went then, so the same accounts go, a few of them later
        assertEquals(plain.liquidated.keySet(), guarded.liquidated.keySet(), "the same accounts are liquidated");
    }

    /** The pause whose [trip, release) contains input {@code seq}, or null. */
    private static long[] pauseAt(final List<long[]> pauses, final long seq) {
        for (final long[] p : pauses) {
            if (seq >= p[0] && seq < p[1]) {
                return p;
            }
        }
        return null;
    }

    private static String describe(final List<long[]> pauses, final List<long[]> guards) {
        final StringBuilder sb = new StringBuilder();
        for (int k = 0; k < guards.size(); k++) {
            final long[] g = guards.get(k);
            sb.append(k == 0 ? "" : ", ").append(Guards.stateName((int) g[1]).charAt(0)).append(' ')
                .append(Guards.reasonName((int) g[2])).append(" @").append(g[0]).append(' ')
                .append(Decimals.formatTrimmed(g[3], 1)).append(" vs ").append(Decimals.formatTrimmed(g[4], 1));
        }
        return sb.toString();
    }
}
