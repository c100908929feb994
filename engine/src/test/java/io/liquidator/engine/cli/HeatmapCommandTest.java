package io.liquidator.engine.cli;

import io.liquidator.engine.app.EventCounter;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.heatmap.LiquidationHeatmap;
import io.liquidator.engine.margin.LiquidationPriceSolver;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.snapshot.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code liquidator heatmap} on a small hand-built book written as a snapshot: every position lands
 * in the bucket of its liquidation price with its notional at that price (hand-computed from the
 * Binance brackets, and the same as the engine's solver), cross books are priced with their other
 * markets at their marks, positions past the range are summed apart, and the PNG is a readable
 * image with long and short bars.
 */
class HeatmapCommandTest {
    private static final LiquidatorConfig CONFIG = LiquidatorConfig.bundledDefault();
    private static final int BTC = 0;
    private static final int ETH = 1;

    /** BTCUSDT at 60,000.0 and ETHUSDT at 3,000.00; balances at 1e-8 USDT. */
    private static LiquidationEngine book() {
        final LiquidationEngine e = new LiquidationEngine(CONFIG.instruments(), EngineSettings.defaults(),
            new EventCounter(null));
        long seq = 0;
        e.onMarkPrice(++seq, 1, BTC, 600_000L);
        e.onMarkPrice(++seq, 1, ETH, 300_000L);
        // long 1 BTC, margin 1000: 1000 + P - 60000 = 0.005 P - 50 (bracket 2)  -> P <= 59246.23 -> 59246.2
        e.onPosition(++seq, 2, 1, BTC, Side.LONG, 1_000, 600_000L, false, usdt(1000));
        // long 0.5 BTC, margin 400: 400 + 0.5 (P - 60000) = 0.002 P (bracket 1) -> P <= 59437.75 -> 59437.7
        e.onPosition(++seq, 2, 2, BTC, Side.LONG, 500, 600_000L, false, usdt(400));
        // short 2 BTC, margin 3000: 3000 + 2 (60000 - P) = 0.01 P - 50          -> P >= 61218.91 -> 61219.0
        e.onPosition(++seq, 2, 3, BTC, Side.SHORT, 2_000, 600_000L, false, usdt(3000));
        // cross long 1 BTC, wallet 2000: 2000 + P - 60000 = 0.005 P - 50       -> P <= 58241.21 -> 58241.2
        e.onWallet(++seq, 2, 4, e.assetId("USDT"), usdt(2000));
        e.onPosition(++seq, 2, 4, BTC, Side.LONG, 1_000, 600_000L, true, 0);
        // long 1 BTC at 1.5x: 20000 + P - 60000 = 0.004 P                     -> P <= 40160.64: beyond -10 %
        e.onPosition(++seq, 2, 5, BTC, Side.LONG, 1_000, 600_000L, false, usdt(20_000));
        // a 1x long: no liquidation price, not on the map
        e.onPosition(++seq, 2, 6, BTC, Side.LONG, 1, 600_000L, false, 6_000_000_000L);
        // a cross book on two markets, wallet 5000: long 1 BTC, short 10 ETH
        //   BTC, ETH at its mark (MM 120): 4880 + P - 60000 = 0.005 P - 50     -> P <= 55346.73 -> 55346.7
        //   ETH, BTC at its mark (MM 250): 4750 + 10 (3000 - P) = 0.04 P        -> P >= 3461.155 -> 3461.16
        e.onWallet(++seq, 2, 7, e.assetId("USDT"), usdt(5000));
        e.onPosition(++seq, 2, 7, BTC, Side.LONG, 1_000, 600_000L, true, 0);
        e.onPosition(++seq, 2, 7, ETH, Side.SHORT, 10_000, 300_000L, true, 0);
        assertEquals(8, e.openPositions());
        return e;
    }

    private static long usdt(final long whole) {
        return whole * 100_000_000L;
    }

    private static Path snapshot(final Path dir) throws IOException {
        final LiquidationEngine engine = book();
        return new SnapshotStore(dir).write(engine, 0, 0).path();
    }

    @Test
    void everyPositionIsInTheBucketOfItsLiquidationPriceWithItsNotionalThere(@TempDir final Path dir) throws IOException {
        final Path file = snapshot(dir.resolve("snaps"));
        final Path png = dir.resolve("map.png");
        final Cli.Result r = Cli.run("heatmap", file.toString(), "--instrument", "BTCUSDT", "--bucket", "500",
            "--range", "10", "--chart", png.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        final String out = r.out();
        assertTrue(out.contains("BTCUSDT  mark 60000  bucket 500  range ±10 %"), out);
        // longs, nearest the mark first: 59246.2 + 0.5 x 59437.7, then the cross books
        assertTrue(out.contains(row("long", "59000", "59500", "-0.83", 2, "88965.05", "0", "88965.05")), out);
        assertTrue(out.contains(row("long", "58000", "58500", "-2.50", 1, "0", "58241.2", "147206.25")), out);
        assertTrue(out.contains(row("long", "55000", "55500", "-7.50", 1, "0", "55346.7", "202552.95")), out);
        assertTrue(out.contains(row("short", "61000", "61500", "+1.67", 1, "122438", "0", "122438")), out);
        assertTrue(out.contains("  beyond the range: 1 longs below -10 % (40160.6 USDT), 0 shorts above +10 % (0 USDT)"),
            out);
        assertTrue(!out.contains("ETHUSDT  mark"), out);

        // the ETH leg of the two-market cross book, priced with BTC at its mark
        final Cli.Result eth = Cli.run("heatmap", file.toString(), "--instrument", "ETHUSDT", "--bucket", "50",
            "--range", "20");
        assertEquals(0, eth.code(), eth.out() + eth.err());
        assertTrue(eth.out().contains(row("short", "3450", "3500", "+15.00", 1, "0", "34611.6", "34611.6")), eth.out());

        final BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable image: " + png);
        assertEquals(1400, image.getWidth());
        assertEquals(560, image.getHeight());
        int red = 0;
        int green = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                final int rgb = image.getRGB(x, y) & 0xFFFFFF;
                red += rgb == 0xD62728 ? 1 : 0;
                green += rgb == 0x2CA02C ? 1 : 0;
            }
        }
        assertTrue(red > 500 && green > 500, "long bars (red) and short bars (green): " + red + ", " + green);
    }

    @Test
    void theBucketsAddUpToTheSolversPricesAndNotionals(@TempDir final Path dir) {
        final LiquidationEngine engine = book();
        final LiquidationHeatmap map = LiquidationHeatmap.of(engine, BTC, 5_000, BigDecimal.valueOf(10));
        final LiquidationPriceSolver solver = new LiquidationPriceSolver();
        final var btc = engine.instrument(BTC);
        long isolatedLongs = 0;
        for (final long[] p : new long[][]{{1_000, usdt(1000)}, {500, usdt(400)}}) {
            final long price = solver.reset(btc, p[1]).addLeg(Side.LONG, p[0], 600_000L).liquidationTrigger();
            isolatedLongs += MarginMath.notional(btc, p[0], price);
        }
        final long shortPrice = solver.reset(btc, usdt(3000)).addLeg(Side.SHORT, 2_000, 600_000L).liquidationTrigger();
        assertEquals(612_190L, shortPrice);
        assertEquals(List.of(new LiquidationHeatmap.Bucket(Side.SHORT, 610_000L, 615_000L, 1,
            MarginMath.notional(btc, 2_000, shortPrice), 0)), map.shorts());
        assertEquals(isolatedLongs, map.longs().get(0).isolatedNotional());
        assertEquals(Decimals.parse("88965.05", 8), isolatedLongs);
        assertEquals(3, map.longs().size(), map.longs().toString());
        assertEquals(Decimals.parse("40160.6", 8), map.beyondLong().notional());
        assertEquals(0, map.atMark().positions());
    }

    @Test
    void aDirectoryGivesItsNewestSnapshotAndTheStepIsChosenWhenNotGiven(@TempDir final Path dir) throws IOException {
        snapshot(dir);
        final Cli.Result r = Cli.run("heatmap", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("heatmap: " + SnapshotStore.fileName(12)), r.out());
        // 20 % of 60000 over 20 buckets: 600, rounded to 500
        assertTrue(r.out().contains("BTCUSDT  mark 60000  bucket 500  range ±20 %"), r.out());
        assertTrue(r.out().contains("ETHUSDT  mark 3000  bucket 20  range ±20 %"), r.out());
        assertTrue(r.out().contains("BTCUSD  no mark price yet: not mapped"), r.out());
    }

    @Test
    void userErrorsAreOneLine(@TempDir final Path dir) throws IOException {
        final Path file = snapshot(dir.resolve("snaps"));
        assertError("heatmap: " + dir.resolve("nope") + ": no such file or directory", "heatmap", dir.resolve("nope").toString());
        Files.createDirectories(dir.resolve("empty"));
        assertError("heatmap: " + dir.resolve("empty") + " holds no snapshot-*.snap file", "heatmap",
            dir.resolve("empty").toString());
        assertError("heatmap: --instrument: unknown instrument DOGEUSDT (the configuration has BTCUSDT, ETHUSDT, BTCUSD)",
            "heatmap", file.toString(), "--instrument", "DOGEUSDT");
        assertError("heatmap: BTCUSD has no mark price in " + file.getFileName() + ": nothing to map", "heatmap",
            file.toString(), "--instrument", "BTCUSD");
        assertError("heatmap: --bucket must be a positive price step, not 0", "heatmap", file.toString(), "--bucket", "0");
        assertError("heatmap: --range must be a percentage in (0, 100], not 150", "heatmap", file.toString(), "--range", "150");
        final Path junk = Files.writeString(dir.resolve("junk.snap"), "not a snapshot");
        final Cli.Result r = Cli.run("heatmap", junk.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("liquidator heatmap: junk.snap: "), r.err());
    }

    private static void assertError(final String message, final String... args) {
        final Cli.Result r = Cli.run(args);
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(List.of("liquidator " + message), r.errLines());
    }

    private static String row(final String side, final String from, final String to, final String move, final int n,
                              final String isolated, final String cross, final String cumulative) {
        return String.format(java.util.Locale.ROOT, "  %-6s %-14s %-14s %8s%% %9d %18s %18s %18s", side, from, to, move,
            n, isolated, cross, cumulative);
    }
}
