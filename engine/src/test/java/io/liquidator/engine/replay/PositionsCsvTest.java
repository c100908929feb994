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

/** The Positions CSV of formats.md. */
class PositionsCsvTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();
    private static final String HEADER = "ts,account,instrument,side,qty,entry_price,margin_mode,isolated_margin";

    @TempDir
    Path dir;

    private List<String> read(final LiquidatorConfig config, final String... lines) {
        return Recorder.read(PositionsCsv.open(config, TestFiles.lines(dir, "positions.csv", lines)));
    }

    @Test
    void decodesGoodRowsToTheInstrumentsScales() {
        assertEquals(List.of(
                // BTCUSDT: qty scale 3, price scale 1, USDT balance scale 8
                "1 1000 position a7 i0 long 500 @600001 isolated 300012345678 L2",
                "2 1000 position a8 i0 short 1250 @600000 cross L3",
                // BTCUSD: whole contracts, BTC balance scale 8
                "3 1001 position a9 i2 long 100 @300005 isolated 1000000 L4",
                // ETHUSDT: price scale 2
                "4 1001 position a9 i1 short 2 @250001 isolated 0 L5",
                // closes: entry and margin are not read
                "5 1002 position a7 i0 long 0 @0 isolated 0 L6",
                "6 1003 position a8 i0 short 0 @0 cross L7",
                "7 1003 position a9 i1 short 0 @0 isolated 0 L8"),
            read(CONFIG, HEADER,
                "1000,7,BTCUSDT,long,0.5,60000.1,isolated,3000.12345678",
                "1000,8,BTCUSDT,short,1.25,60000,cross,",
                "1001,9,BTCUSD,long,100,30000.5,isolated,0.01",
                "1001,9,ETHUSDT,short,0.002,2500.01,isolated,0",
                "1002,7,BTCUSDT,long,0,,isolated,",
                "1003,8,BTCUSDT,short,0.000,60000,cross,",
                "1003,9,ETHUSDT,short,0,garbage,isolated,-5"));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2000,7,BTCUSDT,long,1,60000,isolated              | MALFORMED_RECORD | 1000",
        "2000,7,BTCUSDT,long,1,60000,isolated,1000,        | MALFORMED_RECORD | 1000",
        "2000,7,BTCUSDT,sideways,1,60000,isolated,1000     | MALFORMED_RECORD | 2000",
        "2000,7,BTCUSDT,LONG,1,60000,isolated,1000         | MALFORMED_RECORD | 2000",
        "2000,7,BTCUSDT,long,1,60000,portfolio,1000        | MALFORMED_RECORD | 2000",
        "2000,7,BTCUSDT,long,1,60000,cross,1000            | MALFORMED_RECORD | 2000",
        "2000,7,BTCUSDT,long,0,60000,margin,               | MALFORMED_RECORD | 2000",
        ",7,BTCUSDT,long,1,60000,isolated,1000             | MISSING_FIELD    | 1000",
        "2000,,BTCUSDT,long,1,60000,isolated,1000          | MISSING_FIELD    | 2000",
        "2000,7,,long,1,60000,isolated,1000                | MISSING_FIELD    | 2000",
        "2000,7,BTCUSDT,,1,60000,isolated,1000             | MISSING_FIELD    | 2000",
        "2000,7,BTCUSDT,long,,60000,isolated,1000          | MISSING_FIELD    | 2000",
        "2000,7,BTCUSDT,long,1,,isolated,1000              | MISSING_FIELD    | 2000",
        "2000,7,BTCUSDT,long,1,60000,,1000                 | MISSING_FIELD    | 2000",
        "2000,7,BTCUSDT,long,1,60000,isolated,             | MISSING_FIELD    | 2000",
        "2000,seven,BTCUSDT,long,1,60000,isolated,1000     | NOT_A_NUMBER     | 2000",
        "2000,7.5,BTCUSDT,long,1,60000,isolated,1000       | NOT_A_NUMBER     | 2000",
        "2000,7,BTCUSDT,long,NaN,60000,isolated,1000       | NOT_A_NUMBER     | 2000",
        "2000,7,BTCUSDT,long,1,Infinity,isolated,1000      | NOT_A_NUMBER     | 2000",
        "2000,7,BTCUSDT,long,1,60000,isolated,1e3          | NOT_A_NUMBER     | 2000",
        "2000,7,BTCUSDT,long,1,60000,isolated,1.123456789  | NOT_A_NUMBER     | 2000",
        "2000,7,BTCUSDT,long,-0.5,60000,isolated,1000      | NEGATIVE_QUANTITY | 2000",
        "2000,7,BTCUSDT,long,-0.0005,60000,isolated,1000   | NEGATIVE_QUANTITY | 2000",
        "2000,7,BTCUSDT,long,0.0005,60000,isolated,1000    | QUANTITY_OFF_STEP | 2000",
        "2000,7,BTCUSD,long,1.5,60000,isolated,1           | QUANTITY_OFF_STEP | 2000",
        "2000,7,BTCUSDT,long,1,0,isolated,1000             | NON_POSITIVE_PRICE | 2000",
        "2000,7,BTCUSDT,long,1,-60000,isolated,1000        | NON_POSITIVE_PRICE | 2000",
        "2000,7,BTCUSDT,long,1,60000.05,isolated,1000      | PRICE_OFF_TICK   | 2000",
        "2000,7,BTCUSDT,long,1,60000,isolated,-1           | NEGATIVE_MARGIN  | 2000",
        "2000,7,BTCUSDT,long,1,60000,isolated,-0.000000001 | NEGATIVE_MARGIN  | 2000",
        "2000,7,XRPUSDT,long,1,60000,isolated,1000         | UNKNOWN_INSTRUMENT | 2000",
        "2000,7,BTCUSDT,long,99999999999999999,60000,isolated,1000 | ARITHMETIC_OVERFLOW | 2000",
        "2000,7,BTCUSDT,long,1,60000,isolated,999999999999 | ARITHMETIC_OVERFLOW | 2000",
        "999,7,BTCUSDT,long,1,60000,isolated,1000          | TIMESTAMP_BACKWARDS | 999",
    })
    void rejectsABadRowWithItsLineAndReadsOn(final String row, final String reason, final long ts) {
        assertEquals(List.of(
                "1 1000 position a1 i0 long 1000 @600000 isolated 100000000000 L2",
                "2 " + ts + " REJECT k2 " + reason + " L3",
                "3 3000 position a2 i0 short 2000 @610000 cross L4"),
            read(CONFIG, HEADER,
                "1000,1,BTCUSDT,long,1,60000,isolated,1000",
                row,
                "3000,2,BTCUSDT,short,2,61000,cross,"));
    }

    @Test
    void passesOnWhatOnlyTheEngineCanJudge() {
        assertEquals(List.of(
                // qty 0.001 at the right scale but off the 0.002 step; entry 100.2 off the 0.5 tick;
                // leverage far above 50x: all for the engine to refuse. USDC balance scale 6.
                "1 1 position a1 i0 long 1 @1002 isolated 1 L2"),
            read(TestConfigs.HALF_TICK, HEADER, "1,1,HALFUSDC,long,0.001,100.2,isolated,0.000001"));
    }

    @Test
    void aWrongHeaderIsAUsageError() {
        final Path f = TestFiles.lines(dir, "p.csv", "ts,account,instrument,side,qty,entry_price,margin_mode");
        assertEquals(f + " line 1: expected the header " + HEADER + ", found ts,account,instrument,side,qty,entry_price,margin_mode",
            assertThrows(ReplayFileException.class, () -> PositionsCsv.open(CONFIG, f)).getMessage());
    }
}
