package io.liquidator.engine.cli;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.replay.CsvReplaySource;
import io.liquidator.engine.replay.ReplayFileException;
import io.liquidator.engine.replay.ReplaySummary;
import io.liquidator.engine.replay.TickFormat;
import io.liquidator.journal.InputHandler;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The plain-text inputs of formats.md and the Binance public-data files, shared by {@code replay}
 * and {@code import}: {@code --ticks FILE [--ticks-format F --instrument SYMBOL] [--positions FILE]
 * [--wallets FILE]}.
 */
public final class ReplayInputOptions {
    @Option(names = "--ticks", paramLabel = "FILE", description = "Mark prices: formats.md ticks CSV, or a Binance file with --ticks-format.")
    private Path ticks;

    @Option(names = "--ticks-format", paramLabel = "FORMAT", defaultValue = "csv",
        description = "csv (default: ts,instrument,mark_price), binance-klines (kline or mark-price-kline CSV; each bar"
            + " becomes open, high/low, close), binance-aggtrades (a tick per trade).")
    private String ticksFormat;

    @Option(names = "--instrument", paramLabel = "SYMBOL", description = "The instrument a Binance file's prices are for.")
    private String instrument;

    @Option(names = "--positions", paramLabel = "FILE", description = "Positions CSV (formats.md).")
    private Path positions;

    @Option(names = "--wallets", paramLabel = "FILE", description = "Cross wallets CSV (formats.md).")
    private Path wallets;

    boolean any() {
        return ticks != null || positions != null || wallets != null;
    }

    /** Whether {@code --positions FILE} was given. */
    boolean positionsGiven() {
        return positions != null;
    }

    /** {@code --in FILE.csv}: the same as {@code --ticks FILE.csv}. */
    void ticksFromIn(final Path file) {
        if (ticks != null) {
            throw new InputException("--in FILE and --ticks FILE exclude each other");
        }
        ticks = file;
    }

    private TickFormat format() {
        final String f = ticksFormat.toUpperCase(Locale.ROOT).replace('-', '_');
        for (final TickFormat t : TickFormat.values()) {
            if (t.name().equals(f)) {
                return t;
            }
        }
        throw new InputException("--ticks-format must be csv, binance-klines or binance-aggtrades, not " + ticksFormat);
    }

    /** Streams the files, merged in time order, into {@code handler}; prints what was read to {@code report}. */
    ReplaySummary replay(final LiquidatorConfig config, final InputHandler handler, final PrintWriter report) {
        if (ticks == null) {
            throw new InputException("--ticks FILE is required");
        }
        final TickFormat format = format();
        if (format.needsInstrument() && instrument == null) {
            throw new InputException("--ticks-format " + ticksFormat + " needs --instrument SYMBOL (the file does not name it)");
        }
        if (!format.needsInstrument() && instrument != null) {
            throw new InputException("--instrument is for Binance files; a ticks CSV names its instruments");
        }
        final ReplaySummary summary;
        try {
            final CsvReplaySource.Builder b = CsvReplaySource.builder(config).ticks(ticks, format, instrument);
            if (positions != null) {
                b.positions(positions);
            }
            if (wallets != null) {
                b.wallets(wallets);
            }
            summary = b.build().run(handler);
        } catch (final ReplayFileException | IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        for (final String line : summary.toString().split("\n")) {
            report.println("  read        " + line.trim());
        }
        return summary;
    }
}
