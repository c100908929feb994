package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.journal.OutputJournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code liquidator dump DIR}: an output journal as the plain-text events of formats.md. */
@Command(name = "dump", mixinStandardHelpOptions = true,
    description = {"Prints an output journal (a Chronicle Queue directory) as events: one JSON object per",
        "record (kind, seq, input_seq, ts, account, instrument, and the kind's fields; decimals as strings",
        "in the instrument's scales), or CSV with one header row.",
        "The configuration (--config, default the bundled one) names the instruments and their scales;",
        "it must be the one the journal was written with."})
public final class DumpCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption config;

    @Parameters(index = "0", paramLabel = "DIR", description = "Output journal directory.")
    private Path directory;

    @Option(names = "--format", paramLabel = "jsonl|csv", defaultValue = "jsonl",
        description = "jsonl (default) or csv.")
    private String format;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (!"jsonl".equals(format) && !"csv".equals(format)) {
            throw new InputException("--format must be jsonl or csv, not " + format);
        }
        if (!Files.isDirectory(directory)) {
            throw new InputException(directory + " is not a journal directory");
        }
        final LiquidatorConfig cfg = config.load();
        final PrintWriter out = spec.commandLine().getOut();
        try (OutputJournalReader reader = OutputJournalReader.open(directory)) {
            reader.readAll(new EventDumper(cfg, out, "csv".equals(format)));
        }
        out.flush();
        return LiquidatorCli.OK;
    }
}
