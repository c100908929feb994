package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liquidator calc}: the exchange-style liquidation calculator. Three forms, chosen by what
 * is given: position flags (one position, a readable table or {@code --json}), {@code --batch FILE}
 * (the JSONL format of {@code formats.md}), or nothing (the bundled example). Kept thin: parsing
 * is {@link PositionParser}, arithmetic {@link Calculator}, output {@link ResultTable} and
 * {@link ResultJson}.
 */
@Command(name = "calc", mixinStandardHelpOptions = true, sortOptions = false,
    headerHeading = "%n", synopsisHeading = "Usage: ",
    description = {
        "Liquidation price, bankruptcy price, tier and maintenance margin of a position, as an exchange's calculator shows them.",
        "Isolated: --isolated-margin backs the position. Cross: the whole --wallet-balance backs this one position.",
        "With no position flags and no --batch, runs a bundled example.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  liquidator calc --instrument BTCUSDT --side long --qty 1.5 \\",
        "      --entry-price 60000 --isolated-margin 3000",
        "  liquidator calc --instrument BTCUSD --side short --qty 1000 \\",
        "      --entry-price 60000 --wallet-balance 0.5 --mark-price 61000",
        "  liquidator calc --batch positions.jsonl > results.jsonl",
        "",
        "Batch input: one JSON object per line, decimals as JSON strings:",
        "  {\"id\":\"p1\",\"instrument\":\"BTCUSDT\",\"side\":\"long\",\"qty\":\"1.5\",",
        "   \"entry_price\":\"60000\",\"margin_mode\":\"isolated\",",
        "   \"isolated_margin\":\"3000\",\"mark_price\":\"59000\"}",
        "  margin_mode cross takes wallet_balance instead of isolated_margin;",
        "  mark_price is optional.",
        "Batch output: one line per input line, in order:",
        "  {\"id\":\"p1\",\"liquidation_price\":\"58258.0\",\"bankruptcy_price\":\"58000.0\",",
        "   \"tier\":2,\"maintenance_margin\":\"386.935\",\"margin_ratio\":\"0.26166667\"}",
        "  or {\"id\":\"p1\",\"error\":\"line 1: ...\"} (the other lines still run).",
        "  tier and maintenance_margin are taken at the liquidation price;",
        "  margin_ratio = maintenance margin / margin balance at mark_price",
        "  (1 = 100%%: liquidation). null: no liquidation price, or no mark.",
        "",
        "Exit codes: 0 ok, 1 bad input or configuration, 2 usage error,",
        "3 internal error."})
public final class CalcCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption config;

    @Option(names = "--instrument", paramLabel = "SYMBOL", description = "Instrument symbol, e.g. BTCUSDT, ETHUSDT, BTCUSD.")
    private String instrument;

    @Option(names = "--side", paramLabel = "long|short", description = "Position side.")
    private String side;

    @Option(names = "--qty", paramLabel = "QTY", description = "Position size: base units (linear) or contracts (inverse), on the step.")
    private String qty;

    @Option(names = "--entry-price", paramLabel = "PRICE", description = "Entry price, on the tick.")
    private String entryPrice;

    @Option(names = "--isolated-margin", paramLabel = "AMOUNT", description = "Isolated margin, in the settlement asset.")
    private String isolatedMargin;

    @Option(names = "--wallet-balance", paramLabel = "AMOUNT", description = "Cross margin: wallet balance backing this position.")
    private String walletBalance;

    @Option(names = "--mark-price", paramLabel = "PRICE", description = "Optional: also report the margin ratio at this mark.")
    private String markPrice;

    @Option(names = "--json", description = "Print the batch output object instead of the table.")
    private boolean json;

    @Option(names = "--batch", paramLabel = "FILE.jsonl", description = "Calculate every line of a JSONL file ('-' reads standard input).")
    private String batch;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        final Map<InputField, String> flags = positionFlags();
        final LiquidatorConfig cfg = config.load();
        if (batch != null) {
            if (!flags.isEmpty()) {
                throw new InputException("--batch cannot be combined with position flags (" + labels(flags) + ")");
            }
            runBatch(cfg, out);
        } else if (flags.isEmpty()) {
            if (config.given()) {
                throw new InputException("nothing to calculate: " + cfg.source() + " is valid ("
                    + String.join(", ", cfg.instruments().stream().map(i -> i.symbol()).toList())
                    + "); give position flags or --batch FILE (the bundled example runs on the bundled configuration only)");
            }
            BundledExample.print(out, json);
        } else {
            runSingle(cfg, flags, out);
        }
        return 0;
    }

    private Map<InputField, String> positionFlags() {
        final Map<InputField, String> m = new EnumMap<>(InputField.class);
        put(m, InputField.INSTRUMENT, instrument);
        put(m, InputField.SIDE, side);
        put(m, InputField.QTY, qty);
        put(m, InputField.ENTRY_PRICE, entryPrice);
        put(m, InputField.ISOLATED_MARGIN, isolatedMargin);
        put(m, InputField.WALLET_BALANCE, walletBalance);
        put(m, InputField.MARK_PRICE, markPrice);
        return m;
    }

    private static void put(final Map<InputField, String> m, final InputField f, final String v) {
        if (v != null) {
            m.put(f, v);
        }
    }

    private static String labels(final Map<InputField, String> flags) {
        final List<String> names = new ArrayList<>();
        flags.keySet().forEach(f -> names.add(f.label(true)));
        return String.join(", ", names);
    }

    private void runSingle(final LiquidatorConfig cfg, final Map<InputField, String> flags, final PrintWriter out) {
        final Position p = new PositionParser(cfg, true).parse(flags);
        final CalcResult r = new Calculator().compute(p);
        if (json) {
            out.println(ResultJson.result(RequestId.NONE, p, r));
        } else {
            ResultTable.print(out, "", p, r);
        }
    }

    private void runBatch(final LiquidatorConfig cfg, final PrintWriter out) throws IOException {
        final BatchCalculator.Sink sink = new BatchCalculator.Sink() {
            @Override
            public void result(final RequestId id, final Position p, final CalcResult r) {
                out.println(ResultJson.result(id, p, r));
            }

            @Override
            public void error(final RequestId id, final String message) {
                out.println(ResultJson.error(id, message));
            }
        };
        final BatchCalculator calc = new BatchCalculator(cfg);
        if ("-".equals(batch)) {
            calc.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), sink);
            return;
        }
        final BufferedReader reader;
        try {
            reader = Files.newBufferedReader(Path.of(batch), StandardCharsets.UTF_8);
        } catch (final NoSuchFileException e) {
            throw new InputException("--batch " + Display.echo(batch) + ": no such file");
        } catch (final IOException | RuntimeException e) {
            throw new InputException("--batch " + Display.echo(batch) + ": cannot read (" + e.getMessage() + ")");
        }
        try (reader) {
            calc.run(reader, sink);
        } catch (final IOException | java.io.UncheckedIOException e) {
            throw new InputException("--batch " + Display.echo(batch) + ": read failed (" + e.getMessage() + ")");
        }
    }
}
