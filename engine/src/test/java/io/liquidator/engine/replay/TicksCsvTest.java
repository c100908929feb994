package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Ticks CSV of formats.md: exact values, one rejection per bad row with its line, the clock rule. */
class TicksCsvTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();

    @TempDir
    Path dir;

    private List<String> read(final String... lines) {
        return Recorder.read(TicksCsv.open(CONFIG, TestFiles.lines(dir, "ticks.csv", lines)));
    }

    @Test
    void decodesGoodRowsToTheInstrumentsPriceScale() {
        assertEquals(List.of(
                "1 1000 mark i0 600327 L2",          // BTCUSDT, scale 1
                "2 1000 mark i1 250005 L3",          // ETHUSDT, scale 2
                "3 2000 mark i2 600000 L4",          // BTCUSD, scale 1
                "4 2000 mark i0 600327 L5",          // trailing zeros are exact
                "5 2001 mark i1 1 L6"),              // the smallest ETHUSDT price
            read("ts,instrument,mark_price",
                "1000,BTCUSDT,60032.7",
                "1000,ETHUSDT,2500.05",
                "2000,BTCUSD,60000",
                "2000,BTCUSDT,60032.700",
                "2001,ETHUSDT,0.01"));
    }

    /** A bad row at line 3 between good rows: one rejection with its line, and the next row still read. */
    @ParameterizedTest(name = "[{0}] -> {1} at ts {2}")
    @CsvSource(delimiter = '|', value = {
        "2000,BTCUSDT                | MALFORMED_RECORD   | 1000",
        "2000,BTCUSDT,60000,1        | MALFORMED_RECORD   | 1000",
        "2000,BTCUSDT,60000,         | MALFORMED_RECORD   | 1000",
        "2000;BTCUSDT;60000          | MALFORMED_RECORD   | 1000",
        "2000,BTCUSDT,               | MISSING_FIELD      | 2000",
        "2000,,60000                 | MISSING_FIELD      | 2000",
        ",BTCUSDT,60000              | MISSING_FIELD      | 1000",
        "2000,BTCUSDT,NaN            | NOT_A_NUMBER       | 2000",
        "2000,BTCUSDT,Infinity       | NOT_A_NUMBER       | 2000",
        "2000,BTCUSDT,-Infinity      | NOT_A_NUMBER       | 2000",
        "2000,BTCUSDT,6.00327E4      | NOT_A_NUMBER       | 2000",
        "2000,BTCUSDT,60k            | NOT_A_NUMBER       | 2000",
        "2000,BTCUSDT,60.000.1       | NOT_A_NUMBER       | 2000",
        "'2000,BTCUSDT, 60000'       | NOT_A_NUMBER       | 2000",
        "'2000,BTCUSDT,\"60000\"'    | NOT_A_NUMBER       | 2000",
        "2e3,BTCUSDT,60000           | NOT_A_NUMBER       | 1000",
        "2000.5,BTCUSDT,60000        | NOT_A_NUMBER       | 1000",
        "-2000,BTCUSDT,60000         | NOT_A_NUMBER       | 1000",
        "2000,BTCUSDT,0              | NON_POSITIVE_PRICE | 2000",
        "2000,BTCUSDT,0.0            | NON_POSITIVE_PRICE | 2000",
        "2000,BTCUSDT,-60000         | NON_POSITIVE_PRICE | 2000",
        "2000,BTCUSDT,-60000.15      | NON_POSITIVE_PRICE | 2000",
        "2000,BTCUSDT,60000.15       | PRICE_OFF_TICK     | 2000",
        "2000,ETHUSDT,2500.001       | PRICE_OFF_TICK     | 2000",
        "2000,BTCUSDT,99999999999999999999 | PRICE_ABOVE_MAXIMUM | 2000",
        "2000,DOGEUSDT,0.1           | UNKNOWN_INSTRUMENT | 2000",
        "2000,btcusdt,60000          | UNKNOWN_INSTRUMENT | 2000",
        "999,BTCUSDT,60000           | TIMESTAMP_BACKWARDS | 999",
    })
    void rejectsABadRowWithItsLineAndReadsOn(final String row, final String reason, final long ts) {
        assertEquals(List.of(
                "1 1000 mark i0 600000 L2",
                "2 " + ts + " REJECT k1 " + reason + " L3",
                "3 3000 mark i0 600015 L4"),
            read("ts,instrument,mark_price", "1000,BTCUSDT,60000", row, "3000,BTCUSDT,60001.5"));
    }

    @Test
    void aBackwardsRowIsSkippedAndDoesNotMoveTheClock() {
        assertEquals(List.of(
                "1 1000 mark i0 600000 L2",
                "2 500 REJECT k1 TIMESTAMP_BACKWARDS L3",
                "3 800 REJECT k1 TIMESTAMP_BACKWARDS L4",   // still behind 1000: the clock did not go back to 500
                "4 1000 mark i0 600010 L5",                // equal times are in order
                "5 1001 mark i0 600020 L6"),
            read("ts,instrument,mark_price",
                "1000,BTCUSDT,60000",
                "500,BTCUSDT,60000",
                "800,BTCUSDT,60000",
                "1000,BTCUSDT,60001",
                "1001,BTCUSDT,60002"));
    }

    @Test
    void aRowRejectedForItsPriceStillMovesTheClockItsTimeIsGood() {
        assertEquals(List.of(
                "1 1000 mark i0 600000 L2",
                "2 3000 REJECT k1 NOT_A_NUMBER L3",
                "3 2000 REJECT k1 TIMESTAMP_BACKWARDS L4"),
            read("ts,instrument,mark_price", "1000,BTCUSDT,60000", "3000,BTCUSDT,NaN", "2000,BTCUSDT,60000"));
    }

    @Test
    void aFirstRowWithoutATimeReportsZero() {
        assertEquals(List.of("1 0 REJECT k1 NOT_A_NUMBER L2", "2 5 mark i0 10 L3"),
            read("ts,instrument,mark_price", "x,BTCUSDT,60000", "5,BTCUSDT,1"));
    }

    @Test
    void passesOnWhatOnlyTheEngineCanJudge() {
        final Path f = TestFiles.lines(dir, "half.csv", "ts,instrument,mark_price",
            "1,HALFUSDC,100.2",       // right scale, off the 0.5 tick: the engine's PRICE_OFF_TICK
            "2,HALFUSDC,100.5",
            "3,HALFUSDC,100000.5",    // above max_price: the engine's PRICE_ABOVE_MAXIMUM
            "4,HALFUSDC,100.25");     // more decimals than the scale: refused here
        assertEquals(List.of(
                "1 1 mark i0 1002 L2",
                "2 2 mark i0 1005 L3",
                "3 3 mark i0 1000005 L4",
                "4 4 REJECT k1 PRICE_OFF_TICK L5"),
            Recorder.read(TicksCsv.open(TestConfigs.HALF_TICK, f)));
    }

    @Test
    void toleratesCrlfABomAndBlankLinesCountingThemForLineNumbers() {
        final Path f = TestFiles.write(dir, "crlf.csv",
            "\uFEFFts,instrument,mark_price\r\n"
                + "1000,BTCUSDT,60000\r\n"
                + "\r\n"
                + "   \r\n"
                + "2000,BTCUSDT,NaN\r\n"
                + "3000,BTCUSDT,60000.5\r\n"
                + "\r\n\r\n");
        final TicksCsv reader = TicksCsv.open(CONFIG, f);
        assertEquals(List.of(
                "1 1000 mark i0 600000 L2",
                "2 2000 REJECT k1 NOT_A_NUMBER L5",
                "3 3000 mark i0 600005 L6"),
            Recorder.read(reader));
        assertEquals(3, reader.rows());
        assertEquals(1, reader.rejected());
    }

    @Test
    void aFileWithoutAFinalNewlineAndAHeaderOnlyFileAreFine() {
        assertEquals(List.of("1 7 mark i0 1 L2"),
            Recorder.read(TicksCsv.open(CONFIG, TestFiles.write(dir, "a.csv", "ts,instrument,mark_price\n7,BTCUSDT,0.1"))));
        assertEquals(List.of(),
            Recorder.read(TicksCsv.open(CONFIG, TestFiles.write(dir, "b.csv", "ts,instrument,mark_price\r\n"))));
    }

    @Test
    void aWrongHeaderIsAUsageErrorNamingTheFileAndTheHeader() {
        final Path f = TestFiles.lines(dir, "wrong.csv", "ts,symbol,price", "1,BTCUSDT,1");
        final ReplayFileException e = assertThrows(ReplayFileException.class, () -> TicksCsv.open(CONFIG, f));
        assertEquals(f + " line 1: expected the header ts,instrument,mark_price, found ts,symbol,price", e.getMessage());

        final Path noHeader = TestFiles.lines(dir, "noheader.csv", "1,BTCUSDT,1");
        assertTrue(assertThrows(ReplayFileException.class, () -> TicksCsv.open(CONFIG, noHeader)).getMessage()
            .contains("expected the header ts,instrument,mark_price"));

        final Path empty = TestFiles.write(dir, "empty.csv", "");
        assertEquals(empty + ": empty file; expected the header ts,instrument,mark_price",
            assertThrows(ReplayFileException.class, () -> TicksCsv.open(CONFIG, empty)).getMessage());

        final Path missing = dir.resolve("missing.csv");
        assertEquals(missing + ": no such file",
            assertThrows(ReplayFileException.class, () -> TicksCsv.open(CONFIG, missing)).getMessage());
    }
}
