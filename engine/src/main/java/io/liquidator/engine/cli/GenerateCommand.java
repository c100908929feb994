package io.liquidator.engine.cli;

import io.liquidator.engine.app.SyntheticMarket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code liquidator generate}: a seeded synthetic market in the formats.md CSVs (for tests and measurements). */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Writes a clearly synthetic, seeded market on BTCUSDT as formats.md CSVs:",
        "DIR/positions.csv, DIR/wallets.csv (cross accounts) and DIR/ticks.csv (a random walk with a crash).",
        "The same seed writes the same files."})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for the CSV files.")
    private Path out;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "10000", description = "Accounts (default ${DEFAULT-VALUE}).")
    private int accounts;

    @Option(names = "--ticks", paramLabel = "N", defaultValue = "100000", description = "Mark-price ticks (default ${DEFAULT-VALUE}).")
    private int ticks;

    @Option(names = "--crash", paramLabel = "PERCENT", defaultValue = "30",
        description = "Depth of the crash in the middle third (default ${DEFAULT-VALUE}).")
    private int crashPercent;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20210519", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        final SyntheticMarket market;
        try {
            market = new SyntheticMarket(seed, accounts, ticks, crashPercent);
        } catch (final IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        final long rows = market.writeTo(out);
        spec.commandLine().getOut().printf("wrote %,d rows (synthetic, seed %d) to %s%n", rows, seed, out);
        return LiquidatorCli.OK;
    }
}
