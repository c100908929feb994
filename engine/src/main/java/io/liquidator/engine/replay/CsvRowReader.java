package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.money.Decimals;
import io.liquidator.journal.InputHandler;
import io.liquidator.journal.Rejections;

import java.util.List;

/**
 * What every row reader shares: the file's clock, the current input's outcome, the counters, and
 * the field parsers that turn a bad field into one rejection reason.
 *
 * <p>Why one place: the same field must be refused for the same reason in every format (an empty
 * price is {@code MISSING_FIELD} in a ticks file and in a positions file), and the clock rule
 * (a backwards row is skipped and does not move the clock) must not drift between readers. A row
 * is checked in column order and the first problem found is its one rejection.
 *
 * <p>The parsers record a failure in {@link #rejection} and return a dummy value; a subclass checks
 * {@link #failed()} after each. No exceptions per row: a bad file can be mostly bad rows.
 */
abstract class CsvRowReader implements RowReader {
    /** A Binance timestamp at or above this is in microseconds (ms would be the year 5138). */
    static final long MICROS_FROM = 100_000_000_000_000L;

    final CsvLines in;
    private final byte kind;
    private long clock = Long.MIN_VALUE;
    private long timestamp;
    private long line;
    private int rejection;
    private long rows;
    private long inputs;
    private long rejected;
    private long pricesRounded;
    private int rowRounded;

    CsvRowReader(final CsvLines in, final byte kind) {
        this.in = in;
        this.kind = kind;
    }

    /** Decodes the current line into the subclass's fields, or records a rejection. */
    abstract void decode();

    /** Hands a decoded input to the handler. */
    abstract void emitDecoded(long inputSeq, InputHandler handler);

    /** A row that yields several inputs moves to its next one here (sets the time); false when none is left. */
    boolean nextOfRow() {
        return false;
    }

    @Override
    public final boolean next() {
        if (rejection == 0 && nextOfRow()) {
            inputs++;
            return true;
        }
        if (!in.next()) {
            return false;
        }
        rows++;
        inputs++;
        line = in.lineNumber();
        rejection = 0;
        rowRounded = 0;
        timestamp = clock == Long.MIN_VALUE ? 0 : clock;
        decode();
        if (rejection != 0) {
            rejected++;
        } else {
            pricesRounded += rowRounded;
        }
        return true;
    }

    @Override
    public final void emit(final long inputSeq, final InputHandler handler) {
        if (rejection != 0) {
            handler.onMalformed(inputSeq, timestamp, kind, rejection, line);
        } else {
            emitDecoded(inputSeq, handler);
        }
    }

    @Override
    public final String file() {
        return in.file();
    }

    @Override
    public final byte kind() {
        return kind;
    }

    @Override
    public final long line() {
        return line;
    }

    @Override
    public final long timestamp() {
        return timestamp;
    }

    @Override
    public final long clock() {
        return clock;
    }

    @Override
    public final int rejection() {
        return rejection;
    }

    @Override
    public final long rows() {
        return rows;
    }

    @Override
    public final long inputs() {
        return inputs;
    }

    @Override
    public final long rejected() {
        return rejected;
    }

    @Override
    public final long pricesRounded() {
        return pricesRounded;
    }

    @Override
    public void close() {
        in.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Headers

    /** The first non-blank line must be exactly {@code expected}. */
    static void requireHeader(final CsvLines in, final String expected) {
        if (!in.next()) {
            throw new ReplayFileException(in.file() + ": empty file; expected the header " + expected);
        }
        if (!in.text().equals(expected)) {
            throw wrongHeader(in, expected);
        }
    }

    static ReplayFileException wrongHeader(final CsvLines in, final String expected) {
        String found = in.text();
        if (found.length() > 80) {
            found = found.substring(0, 77) + "...";
        }
        return new ReplayFileException(in.file() + " line " + in.lineNumber() + ": expected the header " + expected
            + ", found " + found);
    }

    // ---------------------------------------------------------------------------------------------
    // Outcome

    /** Records the row's rejection (the first one found stands); returns false for chaining. */
    final boolean reject(final int reason) {
        if (rejection == 0) {
            rejection = reason;
        }
        return false;
    }

    final boolean failed() {
        return rejection != 0;
    }

    /** Moves the time to a later input of the same row (its clock follows). */
    final void moveTime(final long t) {
        timestamp = t;
        clock = t;
    }

    final boolean fieldCount(final int expected) {
        return in.fields() == expected || reject(Rejections.MALFORMED_RECORD);
    }

    // ---------------------------------------------------------------------------------------------
    // Fields

    /**
     * The row's timestamp from {@code field} (epoch ms; with {@code microsToo}, a value of
     * {@link #MICROS_FROM} or more is taken as µs and floored to ms), checked against the clock:
     * in order, it becomes the row's time and the clock; backwards, the row is rejected with it as
     * its time and the clock stays.
     */
    final boolean time(final int field, final boolean microsToo) {
        final long t = epochMillis(field, microsToo);
        if (failed()) {
            return false;
        }
        timestamp = t;
        if (t < clock) {
            return reject(Rejections.TIMESTAMP_BACKWARDS);
        }
        clock = t;
        return true;
    }

    /** A non-negative integer epoch time in ms (see {@link #time}). */
    final long epochMillis(final int field, final boolean microsToo) {
        final long t = integer(field);
        if (failed()) {
            return 0;
        }
        if (t < 0) {
            reject(Rejections.NOT_A_NUMBER);
            return 0;
        }
        return microsToo && t >= MICROS_FROM ? t / 1000 : t;
    }

    /** An integer field (a timestamp, an account). */
    final long integer(final int field) {
        if (in.isEmpty(field)) {
            reject(Rejections.MISSING_FIELD);
            return 0;
        }
        final long v = Decimals.parsePlain(in.text(), in.start(field), in.end(field), 0);
        if (v == Decimals.INVALID) {
            reject(Rejections.NOT_A_NUMBER);
            return 0;
        }
        return v;
    }

    /**
     * A decimal at {@code scale}. {@code negativeReason} refuses a value below zero (0 allows it);
     * {@code offScaleReason} a value with more decimals than the scale; {@code tooLargeReason} one
     * that does not fit a long at the scale. A negative sign is judged before the decimals.
     */
    final long decimal(final int field, final int scale, final int negativeReason, final int offScaleReason,
                       final int tooLargeReason) {
        if (in.isEmpty(field)) {
            reject(Rejections.MISSING_FIELD);
            return 0;
        }
        final String text = in.text();
        final int from = in.start(field);
        final int to = in.end(field);
        final long v = Decimals.parsePlain(text, from, to, scale);
        if (v == Decimals.INVALID) {
            final int problem = Decimals.plainProblem(text, from, to, scale);
            if (problem == Decimals.NOT_PLAIN) {
                reject(Rejections.NOT_A_NUMBER);
            } else if (negativeReason != 0 && text.charAt(from) == '-') {
                reject(negativeReason); // refused and signed: not zero, so below it
            } else {
                reject(problem == Decimals.TOO_MANY_DECIMALS ? offScaleReason : tooLargeReason);
            }
            return 0;
        }
        if (v < 0 && negativeReason != 0) {
            reject(negativeReason);
            return 0;
        }
        return v;
    }

    /**
     * A price written exactly at the instrument's price scale and above zero. Whether it is on a
     * tick coarser than the scale (0.5) or under the maximum is the engine's call.
     */
    final long price(final int field, final Instrument inst) {
        final long p = decimal(field, inst.priceScale(), Rejections.NON_POSITIVE_PRICE, Rejections.PRICE_OFF_TICK,
            Rejections.PRICE_ABOVE_MAXIMUM);
        if (!failed() && p == 0) {
            reject(Rejections.NON_POSITIVE_PRICE);
        }
        return p;
    }

    /**
     * A foreign price converted to the instrument's tick: rounded to the nearest tick, half up, and
     * counted when that changed it (the count is kept only if the row is accepted).
     */
    final long roundedPrice(final int field, final Instrument inst) {
        if (in.isEmpty(field)) {
            reject(Rejections.MISSING_FIELD);
            return 0;
        }
        final String text = in.text();
        final int from = in.start(field);
        final int to = in.end(field);
        final int scale = inst.priceScale();
        final long tick = inst.tickSize();
        long p = Decimals.parsePlain(text, from, to, scale);
        if (p == Decimals.INVALID || p % tick != 0) {
            int problem = Decimals.TOO_LARGE; // an exact value off the tick can only fail to round by overflow
            if (p == Decimals.INVALID) {
                problem = Decimals.plainProblem(text, from, to, scale);
                if (problem == Decimals.NOT_PLAIN) {
                    reject(Rejections.NOT_A_NUMBER);
                    return 0;
                }
                if (text.charAt(from) == '-') {
                    reject(Rejections.NON_POSITIVE_PRICE);
                    return 0;
                }
            }
            p = Decimals.parsePlainRounded(text, from, to, scale, tick);
            if (p == Decimals.INVALID) {
                // too large, or (absurdly) more than 18 decimals beyond the scale
                reject(problem == Decimals.TOO_LARGE ? Rejections.PRICE_ABOVE_MAXIMUM : Rejections.NOT_A_NUMBER);
                return 0;
            }
            rowRounded++;
        }
        if (p <= 0) {
            reject(Rejections.NON_POSITIVE_PRICE);
            return 0;
        }
        return p;
    }

    /** An instrument named by its symbol, or null (rejected). */
    final Instrument instrument(final int field, final LiquidatorConfig config) {
        if (in.isEmpty(field)) {
            reject(Rejections.MISSING_FIELD);
            return null;
        }
        final List<Instrument> all = config.instruments();
        for (int i = 0, n = all.size(); i < n; i++) {
            final Instrument inst = all.get(i);
            if (in.fieldEquals(field, inst.symbol())) {
                return inst;
            }
        }
        reject(Rejections.UNKNOWN_INSTRUMENT);
        return null;
    }
}
