package io.liquidator.engine.replay;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;

import java.nio.file.Path;

/**
 * Binance aggTrades files from data.binance.vision read as mark prices for one instrument, which
 * the caller names: each trade's price becomes a tick at its {@code transact_time}.
 *
 * <p>Layout {@value #HEADER} (futures, with that header row) or the same plus
 * {@code is_best_match} (spot, no header): 7 or 8 columns, with or without a header row (a first
 * line whose first field is not an integer is a header and must be one of those two). Only
 * {@code price} and {@code transact_time} are read. Times are epoch ms, or µs (newer spot files)
 * when {@code >= 10^14}, floored to ms: trades inside one millisecond then share a timestamp and
 * keep their file order.
 *
 * <p>Prices are rounded to the instrument's tick, half up, and counted ({@link #pricesRounded()}):
 * a conversion, not a rejection. A trade price stands in for the mark, which on an exchange is
 * smoothed (index and basis), so a replay from trades reacts to every print; that is the point of
 * replaying them, but it is not the exchange's mark. Refused rows, one rejection each with its
 * line: a field count other than 7 or 8, an empty, non-numeric, zero or negative price or time, and
 * a time before the previous trade's ({@code TIMESTAMP_BACKWARDS}).
 */
public final class BinanceAggTrades extends CsvRowReader implements TickRows {
    public static final String HEADER = "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,"
        + "is_buyer_maker";

    private static final int PRICE = 1;
    private static final int TIME = 5;

    private final Instrument inst;
    private long price;

    private BinanceAggTrades(final CsvLines in, final Instrument inst) {
        super(in, InputRecords.KIND_MARK_PRICE);
        this.inst = inst;
    }

    /**
     * Opens the file and checks its header if it has one.
     *
     * @throws ReplayFileException if it cannot be opened or its first line is neither a trade nor the header
     */
    public static BinanceAggTrades open(final Instrument instrument, final Path file) {
        final CsvLines in = CsvLines.open(file);
        try {
            if (in.next()) {
                if (BinanceKlines.isInteger(in, 0)) {
                    in.pushBack();
                } else if (!in.text().equals(HEADER) && !in.text().equals(HEADER + ",is_best_match")) {
                    throw wrongHeader(in, HEADER + "[,is_best_match]");
                }
            }
            return new BinanceAggTrades(in, instrument);
        } catch (final RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    void decode() {
        final int n = in.fields();
        if (n != 7 && n != 8) {
            reject(Rejections.MALFORMED_RECORD);
            return;
        }
        if (!time(TIME, true)) {
            return;
        }
        final long p = roundedPrice(PRICE, inst);
        if (failed()) {
            return;
        }
        price = p;
    }

    @Override
    void emitDecoded(final long inputSeq, final InputHandler handler) {
        handler.onMarkPrice(inputSeq, timestamp(), inst.id(), price, line());
    }

    @Override
    public int instrument() {
        return inst.id();
    }

    @Override
    public long price() {
        return price;
    }
}
