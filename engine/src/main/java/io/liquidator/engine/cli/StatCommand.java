package io.liquidator.engine.cli;

import io.liquidator.engine.counters.CountersFile;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code liquidator stat FILE}: the live counters of a running {@code liquidator run}, read from its
 * memory-mapped counters file by another process, as Aeron's {@code AeronStat} reads a media
 * driver's. Reading maps the file read-only and costs the engine nothing.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = {"Prints the live counters of a running 'liquidator run' (its --counters file, by default",
        "<out>-counters.dat beside the output journal) as 'name = value' lines: inputs by kind, events by",
        "kind, rejections by reason, open positions, ring capacity, tailer lag, last tick time, snapshots.",
        "Once by default; with --interval, every MS milliseconds until --count reports (0: until stopped).",
        "Exit 1 if the file does not exist or is not a counters file."})
public final class StatCommand implements Callable<Integer> {
    /** A heartbeat older than this means the writer stopped updating without closing the file. */
    private static final long STALE_MILLIS = 5_000;

    @Parameters(index = "0", paramLabel = "FILE", description = "The counters file of a run (run --counters).")
    private Path file;

    @Option(names = "--interval", paramLabel = "MS",
        description = "Print again every MS milliseconds (default: print once).")
    private Long intervalMillis;

    @Option(names = "--count", paramLabel = "N",
        description = "How many reports to print (default 1; with --interval, 0 means until stopped).")
    private Long count;

    @Option(names = "--types", description = "Also print each counter's id and type id (like AeronStat).")
    private boolean types;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (intervalMillis != null && intervalMillis <= 0) {
            throw new InputException("--interval must be a positive number of milliseconds, not " + intervalMillis);
        }
        if (count != null && (count < 0 || count == 0 && intervalMillis == null)) {
            throw new InputException("--count must be positive (0, until stopped, only with --interval), not " + count);
        }
        if (Files.isDirectory(file)) {
            throw new InputException(file + " is a directory; give the counters file of a run (run --counters FILE,"
                + " default <out>-counters.dat)");
        }
        final long reports = count != null ? count : 1;
        final PrintWriter out = spec.commandLine().getOut();
        try (CountersFile counters = open(file)) {
            for (long n = 1; reports == 0 || n <= reports; n++) {
                if (n > 1) {
                    Thread.sleep(intervalMillis == null ? 1000 : intervalMillis);
                    out.println();
                }
                print(counters, out, types);
                out.flush();
            }
        }
        return LiquidatorCli.OK;
    }

    private static CountersFile open(final Path file) {
        try {
            return CountersFile.open(file);
        } catch (final NoSuchFileException e) {
            throw new InputException(file + ": no such counters file (is 'liquidator run' running with this"
                + " --counters file? default <out>-counters.dat)");
        } catch (final IllegalStateException e) {
            throw new InputException(e.getMessage());
        }
    }

    /** The header line, then one {@code name = value} line per counter. */
    static void print(final CountersFile counters, final PrintWriter out, final boolean types) {
        final CountersReader reader = counters.reader();
        out.println("# " + counters.path() + "  pid " + counters.pid() + "  started "
            + Instant.ofEpochMilli(counters.startEpochMillis()) + "  " + state(counters, reader));
        reader.forEach((value, id, label) -> {
            if (types) {
                out.printf(Locale.ROOT, "%-34s = %d  (id %d, type %d)%n", label, value, id, reader.getCounterTypeId(id));
            } else {
                out.printf(Locale.ROOT, "%-34s = %d%n", label, value);
            }
        });
    }

    private static String state(final CountersFile counters, final CountersReader reader) {
        final long closed = counters.closedEpochMillis();
        if (closed != 0) {
            return "stopped at " + Instant.ofEpochMilli(closed);
        }
        final long[] heartbeat = {-1};
        reader.forEach((value, id, label) -> {
            if ("run.heartbeat_epoch_ms".equals(label)) {
                heartbeat[0] = value;
            }
        });
        final long age = heartbeat[0] < 0 ? -1 : System.currentTimeMillis() - heartbeat[0];
        if (ProcessHandle.of(counters.pid()).isEmpty()) {
            return "NOT RUNNING (pid " + counters.pid() + " is gone without closing the file: these are its last values)";
        }
        if (age > STALE_MILLIS) {
            return String.format(Locale.ROOT, "STALE (no heartbeat for %.1f s)", age / 1000.0);
        }
        return age < 0 ? "running" : "running (heartbeat " + age + " ms ago)";
    }
}
