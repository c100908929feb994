package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.journal.JournalEventSink;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.journal.OutputJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpCommandTest {

    /** The hand-checked liquidation of LiquidationEngineScenarioTest, journaled, then dumped. */
    private static Path journal(final Path dir) {
        try (OutputJournal journal = OutputJournal.open(dir)) {
            final LiquidationEngine engine = new LiquidationEngine(LiquidatorConfig.bundledDefault().instruments(),
                EngineSettings.builder().insuranceFund("USDT", Decimals.parse("1000000", 8)).build(),
                new JournalEventSink(journal));
            engine.onPosition(1, 1000, 7, 0, Side.LONG, 1500, 600000, false, Decimals.parse("3000", 8));
            engine.onMarkPrice(2, 2000, 0, 583000);
            engine.onMarkPrice(3, 3000, 0, 582579);
            engine.onMarkPrice(4, 4000, 99, 1);
        }
        return dir;
    }

    @Test
    void jsonlFollowsTheFormatsContract(@TempDir final Path dir) {
        final Cli.Result r = Cli.run("dump", journal(dir).toString());
        assertEquals(0, r.code(), r.err());
        final List<String> lines = Arrays.asList(r.out().split("\\R"));
        assertEquals(List.of(
            "{\"kind\":\"MARGIN_CALL\",\"seq\":1,\"input_seq\":2,\"ts\":2000,\"account\":7,\"instrument\":\"BTCUSDT\","
                + "\"cross\":false,\"level\":1,\"level_ratio\":\"0.8\",\"mark_price\":\"58300.0\",\"equity\":\"450\","
                + "\"maintenance_margin\":\"387.25\",\"tier\":2,\"margin_ratio\":\"0.86055556\"}",
            "{\"kind\":\"LIQUIDATION\",\"seq\":2,\"input_seq\":3,\"ts\":3000,\"account\":7,\"instrument\":\"BTCUSDT\","
                + "\"side\":\"long\",\"cross\":false,\"mark_price\":\"58257.9\",\"qty\":\"1.5\",\"bankruptcy_price\":\"58000.0\","
                + "\"equity\":\"386.85\",\"maintenance_margin\":\"386.93425\",\"tier\":2,\"margin_ratio\":\"1.00021779\","
                + "\"rule\":\"MAINTENANCE\"}",
            "{\"kind\":\"INSURANCE_FUND\",\"seq\":3,\"input_seq\":3,\"ts\":3000,\"account\":7,\"instrument\":\"BTCUSDT\","
                + "\"asset\":\"USDT\",\"delta\":\"386.85\",\"balance\":\"1000386.85\"}",
            "{\"kind\":\"REJECTION\",\"seq\":4,\"input_seq\":4,\"ts\":4000,\"account\":0,\"instrument\":null,"
                + "\"input_kind\":1,\"reason\":\"UNKNOWN_INSTRUMENT\"}"), lines);
    }

    @Test
    void csvHasOneHeaderAndARowPerRecord(@TempDir final Path dir) {
        final Cli.Result r = Cli.run("dump", journal(dir).toString(), "--format", "csv");
        assertEquals(0, r.code(), r.err());
        final String[] lines = r.out().split("\\R");
        assertEquals(String.join(",", EventDumper.COLUMNS), lines[0]);
        assertEquals(5, lines.length);
        assertTrue(lines[2].startsWith("LIQUIDATION,2,3,3000,7,BTCUSDT,long,false,,,58257.9,1.5,,58000.0,386.85,"), lines[2]);
    }

    @Test
    void userErrorsAreOneLine(@TempDir final Path dir) {
        final Cli.Result bad = Cli.run("dump", dir.resolve("missing").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("is not a journal directory"), bad.err());
        final Cli.Result format = Cli.run("dump", dir.toString(), "--format", "xml");
        assertEquals(1, format.code());
        assertTrue(format.err().contains("--format must be jsonl or csv"), format.err());
        assertEquals(0, Cli.run("dump", "--help").code());
    }
}
