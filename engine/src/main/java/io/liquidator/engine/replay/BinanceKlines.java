package io.liquidator.engine.replay;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.money.Decimals;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;

import java.nio.file.Path;

/**
 * Binance kline files from data.binance.vision (klines and mark-price klines, USD-M, COIN-M and
 * spot) read as mark prices for one instrument, which the caller names (the files do not).
 *
 * <p>Layouts: Binance's 12 columns
 * {@code open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore},
 * or the 5-column extract {@code ts,open,high,low,close} (as in {@code shared/data}); with or
 * without a header row (a first line whose first field is not an integer is a header and must name
 * those columns). Times are epoch ms, or µs (newer spot files) when {@code >= 10^14}, floored to ms.
 *
 * <p>A bar becomes four ticks, all with the row's line, so a file of n good bars gives exactly 4n
 * ticks (a point equal to the one before is kept):
 * <pre>
 *   open_time + 0              open
 *   open_time + span/4         high if the bar fell (close &lt; open), else low
 *   open_time + span/2         low  if the bar fell,                 else high
 *   open_time + span − span/4  close
 * </pre>
 * (integer division) where {@code span = close_time − open_time + 1}, or 60 000 ms for the 5-column
 * layout, which has no close time: a 1-minute bar gives +0, +15 s, +30 s, +45 s. This is the conventional
 * path through a bar (the extreme nearer the open comes first); the true order inside the minute is
 * not in the data, so a liquidation replayed from klines is exact about prices and approximate about
 * when inside the minute they were reached. A flat bar (close = open) takes the rising order. The
 * direction is judged on the prices as converted.
 *
 * <p>Prices are rounded to the instrument's tick, half up (Binance mark prices carry 8 decimals,
 * finer than any tick): a conversion, not a rejection, counted in {@link #pricesRounded()} so that
 * a report can say how many prices were moved. Refused rows, one rejection each with the line: a
 * field count other than 5 or 12, an empty, non-numeric (NaN…), zero or negative price or time, a
 * close time before the open, high below open/close or low above them ({@code MALFORMED_RECORD}),
 * and a bar that starts before the previous bar's last tick ({@code TIMESTAMP_BACKWARDS}: a
 * duplicate or out-of-order bar).
 */
public final class BinanceKlines extends CsvRowReader implements TickRows {
    /** Bar length assumed by the 5-column layout, which has no close time. */
    public static final long DEFAULT_SPAN_MS = 60_000;
    /** Ticks per bar. */
    public static final int POINTS = 4;

    private static final String EXPECTED = "open_time,open,high,low,close,volume,close_time,... (Binance klines)"
        + " or ts,open,high,low,close";

    private final Instrument inst;
    private final long[] times = new long[POINTS];
    private final long[] prices = new long[POINTS];
    private int point = POINTS - 1;

    private BinanceKlines(final CsvLines in, final Instrument inst) {
        super(in, InputRecords.KIND_MARK_PRICE);
        this.inst = inst;
    }

    /**
     * Opens the file and checks its header if it has one.
     *
     * @throws ReplayFileException if it cannot be opened or its first line is neither a bar nor a kline header
     */
    public static BinanceKlines open(final Instrument instrument, final Path file) {
        final CsvLines in = CsvLines.open(file);
        try {
            if (in.next()) {
                if (isInteger(in, 0)) {
                    in.pushBack();
                } else if (!isHeader(in)) {
                    throw wrongHeader(in, EXPECTED);
                }
            }
            return new BinanceKlines(in, instrument);
        } catch (final RuntimeException e) {
            in.close();
            throw e;
        }
    }

    static boolean isInteger(final CsvLines in, final int field) {
        return Decimals.parsePlain(in.text(), in.start(field), in.end(field), 0)
            != Decimals.INVALID;
    }

    private static boolean isHeader(final CsvLines in) {
        final int n = in.fields();
        if (n != 5 && n != 12) {
            return false;
        }
        final boolean names = (in.fieldEquals(0, "open_time") || in.fieldEquals(0, "ts")) && in.fieldEquals(1, "open")
            && in.fieldEquals(2, "high") && in.fieldEquals(3, "low") && in.fieldEquals(4, "close");
        return names && (n == 5 || in.fieldEquals(6, "close_time"));
    }

    @Override
    void decode() {
        final int n = in.fields();
        if (n != 5 && n != 12) {
            reject(Rejections.MALFORMED_RECORD);
            return;
        }
        if (!time(0, true)) {
            return;
        }
        final long open = timestamp();
        final long o = roundedPrice(1, inst);
        if (failed()) {
            return;
        }
        final long h = roundedPrice(2, inst);
        if (failed()) {
            return;
        }
        final long l = roundedPrice(3, inst);
        if (failed()) {
            return;
        }
        final long c = roundedPrice(4, inst);
        if (failed()) {
            return;
        }
        long span = DEFAULT_SPAN_MS;
        if (n == 12) {
            final long close = epochMillis(6, true);
            if (failed()) {
                return;
            }
            span = close - open + 1;
            if (span < POINTS) {
                reject(Rejections.MALFORMED_RECORD);
                return;
            }
        }
        if (h < Math.max(o, c) || l > Math.min(o, c)) {
            reject(Rejections.MALFORMED_RECORD);
            return;
        }
        final boolean fell = c < o;
        times[0] = open;
        times[1] = open + span / 4;
        times[2] = open + span / 2;
        times[3] = open + span - span / 4;
        prices[0] = o;
        prices[1] = fell ? h : l;
        prices[2] = fell ? l : h;
        prices[3] = c;
        point = 0;
    }

    @Override
    boolean nextOfRow() {
        if (point + 1 >= POINTS) {
            return false;
        }
        point++;
        moveTime(times[point]);
        return true;
    }

    @Override
    void emitDecoded(final long inputSeq, final InputHandler handler) {
        handler.onMarkPrice(inputSeq, timestamp(), inst.id(), prices[point], line());
    }

    @Override
    public int instrument() {
        return inst.id();
    }

    @Override
    public long price() {
        return prices[point];
    }
}
