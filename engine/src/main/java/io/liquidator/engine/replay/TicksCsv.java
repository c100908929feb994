package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;

import java.nio.file.Path;

/**
 * The Ticks CSV of {@code formats.md}: {@value #HEADER}, {@code ts} in epoch ms, one mark price per
 * row for any configured instrument, rows in {@code ts} order.
 *
 * <p>Refused here, each as one rejection with its line: a wrong field count
 * ({@code MALFORMED_RECORD}), an empty field ({@code MISSING_FIELD}), a timestamp or price that is
 * not a plain decimal ({@code NOT_A_NUMBER}: NaN, Infinity, exponents), a timestamp before the
 * file's clock ({@code TIMESTAMP_BACKWARDS}; the row is skipped and the clock stays), an unknown
 * symbol, a price of zero or below, and a price with more decimals than the instrument's price scale
 * ({@code PRICE_OFF_TICK}). A price at the right scale but off a coarser tick, or above the
 * instrument's maximum, is the engine's to refuse and is passed on (one too large for a long at the
 * price scale cannot be passed on and is refused here, as {@code PRICE_ABOVE_MAXIMUM}).
 *
 * <p>A row whose timestamp parsed and is in order moves the clock even if a later field is bad: its
 * time is good, and the next row must not go back behind it. A row whose timestamp did not parse
 * (or whose field count is wrong) reports the clock, 0 before the file's first good timestamp.
 */
public final class TicksCsv extends CsvRowReader implements TickRows {
    public static final String HEADER = "ts,instrument,mark_price";

    private final LiquidatorConfig config;
    private int instrument;
    private long price;

    private TicksCsv(final CsvLines in, final LiquidatorConfig config) {
        super(in, InputRecords.KIND_MARK_PRICE);
        this.config = config;
    }

    /**
     * Opens the file and checks its header.
     *
     * @throws ReplayFileException if it cannot be opened or its header is not {@value #HEADER}
     */
    public static TicksCsv open(final LiquidatorConfig config, final Path file) {
        final CsvLines in = CsvLines.open(file);
        try {
            requireHeader(in, HEADER);
            return new TicksCsv(in, config);
        } catch (final RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    void decode() {
        if (!fieldCount(3) || !time(0, false)) {
            return;
        }
        final Instrument inst = instrument(1, config);
        if (inst == null) {
            return;
        }
        final long p = price(2, inst);
        if (failed()) {
            return;
        }
        instrument = inst.id();
        price = p;
    }

    @Override
    void emitDecoded(final long inputSeq, final InputHandler handler) {
        handler.onMarkPrice(inputSeq, timestamp(), instrument, price, line());
    }

    @Override
    public int instrument() {
        return instrument;
    }

    @Override
    public long price() {
        return price;
    }
}
