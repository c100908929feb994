package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.Rejections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The merged stream: time order, wallets then positions then ticks at equal times, one sequence over all. */
class CsvReplaySourceTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();

    @TempDir
    Path dir;

    private Path wallets(final String... rows) {
        return TestFiles.lines(dir, "wallets.csv", concat(WalletsCsv.HEADER, rows));
    }

    private Path positions(final String... rows) {
        return TestFiles.lines(dir, "positions.csv", concat(PositionsCsv.HEADER, rows));
    }

    private Path ticks(final String... rows) {
        return TestFiles.lines(dir, "ticks.csv", concat(TicksCsv.HEADER, rows));
    }

    private static String[] concat(final String header, final String... rows) {
        final String[] all = new String[rows.length + 1];
        all[0] = header;
        System.arraycopy(rows, 0, all, 1, rows.length);
        return all;
    }

    @Test
    void mergesByTimeWalletsThenPositionsThenTicksAtEqualTimesNumberingRejectedRowsInTheirPlace() {
        final CsvReplaySource source = CsvReplaySource.builder(CONFIG)
            .ticks(ticks(
                "1000,BTCUSDT,60000",        // L2
                "1000,ETHUSDT,3000",         // L3
                "2000,BTCUSDT,59000",        // L4
                "2000,BTCUSDT,NaN",          // L5
                "1500,BTCUSDT,59500",        // L6 backwards: reported at 1500, ordered at the file's clock 2000
                "4000,BTCUSDT,58000"))       // L7
            .positions(positions(
                "500,1,BTCUSDT,long,1,60000,cross,",     // L2
                "1000,2,BTCUSDT,short,1,60000,cross,",   // L3
                "1000,3,BTCUSDT,long,x,60000,cross,",    // L4
                "3000,2,BTCUSDT,short,0,,cross,"))       // L5
            .wallets(wallets(
                "1000,1,USDT,1000",          // L2
                "2000,1,USDT,2000"))         // L3
            .build();
        final Recorder r = new Recorder();
        final ReplaySummary summary = source.run(r);
        assertEquals(List.of(
                "1 500 position a1 i0 long 1000 @600000 cross L2",
                "2 1000 wallet a1 asset0 100000000000 L2",
                "3 1000 position a2 i0 short 1000 @600000 cross L3",
                "4 1000 REJECT k2 NOT_A_NUMBER L4",
                "5 1000 mark i0 600000 L2",
                "6 1000 mark i1 300000 L3",
                "7 2000 wallet a1 asset0 200000000000 L3",
                "8 2000 mark i0 590000 L4",
                "9 2000 REJECT k1 NOT_A_NUMBER L5",
                "10 1500 REJECT k1 TIMESTAMP_BACKWARDS L6",
                "11 3000 position a2 i0 short 0 @0 cross L5",
                "12 4000 mark i0 580000 L7"),
            r.inputs);

        assertEquals(12, summary.inputs());
        assertEquals(1, summary.firstSequence());
        assertEquals(3, summary.rejected());
        assertEquals(2, summary.rejected(Rejections.NOT_A_NUMBER));
        assertEquals(Map.of("NOT_A_NUMBER", 2L, "TIMESTAMP_BACKWARDS", 1L), summary.rejectionsByReason());
        assertEquals(List.of("wallets", "positions", "ticks"),
            summary.files().stream().map(ReplaySummary.FileSummary::role).toList());
        final ReplaySummary.FileSummary t = summary.files().get(2);
        assertEquals(6, t.rows());
        assertEquals(6, t.inputs());
        assertEquals(2, t.rejected());
        assertEquals(TickFormat.CSV, t.format());
        assertEquals(4, summary.files().get(1).rows());
        assertEquals(2, summary.files().get(0).rows());
        assertTrue(summary.toString().contains("12 inputs (sequence 1 to 12), 3 rejected"), summary::toString);
    }

    @Test
    void walletsAndPositionsAreOptionalAndARunCanBeRepeated() {
        final CsvReplaySource source = CsvReplaySource.builder(CONFIG).ticks(ticks("1,BTCUSDT,1", "2,BTCUSDT,2")).build();
        final Recorder first = new Recorder();
        final Recorder second = new Recorder();
        source.run(first);
        source.run(second);
        assertEquals(List.of("1 1 mark i0 10 L2", "2 2 mark i0 20 L3"), first.inputs);
        assertEquals(first.inputs, second.inputs);
    }

    @Test
    void klineTicksInterleaveWithPositionsByTimePositionsFirstAtEqualTimes() {
        final long t0 = 1621382400000L;
        final Path klines = TestFiles.lines(dir, "klines.csv", t0 + ",10,12,9,11", (t0 + 60_000) + ",11,11.04,10,10.5");
        final Path trades = TestFiles.lines(dir, "trades.csv", "1,3000.001,1,1,1," + (t0 + 15_000) + ",true");
        final CsvReplaySource source = CsvReplaySource.builder(CONFIG)
            .ticks(klines, TickFormat.BINANCE_KLINES, "BTCUSDT")
            .ticks(trades, TickFormat.BINANCE_AGGTRADES, "ETHUSDT")
            .positions(positions((t0 + 15_000) + ",1,BTCUSDT,long,1,10,isolated,1"))
            .firstSequence(101)
            .build();
        final Recorder r = new Recorder();
        final ReplaySummary summary = source.run(r);
        assertEquals(List.of(
                "101 " + t0 + " mark i0 100 L1",
                "102 " + (t0 + 15_000) + " position a1 i0 long 1000 @100 isolated 100000000 L2",
                "103 " + (t0 + 15_000) + " mark i0 90 L1",          // the klines file was given first
                "104 " + (t0 + 15_000) + " mark i1 300000 L1",
                "105 " + (t0 + 30_000) + " mark i0 120 L1",
                "106 " + (t0 + 45_000) + " mark i0 110 L1",
                "107 " + (t0 + 60_000) + " mark i0 110 L2",         // fell: high first
                "108 " + (t0 + 75_000) + " mark i0 110 L2",         // 11.04 -> 11.0
                "109 " + (t0 + 90_000) + " mark i0 100 L2",
                "110 " + (t0 + 105_000) + " mark i0 105 L2"),
            r.inputs);
        assertEquals(10, summary.inputs());
        assertEquals(2, summary.pricesRounded());
        assertEquals(1, summary.files().get(1).pricesRounded());
        assertEquals(TickFormat.BINANCE_KLINES, summary.files().get(1).format());
    }

    @Test
    void aWrongHeaderStopsTheRunBeforeItsFirstInput() {
        final Path badWallets = TestFiles.lines(dir, "w.csv", "ts,account,asset", "1,1,USDT");
        final CsvReplaySource source = CsvReplaySource.builder(CONFIG).wallets(badWallets).ticks(ticks("1,BTCUSDT,1")).build();
        final Recorder r = new Recorder();
        final ReplayFileException e = assertThrows(ReplayFileException.class, () -> source.run(r));
        assertTrue(e.getMessage().startsWith(badWallets + " line 1: expected the header ts,account,asset,balance"),
            e.getMessage());
        assertEquals(List.of(), r.inputs);
    }

    @Test
    void theBuilderRefusesWhatCannotBeAReplay() {
        final Path t = ticks("1,BTCUSDT,1");
        assertThrows(IllegalStateException.class, () -> CsvReplaySource.builder(CONFIG).positions(t).build());
        assertThrows(IllegalStateException.class, () -> CsvReplaySource.builder(CONFIG).positions(t).positions(t));
        assertEquals("unknown instrument DOGEUSDT (configured: BTCUSDT, ETHUSDT, BTCUSD)",
            assertThrows(IllegalArgumentException.class,
                () -> CsvReplaySource.builder(CONFIG).ticks(t, TickFormat.BINANCE_KLINES, "DOGEUSDT")).getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> CsvReplaySource.builder(CONFIG).ticks(t, TickFormat.BINANCE_AGGTRADES, null));
        assertThrows(IllegalArgumentException.class, () -> CsvReplaySource.builder(CONFIG).ticks(t, TickFormat.CSV, "BTCUSDT"));
        assertThrows(IllegalArgumentException.class, () -> CsvReplaySource.builder(CONFIG).firstSequence(0));
    }

    /** Not a benchmark: a rough figure for the README, printed and not asserted. */
    @Test
    void readsAMillionTickRowsAndReportsRowsPerSecond() throws IOException {
        final int rows = 1_000_000;
        final Path file = dir.resolve("million.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(TicksCsv.HEADER);
            w.write('\n');
            long ts = 1_700_000_000_000L;
            for (int i = 0; i < rows; i++) {
                ts += i % 3 == 0 ? 1 : 0;
                final boolean eth = (i & 1) == 0;
                w.write(Long.toString(ts));
                w.write(eth ? ",ETHUSDT," : ",BTCUSDT,");
                w.write(eth ? (2000 + i % 1000) + "." + (10 + i % 90) : (60000 + i % 5000) + "." + (i % 10));
                w.write('\n');
            }
        }
        final CsvReplaySource source = CsvReplaySource.builder(CONFIG).ticks(file).build();
        final Sum sum = new Sum();
        for (int run = 1; run <= 3; run++) {
            final long start = System.nanoTime();
            final ReplaySummary s = source.run(sum);
            final long nanos = System.nanoTime() - start;
            assertEquals(rows, s.inputs());
            assertEquals(0, s.rejected());
            System.out.printf("CsvReplaySource: %,d tick rows in %,d ms = %,.0f rows/s (run %d, %,d bytes)%n",
                rows, nanos / 1_000_000, rows * 1e9 / nanos, run, Files.size(file));
        }
        assertTrue(sum.total != 0);
    }

    /** Consumes the prices so the reading cannot be optimised away. */
    private static final class Sum implements InputHandler {
        long total;

        @Override
        public void onMarkPrice(final long seq, final long ts, final int instrument, final long price, final long line) {
            total += price ^ line;
        }

        @Override
        public void onPosition(final long seq, final long ts, final long account, final int instrument, final int side,
                               final long qty, final long entryPrice, final boolean cross, final long margin,
                               final long line) {
        }

        @Override
        public void onWallet(final long seq, final long ts, final long account, final int asset, final long balance,
                             final long line) {
        }

        @Override
        public void onFunding(final long seq, final long ts, final int instrument, final long rate, final long line) {
        }

        @Override
        public void onInstrumentUpdate(final long seq, final long ts, final int instrument, final CharSequence d,
                                       final long line) {
        }

        @Override
        public void onControl(final long seq, final long ts, final int code, final long line) {
        }

        @Override
        public void onMalformed(final long seq, final long ts, final int kind, final int reason, final long line) {
            total--;
        }
    }
}
