package io.liquidator.engine.cli;

import io.liquidator.engine.app.EngineSession;
import io.liquidator.engine.app.InputCounter;
import io.liquidator.engine.config.EngineSection;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.demo.DemoChart;
import io.liquidator.engine.demo.JournalSummary;
import io.liquidator.engine.demo.MarkPath;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.journal.InputHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code liquidator compare}: the what-if replay. The same history (the formats.md CSVs, as
 * {@code replay} reads them) runs through the engine once per configuration, one after the other,
 * each through its own {@link EngineSession} and output journal; each journal is then read back
 * ({@link JournalSummary}) and the figures are printed side by side ({@link CompareReport}), and
 * drawn ({@link DemoChart}: the mark price with each run's liquidations, the fund's balance with one
 * line per run).
 *
 * <p>What varies between the runs is either the whole configuration ({@code --config A.yaml
 * --config B.yaml}: bracket tables, and the margin-call levels, policy and fund of their
 * {@code engine:} sections) or only the partial-liquidation policy ({@code --policy P1 --policy
 * P2} on one configuration). Everything else is the same for every run: the input files and the
 * command line's {@code --insurance-fund}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"What-if replay: runs the same history through the engine under two or",
        "more configurations, one after the other, each with its own output",
        "journal, and prints the journals' figures side by side: accounts",
        "margin-called, partially and fully liquidated, liquidated notional, the",
        "insurance fund's lowest and end balance, the shortfall it paid for",
        "bankrupt positions, and ADL fills. Writes a PNG of the mark price with",
        "each run's liquidations and the fund's balance, one line per run.",
        "",
        "What varies is either the configuration (--config A.yaml --config",
        "B.yaml: bracket tables, and the levels, policy and fund of their engine:",
        "sections) or the policy on one configuration (--policy full --policy",
        "tier_step_down, with at most one --config; without one, the bundled",
        "default). The runs are named A, B, ... in the order given.",
        ""},
    footer = {"", "Examples:",
        "  liquidator compare --positions positions.csv --ticks ticks.csv \\",
        "      --config binance.yaml --config strict.yaml --insurance-fund USDT=1000000",
        "  liquidator compare --positions positions.csv --ticks ticks.csv \\",
        "      --policy full --policy tier_step_down --out compare-run%n"})
public final class CompareCommand implements Callable<Integer> {
    /** The name of the picture in {@code --out DIR} (or the current directory) without {@code --chart}. */
    static final String CHART = "compare.png";
    private static final long DAY_MS = 24L * 3600 * 1000;

    @Mixin
    private ReplayInputOptions files;

    @Option(names = "--config", paramLabel = "FILE",
        description = "A configuration to run under (repeatable: give two or more to compare them).")
    private List<Path> configs = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "NAME",
        description = "A partial-liquidation policy to run under, replacing the configuration's: full, tier_step_down"
            + " or fixed_fraction (20 %% every 30 s) (repeatable: give two or more to compare them).")
    private List<String> policies = new ArrayList<>();

    @Option(names = "--insurance-fund", paramLabel = "ASSET=AMOUNT",
        description = "Opening balance of the insurance fund in a settlement asset for every run, e.g. USDT=50000000"
            + " (repeatable; overrides a configuration's engine.insurance_fund for that asset; default 0).")
    private List<String> insuranceFund = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
        description = "Keep each run's output journal in DIR/A, DIR/B, ... (DIR new or empty) and write the picture"
            + " there. Default: journals in a temporary directory, deleted at the end.")
    private Path out;

    @Option(names = "--chart", paramLabel = "FILE",
        description = "Where the PNG goes (default: " + CHART + " in --out DIR, else in the current directory).")
    private Path chart;

    @Spec
    private CommandSpec spec;

    /**
     * One run: its name, its configuration (where it came from, and the shorter name the table
     * shows), and the policy that replaces the configuration's (or null).
     */
    record Variant(String label, String configName, String shortName, LiquidatorConfig config,
                   EngineSection.Policy policy) {
    }

    /** What one run produced, read back from its journal. */
    record Result(Variant variant, EngineSettings settings, String policy, JournalSummary summary, long inputs,
                  long elapsedNanos, MarkRecorder marks) {
    }

    @Override
    public Integer call() throws IOException {
        final List<Variant> variants = variants();
        if (!files.positionsGiven()) {
            throw new InputException("--positions FILE is required: the accounts whose fate the runs compare");
        }
        if (out != null) {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new InputException("--out " + out + " is a file, not a directory");
            }
            if (Files.isDirectory(out) && !isEmpty(out)) {
                throw new InputException(out + " is not empty: compare writes a new output journal per run there");
            }
        }
        final Path picture = chart != null ? chart : (out != null ? out.resolve(CHART) : Path.of(CHART));
        if (Files.isDirectory(picture)) {
            throw new InputException("--chart " + picture + " is a directory; give a file name such as " + CHART);
        }
        final PrintWriter o = spec.commandLine().getOut();
        final Path work = out != null ? Files.createDirectories(out) : Files.createTempDirectory("liquidator-compare-");
        try {
            o.println("compare: the same input under " + variants.size() + " configurations");
            for (final Variant v : variants) {
                o.println("  " + v.label() + "           " + v.configName()
                    + (v.policy() == null ? "" : ", policy " + v.policy().description()));
            }
            final List<Result> results = new ArrayList<>();
            for (final Variant v : variants) {
                if (!results.isEmpty()) {
                    checkInstruments(v, results.get(0).marks(), variants.get(0).config());
                }
                results.add(run(v, work.resolve(v.label()), results.isEmpty(), o));
            }
            final MarkRecorder marks = results.get(0).marks();
            final Chosen chosen = choose(marks, results);
            String pictureError = null;
            try {
                drawChart(picture, chosen, marks, results);
            } catch (final IOException | RuntimeException | LinkageError e) {
                pictureError = e.toString();
            }
            CompareReport.print(o, results);
            o.println("  journals    " + (out == null ? "written to a temporary directory and deleted (--out DIR keeps"
                + " them)" : work.toAbsolutePath().normalize() + "/{" + String.join(",", variants.stream()
                .map(Variant::label).toList()) + "}  (liquidator dump DIR)"));
            o.println("  chart       " + (pictureError == null ? picture.toAbsolutePath().normalize()
                + "  (mark price of " + chosen.symbol() + " with each run's liquidations; insurance fund "
                + chosen.asset() + ", one line per run)" : "not written: " + pictureError));
            o.flush();
            return LiquidatorCli.OK;
        } finally {
            if (out == null) {
                deleteRecursively(work);
            }
        }
    }

    /** The runs the command line asks for, or the one-line reason it does not make a comparison. */
    private List<Variant> variants() {
        if (configs.size() >= 2 && !policies.isEmpty()) {
            throw new InputException("compare either two or more --config files or two or more --policy names on one"
                + " configuration, not both");
        }
        if (policies.size() == 1) {
            throw new InputException("one --policy has nothing to compare with: give two or more, e.g. --policy full"
                + " --policy tier_step_down");
        }
        if (configs.size() < 2 && policies.isEmpty()) {
            throw new InputException("compare needs two configurations to compare: --config A.yaml --config B.yaml,"
                + " or two policies on one configuration: --policy full --policy tier_step_down");
        }
        final int n = Math.max(configs.size(), policies.size());
        if (n > DemoChart.MAX_RUNS) {
            throw new InputException("compare runs at most " + DemoChart.MAX_RUNS + " configurations at a time, not " + n);
        }
        final List<Variant> variants = new ArrayList<>();
        if (policies.isEmpty()) {
            // the table names a file by its name, unless two files of the same name are compared
            final long names = configs.stream().map(CompareCommand::fileName).distinct().count();
            for (int k = 0; k < n; k++) {
                final Path file = configs.get(k);
                variants.add(new Variant(label(k), file.toString(), names == n ? fileName(file) : file.toString(),
                    LiquidatorConfig.load(file), null));
            }
            return variants;
        }
        final LiquidatorConfig config = configs.isEmpty() ? LiquidatorConfig.bundledDefault()
            : LiquidatorConfig.load(configs.get(0));
        final String name = configs.isEmpty() ? "bundled default" : configs.get(0).toString();
        final String shortName = configs.isEmpty() ? name : fileName(configs.get(0));
        for (int k = 0; k < n; k++) {
            final EngineSection.Policy policy;
            try {
                policy = EngineSection.policy(policies.get(k));
            } catch (final IllegalArgumentException e) {
                throw new InputException("--policy: " + e.getMessage());
            }
            variants.add(new Variant(label(k), name, shortName, config, policy));
        }
        return variants;
    }

    private static String fileName(final Path file) {
        final Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    private static String label(final int k) {
        return String.valueOf((char) ('A' + k));
    }

    /** Every instrument the ticks mark under the first configuration must exist, by symbol, in this one too. */
    private static void checkInstruments(final Variant v, final MarkRecorder marks, final LiquidatorConfig first) {
        for (final int id : marks.instruments()) {
            final String symbol = first.instrument(id).symbol();
            if (v.config().instrument(symbol).isEmpty()) {
                throw new InputException(v.label() + " (" + v.configName() + ") has no instrument " + symbol
                    + ", which the ticks mark: every configuration must define the instruments of the input");
            }
        }
    }

    /** One run through its own session and journal; the first also records the marks and reports what it read. */
    private Result run(final Variant v, final Path journal, final boolean first, final PrintWriter report) {
        final EngineOptions options = EngineOptions.of(v.config(), insuranceFund, v.policy());
        final EngineSettings settings;
        try {
            settings = options.settings();
        } catch (final InputException e) {
            throw new InputException(v.label() + " (" + v.configName() + "): " + e.getMessage());
        }
        final long start = System.nanoTime();
        final InputCounter counter;
        final MarkRecorder marks;
        final EngineSession session = EngineSession.options(v.config(), settings).output(journal)
            .waitStrategy(options.waitStrategy()).open();
        try {
            counter = new InputCounter(session.input());
            marks = first ? new MarkRecorder(counter) : null;
            final InputHandler in = first ? marks : counter;
            // the files are the same for every run: what was read is reported once
            files.replay(v.config(), in, first ? report : new PrintWriter(Writer.nullWriter()));
        } finally {
            session.close();
        }
        if (session.failure() != null) {
            throw new IllegalStateException("the engine stopped during run " + v.label(), session.failure());
        }
        final long elapsed = System.nanoTime() - start;
        final JournalSummary summary = JournalSummary.read(journal, v.config(), settings.insuranceFund());
        return new Result(v, settings, options.policy().description(), summary, counter.total(), elapsed, marks);
    }

    /** The instrument the picture shows: the one with the most liquidations over all runs (ties: the first marked). */
    record Chosen(String symbol, String asset) {
    }

    private static Chosen choose(final MarkRecorder marks, final List<Result> results) {
        final LiquidatorConfig first = results.get(0).variant().config();
        final List<String> symbols = new ArrayList<>();
        for (final int id : marks.instruments()) {
            symbols.add(first.instrument(id).symbol());
        }
        if (symbols.isEmpty()) {
            symbols.add(first.instrument(0).symbol());
        }
        final Comparator<String> byLiquidations = Comparator.comparingLong(symbol -> results.stream()
            .mapToLong(r -> r.summary().liquidations().stream()
                .filter(l -> r.variant().config().instrument(l.instrument()).symbol().equals(symbol)).count())
            .sum());
        String best = symbols.get(0);
        for (final String s : symbols) {
            if (byLiquidations.compare(s, best) > 0) {
                best = s;
            }
        }
        return new Chosen(best, first.instrument(best).orElseThrow().settlementAsset());
    }

    private static void drawChart(final Path file, final Chosen chosen, final MarkRecorder marks,
                                  final List<Result> results) throws IOException {
        final LiquidatorConfig first = results.get(0).variant().config();
        final Instrument pathInstrument = first.instrument(chosen.symbol()).orElseThrow();
        final MarkPath path = marks.path(pathInstrument.id());
        final List<DemoChart.Run> runs = new ArrayList<>();
        final StringBuilder title = new StringBuilder("liquidator compare: ").append(chosen.symbol());
        for (final Result r : results) {
            final Optional<Instrument> inst = r.variant().config().instrument(chosen.symbol());
            runs.add(new DemoChart.Run(r.variant().label(), r.summary(), inst.orElseThrow()));
            title.append(r == results.get(0) ? ", " : " vs ").append(r.variant().label()).append(" = ")
                .append(r.variant().policy() != null ? r.policy() : r.variant().shortName());
        }
        final boolean multiDay = path.ticks() > 0 && path.markTime(path.ticks() - 1) - path.markTime(0) > DAY_MS;
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        DemoChart.write(file, title.toString(), path, pathInstrument, runs, multiDay);
    }

    private static boolean isEmpty(final Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteRecursively(final Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final IOException | UncheckedIOException e) {
            // a temporary directory left behind is not worth failing the comparison for
        }
    }
}
