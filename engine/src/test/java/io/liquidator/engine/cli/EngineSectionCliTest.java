package io.liquidator.engine.cli;

import io.liquidator.engine.app.TickPublisher;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.snapshot.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.liquidator.engine.cli.CompareScenario.POSITIONS_1_TO_5;
import static io.liquidator.engine.cli.CompareScenario.STRICT;
import static io.liquidator.engine.cli.CompareScenario.TICKS;
import static io.liquidator.engine.cli.CompareScenario.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration's {@code engine:} section reaches {@code replay} and {@code run}, and the
 * command line wins over it: {@code --insurance-fund} per asset, {@code --snapshot-every}.
 */
class EngineSectionCliTest {
    /** The bundled instruments under tier step-down, with a fund in both settlement assets. */
    private static final String ENGINE = """
        engine:
          policy: tier_step_down
          insurance_fund: { USDT: 1000, BTC: 2 }
        """;

    /**
     * {@link CompareScenario} under tier step-down (see {@code CompareCommandTest}): one partial
     * liquidation (account 5 at t2), the fund pays 250 (account 2) and 449 (account 5's rest) at t3.
     */
    @Test
    void replayRunsUnderTheFilesPolicyAndFundAndTheCommandLineFundWinsPerAsset(@TempDir final Path dir)
        throws IOException {
        final Path config = write(dir, "c.yaml", CompareScenario.bundledText() + ENGINE);
        final Path positions = write(dir, "positions.csv", POSITIONS_1_TO_5);
        final Path ticks = write(dir, "ticks.csv", TICKS);
        final Cli.Result fromFile = Cli.run("replay", "--config", config.toString(), "--positions", positions.toString(),
            "--ticks", ticks.toString(), "--no-journal");
        assertEquals(0, fromFile.code(), fromFile.err());
        final Map<String, Long> counts = ReplayDeterminismTest.eventCounts(fromFile);
        assertEquals(1L, counts.get("PARTIAL_LIQUIDATION"), fromFile.out());
        assertEquals(2L, counts.get("LIQUIDATION"), fromFile.out());
        assertTrue(fromFile.out().contains("\n  fund        USDT 301, BTC 2\n"), fromFile.out());

        final Cli.Result overridden = Cli.run("replay", "--config", config.toString(), "--positions",
            positions.toString(), "--ticks", ticks.toString(), "--no-journal", "--insurance-fund", "USDT=7000");
        assertEquals(0, overridden.code(), overridden.err());
        assertTrue(overridden.out().contains("\n  fund        USDT 6301, BTC 2\n"), overridden.out());
    }

    @Test
    void aFundForAnAssetNothingSettlesInIsAUserError(@TempDir final Path dir) throws IOException {
        final Path config = write(dir, "eur.yaml", STRICT.replace("  USDT: { balance_scale: 8 }\n",
            "  USDT: { balance_scale: 8 }\n  EUR: { balance_scale: 2 }\n"));
        final Path ticks = write(dir, "ticks.csv", TICKS);
        final Cli.Result r = Cli.run("replay", "--config", config.toString(), "--ticks", ticks.toString(), "--no-journal",
            "--insurance-fund", "EUR=5");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("--insurance-fund: no instrument settles in EUR, so it has no fund"
            + " (settlement assets: USDT)"), r.err());
    }

    /**
     * {@code snapshot_every: 1}: a snapshot at the end of every batch that took an input. The ticks
     * are published only once {@code run} has snapshotted the position (its first batch), 200 ms
     * apart, so there are at least two files: that first one and the one after the last tick (the
     * store keeps the newest 3). With
     * {@code --snapshot-every 0} over the same file, only the snapshot at the end: one file.
     */
    @Test
    void runTakesTheSnapshotCadenceFromTheFileUnlessTheCommandLineGivesOne(@TempDir final Path dir)
        throws Exception {
        final Path config = write(dir, "c.yaml", CompareScenario.bundledText()
            + "engine:\n  snapshot_every: 1\n  snapshot_interval_s: 0\n  wait_strategy: blocking\n");
        final Path queue = dir.resolve("in");
        final Path fromFile = dir.resolve("snaps-file");
        final ExecutorService background = Executors.newSingleThreadExecutor();
        try (TickPublisher feed = TickPublisher.open(queue, LiquidatorConfig.load(config))) {
            feed.position(1000, 1, "BTCUSDT", "long", "1", "60000", "1000");
            final Future<Cli.Result> running = background.submit(() -> run(config, queue, dir.resolve("out-file"),
                fromFile));
            awaitSnapshot(fromFile, running);
            for (int k = 0; k < 3; k++) {
                Thread.sleep(200);
                feed.markPrice(2000 + 1000 * k, "BTCUSDT", String.valueOf(60000 - 100 * k));
            }
            final Cli.Result r = running.get(60, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r.out() + r.err());
        } finally {
            background.shutdownNow();
        }
        assertTrue(new SnapshotStore(fromFile).files().size() >= 2, () -> files(fromFile));

        final Path fromFlag = dir.resolve("snaps-flag");
        final Cli.Result r = run(config, queue, dir.resolve("out-flag"), fromFlag, "--snapshot-every", "0");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(1, new SnapshotStore(fromFlag).files().size(), () -> files(fromFlag));
    }

    private static Cli.Result run(final Path config, final Path queue, final Path out, final Path snaps,
                                  final String... more) {
        final String[] base = {"run", "--config", config.toString(), "--in", queue.toString(), "--out", out.toString(),
            "--snapshots", snaps.toString(), "--exit-when-idle", "1500"};
        final String[] args = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(args);
    }

    /** Waits until {@code run} has written its first snapshot (or has ended). */
    private static void awaitSnapshot(final Path dir, final Future<?> running) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !running.isDone()) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.anyMatch(p -> p.getFileName().toString().endsWith(".snap"))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
    }

    private static String files(final Path dir) {
        try {
            return new SnapshotStore(dir).files().toString();
        } catch (final IOException e) {
            return e.toString();
        }
    }
}
