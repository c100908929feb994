package io.liquidator.engine.cli;

import io.liquidator.engine.app.EventCounter;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.snapshot.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A configuration's {@code price_guard} reaches {@code replay}: the spike of a calm series is journaled
 * as GUARD records, the summary counts them, and {@code dump} prints them (JSONL: kind, seq,
 * input_seq, ts, account, instrument, reason, state, price, reference_price; CSV: the state and
 * reference_price columns). A configuration error in the guard is one line with file and line.
 */
class PriceGuardReplayCliTest {
    private static final String CONFIG = String.join("\n",
        "assets:",
        "  USDT: { balance_scale: 8 }",
        "instruments:",
        "  - symbol: BTCUSDT",
        "    kind: linear",
        "    settlement_asset: USDT",
        "    profile: binance",
        "    price_tick: 0.1",
        "    qty_step: 0.001",
        "    brackets:",
        "      - { notional_floor: 0, notional_cap: 50000, mmr: 0.004, maintenance_amount: 0, max_leverage: 125 }",
        "      - { notional_floor: 50000, notional_cap: 600000, mmr: 0.005, maintenance_amount: 50, max_leverage: 100 }",
        "    price_guard: { max_staleness_ms: 5000, max_move: 0.10, window_ms: 1000, on_trip: pause }",
        "");

    private static final String POSITIONS = String.join("\n",
        "ts,account,instrument,side,qty,entry_price,margin_mode,isolated_margin",
        "0,7,BTCUSDT,long,1.5,60000.0,isolated,3000",
        "");

    private static final String TICKS = String.join("\n",
        "ts,instrument,mark_price",
        "1000,BTCUSDT,60000.0",   // seq 2
        "2000,BTCUSDT,60010.0",   // seq 3
        "3000,BTCUSDT,30000.0",   // seq 4: the spike, would liquidate account 7
        "4000,BTCUSDT,60005.0",   // seq 5: back
        "5000,BTCUSDT,59990.0",   // seq 6
        "");

    @Test
    void aConfiguredGuardIsJournaledCountedAndDumped(@TempDir final Path dir) throws IOException {
        final Path config = Files.writeString(dir.resolve("guarded.yaml"), CONFIG);
        final Path positions = Files.writeString(dir.resolve("positions.csv"), POSITIONS);
        final Path ticks = Files.writeString(dir.resolve("ticks.csv"), TICKS);
        final Path out = dir.resolve("out");
        final Cli.Result r = Cli.run("replay", "--config", config.toString(), "--positions", positions.toString(),
            "--ticks", ticks.toString(), "--out", out.toString(), "--insurance-fund", "USDT=100000");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("  guards      1 tripped, 1 released"), r.out());
        assertEquals(0L, ReplayDeterminismTest.eventCounts(r).get("LIQUIDATION"), r.out());

        final Cli.Result json = Cli.run("dump", out.toString(), "--config", config.toString());
        assertEquals(0, json.code(), json.err());
        assertEquals(List.of(
            "{\"kind\":\"GUARD\",\"seq\":1,\"input_seq\":4,\"ts\":3000,\"account\":0,\"instrument\":\"BTCUSDT\","
                + "\"reason\":\"BAND\",\"state\":\"TRIPPED\",\"price\":\"30000.0\",\"reference_price\":\"60010.0\"}",
            "{\"kind\":\"MARGIN_CALL\",\"seq\":2,\"input_seq\":4,\"ts\":3000,\"account\":7,\"instrument\":\"BTCUSDT\","
                + "\"cross\":false,\"level\":2,\"level_ratio\":\"0.9\",\"mark_price\":\"30000.0\",\"equity\":\"-42000\","
                + "\"maintenance_margin\":\"180\",\"tier\":1,\"margin_ratio\":\"Infinity\"}",
            "{\"kind\":\"GUARD\",\"seq\":3,\"input_seq\":5,\"ts\":4000,\"account\":0,\"instrument\":\"BTCUSDT\","
                + "\"reason\":\"RETURNED\",\"state\":\"RELEASED\",\"price\":\"60005.0\",\"reference_price\":\"60010.0\"}"),
            json.outLines());

        final Cli.Result csv = Cli.run("dump", out.toString(), "--config", config.toString(), "--format", "csv");
        assertEquals(0, csv.code(), csv.err());
        final List<String> rows = csv.outLines();
        assertTrue(rows.get(0).endsWith(",reason,line,state,reference_price"), rows.get(0));
        assertEquals(EventDumper.COLUMNS.size(), rows.get(1).split(",", -1).length, rows.get(1));
        assertTrue(rows.get(1).startsWith("GUARD,1,4,3000,0,BTCUSDT,"), rows.get(1));
        assertTrue(rows.get(1).endsWith(",30000.0,,,,BAND,,TRIPPED,60010.0"), rows.get(1));
    }

    @Test
    void snapshotInspectionRestoresUnderTheConfiguredGuardsAndShowsThem(@TempDir final Path dir) throws IOException {
        final Path config = Files.writeString(dir.resolve("guarded.yaml"), CONFIG);
        final LiquidatorConfig cfg = LiquidatorConfig.load(config);
        final LiquidationEngine e = new LiquidationEngine(cfg.instruments(),
            EngineSettings.builder().priceGuards(cfg.priceGuards()).build(), new EventCounter(null));
        e.onMarkPrice(1, 1_000, 0, 600_100);
        e.onMarkPrice(2, 2_000, 0, 300_000);
        new SnapshotStore(dir.resolve("snaps")).write(e, 1, 0);
        final Cli.Result r = Cli.run("snapshot", dir.resolve("snaps").toString(), "--config", config.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("  guard       BTCUSDT TRIPPED (liquidation paused), reference 60010"), r.out());
        final Path unguarded = Files.writeString(dir.resolve("unguarded.yaml"),
            CONFIG.replaceAll("(?m)^    price_guard:.*\n", ""));
        final Cli.Result without = Cli.run("snapshot", dir.resolve("snaps").toString(), "--config", unguarded.toString());
        assertEquals(1, without.code(), without.out());
        assertTrue(without.out().contains("taken by an engine with price guards; this engine has none"), without.out());
    }

    @Test
    void aBadGuardIsAOneLineConfigurationError(@TempDir final Path dir) throws IOException {
        final Path config = Files.writeString(dir.resolve("bad.yaml"), CONFIG.replace("on_trip: pause", "on_trip: halt"));
        final Path ticks = Files.writeString(dir.resolve("ticks.csv"), TICKS);
        final Cli.Result r = Cli.run("replay", "--config", config.toString(), "--ticks", ticks.toString(), "--no-journal");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(config + ":13: instruments[0].price_guard.on_trip: unknown on_trip 'halt'"), r.err());
    }
}
