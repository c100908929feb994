package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;

import java.nio.file.Path;

/**
 * The Positions CSV of {@code formats.md}: {@value #HEADER}. A row is the account's new position in
 * the instrument (its state, not a delta); quantity 0 closes it.
 *
 * <p>Values take the instrument's scales: {@code qty} its quantity scale, {@code entry_price} its
 * price scale, {@code isolated_margin} the balance scale of its settlement asset. {@code side} is
 * {@code long} or {@code short} and {@code margin_mode} {@code isolated} or {@code cross} (exact,
 * lower case; anything else is {@code MALFORMED_RECORD}); {@code isolated_margin} is required for
 * isolated and must be empty for cross ({@code MALFORMED_RECORD} otherwise).
 *
 * <p>A closing row (qty 0) still needs a valid side and mode, but its {@code entry_price} and
 * {@code isolated_margin} are not read (they may be empty): the engine ignores them for a close, and
 * refusing a close over a leftover value would leave a position open that the user meant to end.
 *
 * <p>Refused here besides the shared rules of {@link TicksCsv}: a negative quantity
 * ({@code NEGATIVE_QUANTITY}), one with more decimals than the quantity scale
 * ({@code QUANTITY_OFF_STEP}), a negative margin ({@code NEGATIVE_MARGIN}), a margin with more
 * decimals than the balance scale ({@code NOT_A_NUMBER}: no code names that, and it is not a number
 * the asset can hold), an account that is not an integer ({@code NOT_A_NUMBER}), and amounts too
 * large for a long ({@code ARITHMETIC_OVERFLOW}; a price: {@code PRICE_ABOVE_MAXIMUM}). A quantity
 * at the right scale but off a coarser step, and leverage limits, are the engine's.
 */
public final class PositionsCsv extends CsvRowReader {
    public static final String HEADER = "ts,account,instrument,side,qty,entry_price,margin_mode,isolated_margin";

    private final LiquidatorConfig config;
    private long account;
    private int instrument;
    private int side;
    private long qty;
    private long entryPrice;
    private boolean cross;
    private long isolatedMargin;

    private PositionsCsv(final CsvLines in, final LiquidatorConfig config) {
        super(in, InputRecords.KIND_POSITION);
        this.config = config;
    }

    /**
     * Opens the file and checks its header.
     *
     * @throws ReplayFileException if it cannot be opened or its header is not {@value #HEADER}
     */
    public static PositionsCsv open(final LiquidatorConfig config, final Path file) {
        final CsvLines in = CsvLines.open(file);
        try {
            requireHeader(in, HEADER);
            return new PositionsCsv(in, config);
        } catch (final RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    void decode() {
        if (!fieldCount(8) || !time(0, false)) {
            return;
        }
        final long acct = integer(1);
        if (failed()) {
            return;
        }
        final Instrument inst = instrument(2, config);
        if (inst == null) {
            return;
        }
        final int s = side(3);
        if (failed()) {
            return;
        }
        final long q = decimal(4, inst.qtyScale(), Rejections.NEGATIVE_QUANTITY, Rejections.QUANTITY_OFF_STEP,
            Rejections.ARITHMETIC_OVERFLOW);
        if (failed()) {
            return;
        }
        final boolean close = q == 0;
        final long entry = close ? 0 : price(5, inst);
        if (failed()) {
            return;
        }
        final boolean isCross = cross(6);
        if (failed()) {
            return;
        }
        long margin = 0;
        if (!close) {
            if (isCross) {
                if (!in.isEmpty(7)) {
                    reject(Rejections.MALFORMED_RECORD);
                    return;
                }
            } else {
                margin = decimal(7, inst.balanceScale(), Rejections.NEGATIVE_MARGIN, Rejections.NOT_A_NUMBER,
                    Rejections.ARITHMETIC_OVERFLOW);
                if (failed()) {
                    return;
                }
            }
        }
        account = acct;
        instrument = inst.id();
        side = s;
        qty = q;
        entryPrice = entry;
        cross = isCross;
        isolatedMargin = margin;
    }

    private int side(final int field) {
        if (in.isEmpty(field)) {
            reject(Rejections.MISSING_FIELD);
            return 0;
        }
        if (in.fieldEquals(field, "long")) {
            return InputRecords.SIDE_LONG;
        }
        if (in.fieldEquals(field, "short")) {
            return InputRecords.SIDE_SHORT;
        }
        reject(Rejections.MALFORMED_RECORD);
        return 0;
    }

    private boolean cross(final int field) {
        if (in.isEmpty(field)) {
            return reject(Rejections.MISSING_FIELD);
        }
        if (in.fieldEquals(field, "cross")) {
            return true;
        }
        if (!in.fieldEquals(field, "isolated")) {
            reject(Rejections.MALFORMED_RECORD);
        }
        return false;
    }

    @Override
    void emitDecoded(final long inputSeq, final InputHandler handler) {
        handler.onPosition(inputSeq, timestamp(), account, instrument, side, qty, entryPrice, cross, isolatedMargin,
            line());
    }
}
