package io.liquidator.engine.cli;

import io.liquidator.engine.app.EventCounter;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.heatmap.HeatmapChart;
import io.liquidator.engine.heatmap.LiquidationHeatmap;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.snapshot.Snapshot;
import io.liquidator.engine.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code liquidator heatmap SNAPSHOT}: the liquidation map of a book, read from the engine's own
 * liquidation index after restoring a snapshot (a running engine's newest, or any other): per
 * instrument and side, the notional that would be liquidated in each price bucket below (longs) and
 * above (shorts) the mark. A text table, and with {@code --chart} a PNG bar chart.
 */
@Command(name = "heatmap", mixinStandardHelpOptions = true,
    description = {"The liquidation map of a snapshot's book: per instrument, the notional liquidated in each",
        "price bucket below the mark (longs) and above it (shorts), each position at its exact liquidation",
        "price (cross: assuming the book's other markets stay at their marks). Restores the snapshot (a",
        "directory: its newest snapshot that restores) under --config and reads the engine's index.",
        "Prints a table (empty buckets omitted) and, with --chart, writes a PNG bar chart."})
public final class HeatmapCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption config;

    @Parameters(index = "0", paramLabel = "SNAPSHOT_FILE|SNAPSHOT_DIR",
        description = "A snapshot file, or a snapshot directory (run's --snapshots) to take the newest from.")
    private Path target;

    @Option(names = "--instrument", paramLabel = "SYMBOL", description = "Only this instrument (default: every one with a mark).")
    private String instrument;

    @Option(names = "--bucket", paramLabel = "PRICE_STEP",
        description = "Bucket width in price units, e.g. 250 (default: a round step giving about 20 buckets a side).")
    private String bucket;

    @Option(names = "--range", paramLabel = "PERCENT", defaultValue = "20",
        description = "How far from the mark to map on each side, in percent (default ${DEFAULT-VALUE}).")
    private BigDecimal range;

    @Option(names = "--chart", paramLabel = "FILE", description = "Also write the map as a PNG bar chart.")
    private Path chart;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (range.signum() <= 0 || range.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new InputException("--range must be a percentage in (0, 100], not " + range.toPlainString());
        }
        final LiquidatorConfig cfg = config.load();
        if (instrument != null && cfg.instrument(instrument).isEmpty()) {
            throw new InputException("--instrument: unknown instrument " + instrument + " (the configuration has "
                + String.join(", ", cfg.instruments().stream().map(Instrument::symbol).toList()) + ")");
        }
        final Restored restored = restore(cfg);
        final LiquidationEngine engine = restored.engine();
        final PrintWriter out = spec.commandLine().getOut();
        out.println("heatmap: " + restored.name() + " (last input " + restored.snapshot().info().lastInputSequence()
            + ", " + String.format(Locale.ROOT, "%,d", engine.openPositions()) + " open positions) under " + cfg.source());
        final List<LiquidationHeatmap> maps = new ArrayList<>();
        for (int i = 0; i < engine.instrumentCount(); i++) {
            final Instrument inst = engine.instrument(i);
            if (instrument != null && !instrument.equals(inst.symbol())) {
                continue;
            }
            if (engine.markPrice(i) == 0) {
                if (instrument != null) {
                    throw new InputException(inst.symbol() + " has no mark price in " + restored.name() + ": nothing to map");
                }
                out.println(inst.symbol() + "  no mark price yet: not mapped");
                continue;
            }
            final LiquidationHeatmap map = LiquidationHeatmap.of(engine, i, step(inst), range);
            print(out, map);
            maps.add(map);
        }
        if (maps.isEmpty()) {
            throw new InputException("no instrument has a mark price in " + restored.name() + ": nothing to map");
        }
        if (chart != null) {
            for (final LiquidationHeatmap m : maps) {
                if (HeatmapChart.bucketsDrawn(m) > HeatmapChart.MAX_BUCKETS) {
                    throw new InputException("--chart: " + m.instrument().symbol() + " would need "
                        + HeatmapChart.bucketsDrawn(m) + " bars (at most " + HeatmapChart.MAX_BUCKETS
                        + "); give a wider --bucket or a narrower --range");
                }
            }
            HeatmapChart.write(chart, maps, restored.name());
            out.println("chart       " + chart);
        }
        out.flush();
        return LiquidatorCli.OK;
    }

    private long step(final Instrument inst) {
        if (bucket == null) {
            return 0;
        }
        final long raw;
        try {
            raw = Decimals.parse(bucket, inst.priceScale());
        } catch (final IllegalArgumentException e) {
            throw new InputException("--bucket " + bucket + " is not a price of " + inst.symbol() + ": " + e.getMessage());
        }
        if (raw <= 0) {
            throw new InputException("--bucket must be a positive price step, not " + bucket);
        }
        return raw;
    }

    private record Restored(Snapshot snapshot, String name, LiquidationEngine engine) {
    }

    /** The snapshot file, or the newest snapshot of a directory that reads and restores. */
    private Restored restore(final LiquidatorConfig cfg) throws IOException {
        final List<Path> files;
        if (Files.isDirectory(target)) {
            files = new ArrayList<>(new SnapshotStore(target).files());
            if (files.isEmpty()) {
                throw new InputException(target + " holds no snapshot-*.snap file");
            }
        } else if (Files.isRegularFile(target)) {
            files = List.of(target);
        } else {
            throw new InputException(target + ": no such file or directory");
        }
        String problem = null;
        for (int k = files.size() - 1; k >= 0; k--) {
            final Path file = files.get(k);
            try {
                final Snapshot snapshot = SnapshotStore.read(file);
                final LiquidationEngine engine = new LiquidationEngine(cfg.instruments(),
                    EngineOptions.of(cfg, java.util.List.of(), null).settings(), new EventCounter(null));
                snapshot.restoreInto(engine);
                return new Restored(snapshot, file.getFileName().toString(), engine);
            } catch (final IOException | RuntimeException e) {
                if (problem == null) {
                    problem = file.getFileName() + ": " + e.getMessage();
                }
            }
        }
        throw new InputException((files.size() == 1 ? "" : "no snapshot in " + target + " restores; newest ")
            + problem + " (see 'liquidator snapshot')");
    }

    private static void print(final PrintWriter out, final LiquidationHeatmap map) {
        final Instrument inst = map.instrument();
        final int ps = inst.priceScale();
        final int bs = inst.balanceScale();
        final String asset = inst.settlementAsset();
        out.printf(Locale.ROOT, "%n%s  mark %s  bucket %s  range ±%s %%  (notional in %s at each position's liquidation"
                + " price; empty buckets omitted)%n", inst.symbol(), Decimals.formatTrimmed(map.mark(), ps),
            Decimals.formatTrimmed(map.step(), ps), map.rangePercent().stripTrailingZeros().toPlainString(), asset);
        out.printf(Locale.ROOT, "  %-6s %-14s %-14s %9s %9s %18s %18s %18s%n", "side", "price from", "price to", "move",
            "positions", "isolated", "cross", "cumulative");
        for (final List<LiquidationHeatmap.Bucket> side : List.of(map.longs(), map.shorts())) {
            long cumulative = 0;
            for (final LiquidationHeatmap.Bucket b : side) {
                cumulative += b.notional();
                final boolean isLong = side == map.longs();
                // the move from the mark that reaches the bucket's nearer edge
                final long edge = isLong ? Math.min(b.high(), map.mark()) : Math.max(b.low(), map.mark());
                final BigDecimal move = BigDecimal.valueOf(edge - map.mark()).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(map.mark()), 2, RoundingMode.HALF_EVEN);
                out.printf(Locale.ROOT, "  %-6s %-14s %-14s %8s%% %9d %18s %18s %18s%n", isLong ? "long" : "short",
                    Decimals.formatTrimmed(b.low(), ps), Decimals.formatTrimmed(b.high(), ps),
                    (move.signum() > 0 ? "+" : "") + move.toPlainString(), b.positions(),
                    Decimals.formatTrimmed(b.isolatedNotional(), bs), Decimals.formatTrimmed(b.crossNotional(), bs),
                    Decimals.formatTrimmed(cumulative, bs));
            }
        }
        final String r = map.rangePercent().stripTrailingZeros().toPlainString();
        out.printf(Locale.ROOT, "  beyond the range: %d longs below -%s %% (%s %s), %d shorts above +%s %% (%s %s)%n",
            map.beyondLong().positions(), r, Decimals.formatTrimmed(map.beyondLong().notional(), bs), asset,
            map.beyondShort().positions(), r, Decimals.formatTrimmed(map.beyondShort().notional(), bs), asset);
        if (map.atMark().positions() > 0) {
            out.printf(Locale.ROOT, "  at or past their liquidation price at this mark: %d (%s %s)%n",
                map.atMark().positions(), Decimals.formatTrimmed(map.atMark().notional(), bs), asset);
        }
    }
}
