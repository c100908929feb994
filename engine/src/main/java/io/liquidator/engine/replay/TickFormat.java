package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;

import java.nio.file.Path;
import java.util.stream.Collectors;

/** The file formats replay reads ticks from. */
public enum TickFormat {
    /** The project's Ticks CSV ({@link TicksCsv}); the file names its instruments. */
    CSV,
    /** Binance kline or mark-price-kline files ({@link BinanceKlines}): four ticks per bar, one instrument. */
    BINANCE_KLINES,
    /** Binance aggTrades files ({@link BinanceAggTrades}): a tick per trade, one instrument. */
    BINANCE_AGGTRADES;

    /** Whether the caller must name the instrument (the Binance files do not). */
    public boolean needsInstrument() {
        return this != CSV;
    }

    /**
     * Opens a tick file of this format.
     *
     * @param instrument the symbol the file's prices are for: required for the Binance formats, null for CSV
     * @throws IllegalArgumentException if the symbol is missing, unknown, or given for CSV
     * @throws ReplayFileException      if the file cannot be opened or has a wrong header
     */
    public TickRows open(final LiquidatorConfig config, final Path file, final String instrument) {
        final Instrument inst = instrumentFor(config, file, instrument);
        switch (this) {
            case BINANCE_KLINES:
                return BinanceKlines.open(inst, file);
            case BINANCE_AGGTRADES:
                return BinanceAggTrades.open(inst, file);
            default:
                return TicksCsv.open(config, file);
        }
    }

    /** The instrument a file of this format is read for (null for CSV), checked as {@link #open} does. */
    Instrument instrumentFor(final LiquidatorConfig config, final Path file, final String instrument) {
        if (!needsInstrument()) {
            if (instrument != null) {
                throw new IllegalArgumentException(file + ": a ticks CSV names its instruments; give no instrument for it");
            }
            return null;
        }
        if (instrument == null || instrument.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + this + " files do not name their instrument; give one");
        }
        return config.instrument(instrument).orElseThrow(() -> new IllegalArgumentException(
            "unknown instrument " + instrument + " (configured: "
                + config.instruments().stream().map(Instrument::symbol).collect(Collectors.joining(", ")) + ")"));
    }
}
