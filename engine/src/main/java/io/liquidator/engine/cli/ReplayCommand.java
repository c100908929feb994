package io.liquidator.engine.cli;

import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.app.InputCounter;
import io.liquidator.journal.InputJournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code liquidator replay}: a historical input through the same engine code as {@code run}, as
 * fast as it goes, deterministically (the same input writes a byte-identical output journal; the
 * state hash printed at the end is the check). The input is an input journal (a Chronicle Queue
 * directory that {@code run} could tail) or the plain-text files of formats.md and the Binance
 * public-data formats.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Runs a historical input through the engine as fast as it goes and journals the events.",
        "Input: --in DIR (an input journal) or --in FILE.csv (a ticks CSV), or the formats.md files",
        "--ticks FILE [--positions FILE] [--wallets FILE]. Bad rows are journaled as REJECTION records",
        "with their line and reason, counted in the summary, and skipped.",
        "Prints a summary with the engine's state hash: two replays of the same input agree on it and",
        "write byte-identical output journals."})
public final class ReplayCommand implements Callable<Integer> {
    private static final int POLL_LIMIT = 4096;

    @Mixin
    private EngineOptions engine;

    @Mixin
    private ReplayInputOptions files;

    @Option(names = "--in", paramLabel = "DIR|FILE.csv",
        description = "An input journal directory, or a ticks CSV (the same as --ticks).")
    private Path in;

    @Option(names = "--out", paramLabel = "DIR", description = "Output journal directory (new or empty).")
    private Path out;

    @Option(names = "--no-journal",
        description = "Count the events instead of journaling them (measures the engine without the journal).")
    private boolean noJournal;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (out == null && !noJournal) {
            throw new InputException("--out DIR is required (or --no-journal)");
        }
        if (out != null && noJournal) {
            throw new InputException("--out and --no-journal exclude each other");
        }
        if (out != null && Files.isDirectory(out) && !isEmpty(out)) {
            throw new InputException(out + " is not empty: replay writes a new output journal");
        }
        final boolean queue = in != null && Files.isDirectory(in);
        if (in != null && !queue) {
            if (!Files.isRegularFile(in)) {
                throw new InputException("--in " + in + ": no such file or directory");
            }
            files.ticksFromIn(in);
        }
        if (!queue && !files.any()) {
            throw new InputException("nothing to replay: give --in DIR|FILE.csv or --ticks FILE");
        }
        if (queue && files.any()) {
            throw new InputException("--in DIR (an input journal) and the CSV files exclude each other");
        }
        final PrintWriter o = spec.commandLine().getOut();
        final long start = System.nanoTime();
        final InputCounter counter;
        final EngineSession session = EngineSession.options(engine.config(), engine.settings())
            .output(out).waitStrategy(engine.waitStrategy()).open();
        try {
            counter = new InputCounter(session.input());
            if (queue) {
                try (InputJournalReader reader = InputJournalReader.open(in)) {
                    reader.toStart();
                    // as fast as the ring takes it, but never more than it has room for: a publish then
                    // never blocks, so an engine that halted is noticed here instead of hanging on a full ring
                    while (session.failure() == null) {
                        final int room = (int) Math.min(POLL_LIMIT, session.remainingCapacity());
                        if (room == 0) {
                            Thread.onSpinWait();
                        } else if (reader.poll(counter, room) == 0) {
                            break;
                        }
                    }
                }
            } else {
                files.replay(engine.config(), counter, o);
            }
        } finally {
            session.close();
        }
        final long elapsed = System.nanoTime() - start;
        RunReport.print(o, "replayed", counter, session, elapsed,
            out == null ? "none (--no-journal)" : out + " (" + session.lastOutputSequence() + " events)");
        o.flush();
        return LiquidatorCli.OK;
    }

    private static boolean isEmpty(final Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
