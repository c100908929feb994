package io.liquidator.engine.cli;

import io.liquidator.engine.app.SyntheticFeed;
import io.liquidator.journal.InputJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code liquidator feed}: a synthetic live feed into an input journal, at a fixed rate (soak runs). */
@Command(name = "feed", mixinStandardHelpOptions = true,
    description = {"Appends a clearly synthetic live feed to an input journal at a fixed rate: BTCUSDT marks",
        "(a random walk with a sharp drop and recovery every ~5 s) and position updates that re-open",
        "accounts, so that a `run` tailing it keeps margin-calling and liquidating. Seeded."})
public final class FeedCommand implements Callable<Integer> {
    @Option(names = "--queue", paramLabel = "DIR", required = true, description = "Input journal directory.")
    private Path queue;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50000", description = "Inputs per second (default ${DEFAULT-VALUE}).")
    private long rate;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60", description = "How long (default ${DEFAULT-VALUE}).")
    private long seconds;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "100000", description = "Accounts (default ${DEFAULT-VALUE}).")
    private int accounts;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20210519", description = "Random seed.")
    private long seed;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (rate < 1 || seconds < 1 || accounts < 1) {
            throw new InputException("--rate, --seconds and --accounts must be positive");
        }
        final long start = System.nanoTime();
        final long appended;
        try (InputJournal journal = InputJournal.open(queue)) {
            appended = new SyntheticFeed(journal, seed, accounts).run(rate, seconds, System.currentTimeMillis());
        }
        final double took = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getOut().printf(Locale.ROOT, "fed %,d inputs into %s in %.1f s (%,.0f inputs/s)%n",
            appended, queue, took, appended / took);
        return LiquidatorCli.OK;
    }
}
