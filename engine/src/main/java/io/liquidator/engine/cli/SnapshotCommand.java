package io.liquidator.engine.cli;

import io.liquidator.engine.app.EventCounter;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.snapshot.Snapshot;
import io.liquidator.engine.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code liquidator snapshot FILE|DIR}: what a snapshot holds and whether it is usable, without
 * starting anything: header, CRC check, and a trial restore into an engine built from the
 * configuration (which must be the one it was taken with).
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = {"Inspects snapshot files: header (last input, output sequence, state hash, fingerprint),",
        "the CRC check, and a trial restore under --config (default the bundled one) that re-checks the",
        "state hash and prints open positions, marks and the insurance fund. A directory lists every",
        "snapshot in it, newest last. Exit 1 if any file is damaged or does not restore."})
public final class SnapshotCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption config;

    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "A snapshot file or a snapshot directory.")
    private Path target;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        final List<Path> files;
        if (Files.isDirectory(target)) {
            files = new SnapshotStore(target).files();
            if (files.isEmpty()) {
                throw new InputException(target + " holds no snapshot-*.snap file");
            }
        } else if (Files.isRegularFile(target)) {
            files = List.of(target);
        } else {
            throw new InputException(target + ": no such file or directory");
        }
        final LiquidatorConfig cfg = config.load();
        final PrintWriter out = spec.commandLine().getOut();
        boolean allGood = true;
        for (final Path file : files) {
            allGood &= inspect(file, cfg, out);
        }
        out.flush();
        return allGood ? LiquidatorCli.OK : LiquidatorCli.USER_ERROR;
    }

    private static boolean inspect(final Path file, final LiquidatorConfig cfg, final PrintWriter out) {
        final Snapshot snapshot;
        try {
            snapshot = SnapshotStore.read(file);
        } catch (final IOException e) {
            out.println(file.getFileName() + ": DAMAGED: " + e.getMessage());
            return false;
        }
        out.println(snapshot.info());
        // the configuration's engine section and guards: a snapshot restores only under the settings it was taken with
        final LiquidationEngine engine = new LiquidationEngine(cfg.instruments(),
            EngineOptions.of(cfg, java.util.List.of(), null).settings(), new EventCounter(null));
        try {
            snapshot.restoreInto(engine);
        } catch (final RuntimeException e) {
            out.println("  does not restore under " + cfg.source() + ": " + e.getMessage());
            return false;
        }
        out.printf("  restores: state hash %016x checked; %,d open positions%n", engine.stateHash(),
            engine.openPositions());
        for (int i = 0; i < engine.instrumentCount(); i++) {
            final long mark = engine.markPrice(i);
            out.println("  mark        " + engine.instrument(i).symbol() + " "
                + (mark == 0 ? "none yet" : Decimals.formatTrimmed(mark, engine.instrument(i).priceScale())));
        }
        for (final Integer i : cfg.priceGuards().keySet()) {
            final long reference = engine.guardReference(i);
            out.println("  guard       " + engine.instrument(i).symbol() + " "
                + (engine.liquidationPaused(i) ? "TRIPPED (liquidation paused)" : "armed") + ", reference "
                + (reference == 0 ? "none yet" : Decimals.formatTrimmed(reference, engine.instrument(i).priceScale())));
        }
        for (int a = 0; a < engine.assetCount(); a++) {
            final Integer scale = cfg.assets().get(engine.assetName(a));
            out.println("  fund        " + engine.assetName(a) + " "
                + Decimals.formatTrimmed(engine.insuranceFund(a), scale == null ? 0 : scale));
        }
        return true;
    }
}
