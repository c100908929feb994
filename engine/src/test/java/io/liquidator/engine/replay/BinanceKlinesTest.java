package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Binance klines as a four-point mark-price path per bar. */
class BinanceKlinesTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();
    private static final Instrument BTCUSDT = CONFIG.instrument("BTCUSDT").orElseThrow();
    private static final String HEADER_12 = "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
        + "taker_buy_volume,taker_buy_quote_volume,ignore";
    /** 2021-05-19 00:00 UTC, the first bar of the shared extract. */
    private static final long T0 = 1621382400000L;

    @TempDir
    Path dir;

    private BinanceKlines open(final String... lines) {
        return BinanceKlines.open(BTCUSDT, TestFiles.lines(dir, "klines.csv", lines));
    }

    /** A rising bar (close above open) then a falling one, as Binance writes them (12 columns). */
    private static final String RISING = T0 + ",42882.54,43156.34,42870.89,42962.73,1.5," + (T0 + 59_999) + ",0,0,0,0,0";
    private static final String FALLING = (T0 + 60_000) + ",42962.59,42965.18,42596.11,42724.06,1.5," + (T0 + 119_999)
        + ",0,0,0,0,0";

    private static List<String> expectedTwoBars(final int firstLine) {
        final String l1 = " L" + firstLine;
        final String l2 = " L" + (firstLine + 1);
        return List.of(
            // rising: open, low, high, close at +0, +15 s, +30 s, +45 s; each price rounded half up to 0.1
            "1 " + T0 + " mark i0 428825" + l1,
            "2 " + (T0 + 15_000) + " mark i0 428709" + l1,
            "3 " + (T0 + 30_000) + " mark i0 431563" + l1,
            "4 " + (T0 + 45_000) + " mark i0 429627" + l1,
            // falling: open, high, low, close
            "5 " + (T0 + 60_000) + " mark i0 429626" + l2,
            "6 " + (T0 + 75_000) + " mark i0 429652" + l2,
            "7 " + (T0 + 90_000) + " mark i0 425961" + l2,
            "8 " + (T0 + 105_000) + " mark i0 427241" + l2);
    }

    @Test
    void aBarIsFourTicksHighFirstOnAFallingBarLowFirstOnARisingOne() {
        final BinanceKlines k = open(HEADER_12, RISING, FALLING);
        assertEquals(expectedTwoBars(2), Recorder.read(k));
        assertEquals(2, k.rows());
        assertEquals(8, k.inputs());
        assertEquals(8, k.pricesRounded(), "every price had 2 decimals, the tick is 0.1");
    }

    @Test
    void theHeaderRowIsOptional() {
        assertEquals(expectedTwoBars(1), Recorder.read(open(RISING, FALLING)));
    }

    @Test
    void markPriceKlinesWithEightDecimalsAndMicrosecondSpotFiles() {
        final long us = 1735689600000000L; // 2025-01-01, spot files in µs
        final BinanceKlines k = open(
            us + ",93576.00000000,93610.93000000,93537.50000000,93610.93000000,8.2," + (us + 59_999_999) + ",0,0,0,0,0",
            (us + 60_000_000) + ",93610.90000000,93610.90000000,93610.90000000,93610.90000000,0," + (us + 119_999_999)
                + ",0,0,0,0,0");
        assertEquals(List.of(
                "1 1735689600000 mark i0 935760 L1",
                "2 1735689615000 mark i0 935375 L1",   // 93537.50 -> 93537.5
                "3 1735689630000 mark i0 936109 L1",   // 93610.93 -> 93610.9
                "4 1735689645000 mark i0 936109 L1",
                // a flat bar keeps all four points (the rising order), equal prices included
                "5 1735689660000 mark i0 936109 L2",
                "6 1735689675000 mark i0 936109 L2",
                "7 1735689690000 mark i0 936109 L2",
                "8 1735689705000 mark i0 936109 L2"),
            Recorder.read(k));
        assertEquals(2, k.pricesRounded(), "only 93610.93 (twice) was off the tick");
    }

    @Test
    void theSpanFollowsTheCloseTime() {
        // a 5-minute bar: points at +0, +75 s, +150 s, +225 s
        assertEquals(List.of(
                "1 " + T0 + " mark i0 100 L1",
                "2 " + (T0 + 75_000) + " mark i0 90 L1",
                "3 " + (T0 + 150_000) + " mark i0 120 L1",
                "4 " + (T0 + 225_000) + " mark i0 110 L1"),
            Recorder.read(open(T0 + ",10,12,9,11,0," + (T0 + 299_999) + ",0,0,0,0,0")));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "T1,10,12,9,11,0                      | MALFORMED_RECORD    | TL",   // TL: the last tick's time
        "T1,10,12,9                           | MALFORMED_RECORD    | TL",
        "T1,10,9,8,11                         | MALFORMED_RECORD    | T1",   // high below close
        "T1,10,12,10.5,11                     | MALFORMED_RECORD    | T1",   // low above open
        ",10,12,9,11                          | MISSING_FIELD       | TL",
        "T1,10,,9,11                          | MISSING_FIELD       | T1",
        "T1,10,12,9,                          | MISSING_FIELD       | T1",
        "T1,NaN,12,9,11                       | NOT_A_NUMBER        | T1",
        "T1,10,Infinity,9,11                  | NOT_A_NUMBER        | T1",
        "T1,10,12,9,1.1e1                     | NOT_A_NUMBER        | T1",
        "later,10,12,9,11                     | NOT_A_NUMBER        | TL",
        "T1,10,12,0,11                        | NON_POSITIVE_PRICE  | T1",
        "T1,10,12,0.04,11                     | NON_POSITIVE_PRICE  | T1",   // rounds to 0
        "T1,-10,12,9,11                       | NON_POSITIVE_PRICE  | T1",
        "T0,10,12,9,11                        | TIMESTAMP_BACKWARDS | T0",   // the same bar again
        "T0+30000,10,12,9,11                  | TIMESTAMP_BACKWARDS | T0+30000",  // inside the last bar's path
    })
    void rejectsABadBarWithItsLineAndReadsOn(final String row, final String reason, final String ts) {
        final BinanceKlines k = open("ts,open,high,low,close",
            T0 + ",10,12,9,11",
            times(row),
            (T0 + 120_000) + ",20.05,20.05,20.05,20.05");
        final List<String> out = Recorder.read(k);
        assertEquals(9, out.size(), out::toString);
        assertEquals("4 " + (T0 + 45_000) + " mark i0 110 L2", out.get(3));
        assertEquals("5 " + times(ts) + " REJECT k1 " + reason + " L3", out.get(4));
        assertEquals("6 " + (T0 + 120_000) + " mark i0 201 L4", out.get(5));
        assertEquals(1, k.rejected());
        assertEquals(4, k.pricesRounded(), "the rejected bar's roundings are not counted");
    }

    private static String times(final String s) {
        return s.replace("T0+30000", Long.toString(T0 + 30_000)).replace("TL", Long.toString(T0 + 45_000))
            .replace("T0", Long.toString(T0))
            .replace("T1", Long.toString(T0 + 60_000));
    }

    @Test
    void aCloseTimeBeforeTheOpenIsMalformed() {
        assertEquals(List.of("1 " + T0 + " REJECT k1 MALFORMED_RECORD L1"),
            Recorder.read(open(T0 + ",10,12,9,11,0," + (T0 - 1) + ",0,0,0,0,0")));
    }

    @Test
    void aWrongHeaderIsAUsageError() {
        final Path f = TestFiles.lines(dir, "k.csv", "time,o,h,l,c", "1,1,1,1,1");
        final ReplayFileException e = assertThrows(ReplayFileException.class, () -> BinanceKlines.open(BTCUSDT, f));
        assertTrue(e.getMessage().startsWith(f + " line 1: expected the header open_time,open,high,low,close,volume,"
            + "close_time,... (Binance klines) or ts,open,high,low,close, found time,o,h,l,c"), e.getMessage());
    }

    @Test
    void theSharedCrashDayExtractIsFourTicksPerMinute() throws IOException {
        final String property = System.getProperty("liquidator.shared.dir");
        Assumptions.assumeTrue(property != null, "liquidator.shared.dir is not set (surefire sets it to <repo>/../shared)");
        final Path file = Paths.get(property, "data", "btcusdt-spot-1m-2021-05-19.csv");
        Assumptions.assumeTrue(Files.isRegularFile(file), "the shared kline extract is absent: " + file);

        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8); // 976 lines: small enough here
        final int bars = lines.size() - 1;
        assertEquals(975, bars);
        long offTick = 0; // prices whose second decimal is not 0 (BTCUSDT's tick is 0.1), counted on the text
        for (final String line : lines.subList(1, lines.size())) {
            final String[] f = line.split(",");
            for (int i = 1; i <= 4; i++) {
                final int point = f[i].indexOf('.');
                if (point >= 0 && f[i].substring(point + 1).replaceAll("0+$", "").length() > 1) {
                    offTick++;
                }
            }
        }

        final List<long[]> ticks = new ArrayList<>();
        final BinanceKlines k = BinanceKlines.open(BTCUSDT, file);
        try (k) {
            while (k.next()) {
                assertEquals(0, k.rejection(), () -> "line " + k.line());
                ticks.add(new long[] {k.timestamp(), k.price(), k.line()});
            }
        }
        assertEquals(4L * bars, ticks.size());
        assertEquals(bars, k.rows());
        assertEquals(0, k.rejected());
        assertEquals(offTick, k.pricesRounded());
        for (int i = 0; i < ticks.size(); i++) {
            final long[] t = ticks.get(i);
            assertEquals(T0 + (i / 4) * 60_000L + (i % 4) * 15_000L, t[0], "tick " + i);
            assertEquals(i / 4 + 2, t[2], "tick " + i + " carries its row's line");
        }
        // 00:00 rose (42882.54 -> 42962.73): open, low, high, close
        assertEquals(List.of(428825L, 428709L, 431563L, 429627L), prices(ticks, 0));
        // 00:01 fell (42962.59 -> 42724.06): open, high, low, close
        assertEquals(List.of(429626L, 429652L, 425961L, 427241L), prices(ticks, 1));
        // the day's low, 28,688.00, in the 13:10 bar
        final long[] low = ticks.stream().min((a, b) -> Long.compare(a[1], b[1])).orElseThrow();
        assertEquals(286880, low[1]);
        assertEquals(T0 + (13 * 60 + 10) * 60_000L + 15_000, low[0], "the 13:10 bar rose, so its low is the second point");
    }

    private static List<Long> prices(final List<long[]> ticks, final int bar) {
        final List<Long> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(ticks.get(bar * 4 + i)[1]);
        }
        return out;
    }
}
