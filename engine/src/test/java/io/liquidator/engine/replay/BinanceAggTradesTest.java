package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Binance aggTrades as one tick per trade. */
class BinanceAggTradesTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();
    private static final Instrument ETHUSDT = CONFIG.instrument("ETHUSDT").orElseThrow();

    @TempDir
    Path dir;

    private BinanceAggTrades open(final String... lines) {
        return BinanceAggTrades.open(ETHUSDT, TestFiles.lines(dir, "trades.csv", lines));
    }

    @Test
    void futuresFilesWithTheirHeader() {
        final BinanceAggTrades t = open(BinanceAggTrades.HEADER,
            "1000,2500.01,1.5,2000,2001,1700000000000,true",
            "1001,2500.015,0.1,2002,2002,1700000000000,false",   // tie: half up to 2500.02
            "1002,2500.0149,0.1,2003,2003,1700000000005,true");  // 2500.01
        assertEquals(List.of(
                "1 1700000000000 mark i1 250001 L2",
                "2 1700000000000 mark i1 250002 L3",
                "3 1700000000005 mark i1 250001 L4"),
            Recorder.read(t));
        assertEquals(2, t.pricesRounded());
        assertEquals(3, t.rows());
    }

    @Test
    void spotFilesWithoutHeaderWithIsBestMatchInMicroseconds() {
        assertEquals(List.of(
                "1 1735689600123 mark i1 335001 L1",
                "2 1735689600123 mark i1 335002 L2",    // the same millisecond, file order kept
                "3 1735689600124 mark i1 335000 L3"),
            Recorder.read(open(
                "1,3350.01000000,0.5,1,1,1735689600123456,true,true",
                "2,3350.02000000,0.5,2,2,1735689600123999,false,true",
                "3,3350.00000000,0.5,3,3,1735689600124000,true,true")));
    }

    @Test
    void theEightColumnHeaderIsAcceptedToo() {
        assertEquals(List.of("1 5 mark i1 1 L2"),
            Recorder.read(open(BinanceAggTrades.HEADER + ",is_best_match", "1,0.01,1,1,1,5,true,true")));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2,2500,1,2,2,2000                  | MALFORMED_RECORD    | 1000",
        "2,2500,1,2,2,2000,true,true,x      | MALFORMED_RECORD    | 1000",
        "2,,1,2,2,2000,true                 | MISSING_FIELD       | 2000",
        "2,2500,1,2,2,,true                 | MISSING_FIELD       | 1000",
        "2,NaN,1,2,2,2000,true              | NOT_A_NUMBER        | 2000",
        "2,2500,1,2,2,soon,true             | NOT_A_NUMBER        | 1000",
        "2,0,1,2,2,2000,true                | NON_POSITIVE_PRICE  | 2000",
        "2,-2500,1,2,2,2000,true            | NON_POSITIVE_PRICE  | 2000",
        "2,0.004,1,2,2,2000,true            | NON_POSITIVE_PRICE  | 2000",
        "2,2500,1,2,2,999,true              | TIMESTAMP_BACKWARDS | 999",
    })
    void rejectsABadTradeWithItsLineAndReadsOn(final String row, final String reason, final long ts) {
        final BinanceAggTrades t = open("1,2500,1,1,1,1000,true", row, "3,2501,1,3,3,3000,true");
        assertEquals(List.of(
                "1 1000 mark i1 250000 L1",
                "2 " + ts + " REJECT k1 " + reason + " L2",
                "3 3000 mark i1 250100 L3"),
            Recorder.read(t));
        assertEquals(0, t.pricesRounded());
    }

    @Test
    void aWrongHeaderIsAUsageError() {
        final Path f = TestFiles.lines(dir, "t.csv", "id,price,qty,first,last,time,maker");
        assertEquals(f + " line 1: expected the header " + BinanceAggTrades.HEADER + "[,is_best_match], found "
                + "id,price,qty,first,last,time,maker",
            assertThrows(ReplayFileException.class, () -> BinanceAggTrades.open(ETHUSDT, f)).getMessage());
    }
}
