package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.demo.DemoReport;
import io.liquidator.engine.demo.DemoRun;
import io.liquidator.engine.money.Decimals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code liquidator demo}: the engine on a real crash with no set-up. It needs no arguments: the
 * market (Binance BTCUSDT 1-minute bars of 2021-05-19) is bundled, the book is generated from a
 * seed, and the run goes through the same pipeline and journal as {@code run} and {@code replay}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Replays the crash of 2021-05-19 (Binance BTCUSDT 1-minute bars, bundled:",
        "43.6k -> 28.7k -> 36.5k) against a generated book of isolated and cross",
        "accounts, long and short, 2-125x, through the real pipeline and a Chronicle",
        "output journal; prints what happened, read back from the journal, and draws",
        "it to demo.png. --simulated swaps in a synthetic market of any length.", ""})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--accounts", paramLabel = "N", defaultValue = "20000",
        description = "Accounts in the generated book, one BTCUSDT position each (default ${DEFAULT-VALUE}).")
    private int accounts;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20210519",
        description = "Seed of the book (and of a simulated market): the same seed, the same run (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--bars", paramLabel = "N",
        description = "Replay only the first N one-minute bars of the real market (default: all 975).")
    private Integer bars;

    @Option(names = "--simulated",
        description = "A clearly labelled synthetic market (random walk with a crash of about 35 %%) instead of the real one.")
    private boolean simulated;

    @Option(names = "--minutes", paramLabel = "N",
        description = "Length of the simulated market in one-minute bars (default 1440; with --simulated).")
    private Integer minutes;

    @Option(names = "--insurance-fund", paramLabel = "USDT",
        description = "Opening insurance fund in USDT (default: 0.5 %% of the book's notional at entry).")
    private String insuranceFund;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
        description = "Where demo.png goes (default: the current directory), and the kept run with --keep.")
    private Path out;

    @Option(names = "--keep",
        description = "Keep the inputs and the output journal in DIR/liquidator-demo instead of deleting them.")
    private boolean keep;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (accounts < 1 || accounts > 1_000_000) {
            throw new InputException("--accounts must be 1 to 1,000,000, not " + accounts);
        }
        if (bars != null && simulated) {
            throw new InputException("--bars is for the real market; use --minutes with --simulated");
        }
        if (minutes != null && !simulated) {
            throw new InputException("--minutes needs --simulated (the real market has 975 bars; --bars N shortens it)");
        }
        if (bars != null && (bars < 1 || bars > 975)) {
            throw new InputException("--bars must be 1 to 975, not " + bars);
        }
        if (minutes != null && (minutes < 1 || minutes > 10_000_000)) {
            throw new InputException("--minutes must be 1 to 10,000,000, not " + minutes);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InputException("--out " + out + " is a file, not a directory");
        }
        final DemoRun.Options o = new DemoRun.Options().accounts(accounts).seed(seed).out(out).keep(keep)
            .insuranceFund(fund());
        if (simulated) {
            o.simulated(minutes == null ? 1440 : minutes);
        } else if (bars != null) {
            o.bars(bars);
        }
        // a progress bar only on a terminal; plain lines when the output is captured
        if (System.console() != null) {
            o.terminal(System.out);
        }
        if (keep && isNonEmptyDirectory(out.resolve(DemoRun.KEPT_DIR))) {
            throw new InputException(out.resolve(DemoRun.KEPT_DIR) + " already holds a kept run: remove it or choose"
                + " another --out");
        }
        final PrintWriter w = spec.commandLine().getOut();
        DemoReport.print(w, DemoRun.run(o, w));
        return LiquidatorCli.OK;
    }

    private static boolean isNonEmptyDirectory(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private Long fund() {
        if (insuranceFund == null) {
            return null;
        }
        final long v;
        try {
            v = Decimals.parse(insuranceFund, LiquidatorConfig.bundledDefault().assets().get("USDT"));
        } catch (final IllegalArgumentException e) {
            throw new InputException("--insurance-fund " + insuranceFund + ": " + e.getMessage());
        }
        if (v < 0) {
            throw new InputException("--insurance-fund must not be negative");
        }
        return v;
    }
}
