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

/** The Wallets CSV of formats.md, with the engine's asset numbering. */
class WalletsCsvTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();

    @TempDir
    Path dir;

    private List<String> read(final LiquidatorConfig config, final String... lines) {
        return Recorder.read(WalletsCsv.open(config, TestFiles.lines(dir, "wallets.csv", lines)));
    }

    @Test
    void decodesGoodRowsAtTheAssetsBalanceScale() {
        assertEquals(List.of(
                "1 1000 wallet a7 asset0 1000050000000 L2",  // USDT, scale 8
                "2 1000 wallet a7 asset1 1 L3",              // BTC, scale 8
                "3 1001 wallet a8 asset0 -500000000 L4",     // a deficit is the engine's to judge
                "4 1002 wallet a8 asset0 0 L5"),
            read(CONFIG, "ts,account,asset,balance",
                "1000,7,USDT,10000.5",
                "1000,7,BTC,0.00000001",
                "1001,8,USDT,-5",
                "1002,8,USDT,0"));
    }

    @Test
    void assetIdsAreTheEnginesNotTheFileOrder() {
        // HALF_TICK lists EUR before USDC, but only USDC settles an instrument: USDC is asset 0, EUR has no id
        assertEquals(List.of("USDC"), TestConfigs.HALF_TICK.settlementAssets());
        assertEquals(0, TestConfigs.HALF_TICK.assetId("USDC"));
        assertEquals(-1, TestConfigs.HALF_TICK.assetId("EUR"));
        assertEquals(List.of("USDT", "BTC"), CONFIG.settlementAssets());
        assertEquals(List.of(
                "1 1 wallet a1 asset0 1500000 L2",           // USDC balance scale 6
                "2 2 REJECT k3 UNKNOWN_ASSET L3",
                "3 3 REJECT k3 NOT_A_NUMBER L4"),            // 7 decimals: more than USDC's 6
            read(TestConfigs.HALF_TICK, "ts,account,asset,balance", "1,1,USDC,1.5", "2,1,EUR,1", "3,1,USDC,0.0000001"));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2000,7,USDT                  | MALFORMED_RECORD    | 1000",
        "2000,7,USDT,1,1              | MALFORMED_RECORD    | 1000",
        ",7,USDT,1                    | MISSING_FIELD       | 1000",
        "2000,,USDT,1                 | MISSING_FIELD       | 2000",
        "2000,7,,1                    | MISSING_FIELD       | 2000",
        "2000,7,USDT,                 | MISSING_FIELD       | 2000",
        "2000,x7,USDT,1               | NOT_A_NUMBER        | 2000",
        "2000,7,USDT,NaN              | NOT_A_NUMBER        | 2000",
        "2000,7,USDT,-Infinity        | NOT_A_NUMBER        | 2000",
        "2000,7,USDT,1.123456789      | NOT_A_NUMBER        | 2000",
        "2000,7,USDT,999999999999     | ARITHMETIC_OVERFLOW | 2000",
        "2000,7,ETH,1                 | UNKNOWN_ASSET       | 2000",
        "2000,7,usdt,1                | UNKNOWN_ASSET       | 2000",
        "999,7,USDT,1                 | TIMESTAMP_BACKWARDS | 999",
    })
    void rejectsABadRowWithItsLineAndReadsOn(final String row, final String reason, final long ts) {
        assertEquals(List.of(
                "1 1000 wallet a1 asset0 100000000 L2",
                "2 " + ts + " REJECT k3 " + reason + " L3",
                "3 3000 wallet a2 asset1 200000000 L4"),
            read(CONFIG, "ts,account,asset,balance", "1000,1,USDT,1", row, "3000,2,BTC,2"));
    }

    @Test
    void aWrongHeaderIsAUsageError() {
        final Path f = TestFiles.lines(dir, "w.csv", "ts,account,asset,wallet_balance");
        assertEquals(f + " line 1: expected the header ts,account,asset,balance, found ts,account,asset,wallet_balance",
            assertThrows(ReplayFileException.class, () -> WalletsCsv.open(CONFIG, f)).getMessage());
    }
}
