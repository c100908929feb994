package io.liquidator.engine.cli;

import io.liquidator.engine.app.InputJournalAppender;
import io.liquidator.journal.InputJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code liquidator import}: turns formats.md CSVs or Binance public-data files into an input
 * journal, the queue {@code run} tails and {@code replay --in DIR} reads; optionally at a fixed rate,
 * which makes it a stand-in market-data feed for a live engine.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Appends CSV or Binance files to an input journal (a Chronicle Queue directory) that",
        "`run` tails and `replay --in DIR` reads. Bad rows are reported on stderr with their line and",
        "reason and not written (replay the files directly to journal them as REJECTION records).",
        "With --rate, appends at that many inputs per second: a stand-in feed for a live engine."})
public final class ImportCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption config;

    @Mixin
    private ReplayInputOptions files;

    @Option(names = "--queue", paramLabel = "DIR", required = true, description = "Input journal directory (appended to).")
    private Path queue;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
        description = "Inputs per second (default: as fast as possible).")
    private long rate;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final long start = System.nanoTime();
        final InputJournalAppender appender;
        try (InputJournal journal = InputJournal.open(queue)) {
            appender = new InputJournalAppender(journal, err, rate);
            files.replay(config.load(), appender, out);
        }
        err.flush();
        final double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "imported %,d inputs into %s in %.3f s (%,d bad rows skipped)%n", appender.appended(),
            queue, seconds, appender.skipped());
        out.flush();
        return LiquidatorCli.OK;
    }
}
