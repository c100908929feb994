package io.liquidator.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code liquidator bench TARGET [-- ARGS]}: runs one of the project's benchmark scripts
 * ({@code scripts/bench*}, {@code scripts/alloc-guard}) with the arguments after {@code --}, so
 * that the benchmarks have one entry point with the rest of the CLI. The scripts stay the
 * implementation (they build the bench module and set the JVM flags); this only finds and starts
 * them, prints which one, passes their output through and exits with their exit code.
 *
 * <p>The scripts directory: {@code --scripts DIR}, else {@code $LIQUIDATOR_SCRIPTS}, else the
 * {@code scripts/} of the checkout these classes were built in (found from their location), else
 * {@code ./scripts}. A target whose script is not in it is a one-line error (exit 1).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Runs a benchmark script of this checkout and exits with its exit code:",
        "  jmh          scripts/bench          JMH benchmarks of the hot paths (args: a regexp, -p, -f, -prof gc ...)",
        "  latency      scripts/bench-latency  end-to-end latency percentiles, open loop (--smoke: a quick check)",
        "  compare      scripts/bench-compare  side-by-side comparison report in Markdown (--quick: small sizes)",
        "  alloc-guard  scripts/alloc-guard    fails if a hot path allocates (CI gate)",
        "  report       scripts/bench-report   writes the README's benchmark table",
        "Arguments for the script go after '--', e.g. liquidator bench jmh -- TickBenchmark -p positions=1000"},
    footer = {"", "Exit codes: the script's own; 1 if the target or its script is missing."})
public final class BenchCommand implements Callable<Integer> {
    /** Targets and their scripts, in the order --help lists them. */
    static final Map<String, String> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("jmh", "bench");
        TARGETS.put("latency", "bench-latency");
        TARGETS.put("compare", "bench-compare");
        TARGETS.put("alloc-guard", "alloc-guard");
        TARGETS.put("report", "bench-report");
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET",
        description = "jmh, latency, compare, alloc-guard or report (or the script's own name).")
    private String target;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Passed to the script (put them after '--').")
    private List<String> args = new ArrayList<>();

    @Option(names = "--scripts", paramLabel = "DIR",
        description = "The scripts directory (default: $LIQUIDATOR_SCRIPTS, else this checkout's scripts/).")
    private Path scriptsDir;

    @Option(names = "--dry-run", description = "Only print the command that would run.")
    private boolean dryRun;

    @Option(names = "--list", description = "List the targets and whether their scripts are present.")
    private boolean list;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        final Path dir = scripts();
        if (list) {
            for (final Map.Entry<String, String> t : TARGETS.entrySet()) {
                final Path s = dir.resolve(t.getValue());
                out.printf("%-12s %s%s%n", t.getKey(), s, Files.isRegularFile(s) ? "" : "  (missing)");
            }
            out.flush();
            return LiquidatorCli.OK;
        }
        if (target == null) {
            throw new InputException("name a target: " + String.join(", ", TARGETS.keySet())
                + " (see 'liquidator bench --help')");
        }
        final String script = TARGETS.containsKey(target) ? TARGETS.get(target)
            : TARGETS.containsValue(target) ? target : null;
        if (script == null) {
            throw new InputException("unknown target " + target + "; the targets are " + String.join(", ", TARGETS.keySet()));
        }
        final Path file = dir.resolve(script);
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + " not found: this checkout has no '" + target + "' benchmark script (present: "
                + present(dir) + ")");
        }
        final List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(file.toString());
        command.addAll(args);
        out.println("bench: " + (dryRun ? "would run " : "running ") + String.join(" ", command.subList(1, command.size())));
        out.flush();
        if (dryRun) {
            return LiquidatorCli.OK;
        }
        final Process p = new ProcessBuilder(command).directory(dir.toAbsolutePath().getParent().toFile())
            .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.println(line);
                out.flush();
            }
        }
        return p.waitFor();
    }

    private static String present(final Path dir) {
        final List<String> found = new ArrayList<>();
        TARGETS.forEach((t, s) -> {
            if (Files.isRegularFile(dir.resolve(s))) {
                found.add(t);
            }
        });
        return found.isEmpty() ? "none" : String.join(", ", found);
    }

    /** --scripts, $LIQUIDATOR_SCRIPTS, the checkout these classes came from, or ./scripts. */
    private Path scripts() {
        if (scriptsDir != null) {
            if (!Files.isDirectory(scriptsDir)) {
                throw new InputException("--scripts " + scriptsDir + " is not a directory");
            }
            return scriptsDir;
        }
        final String env = System.getenv("LIQUIDATOR_SCRIPTS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        try {
            final var source = BenchCommand.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                for (Path p = Path.of(source.getLocation().toURI()).toAbsolutePath(); p != null; p = p.getParent()) {
                    if (Files.isRegularFile(p.resolve("scripts").resolve("lib.sh"))) {
                        return p.resolve("scripts");
                    }
                }
            }
        } catch (final URISyntaxException | IllegalArgumentException | SecurityException e) {
            // not a file location: fall through to ./scripts
        }
        return Path.of("scripts").toAbsolutePath();
    }
}
