package io.liquidator.engine.replay;

import io.liquidator.journal.InputHandler;

import java.io.Closeable;

/**
 * One file's inputs in file order, one at a time: the shape {@link CsvReplaySource} merges.
 *
 * <p>Each input is either decoded or a rejection ({@link #rejection()} non-zero) carrying its line,
 * so a bad row takes its place in the input order instead of vanishing. One row is usually one
 * input; a kline row is four (see {@link BinanceKlines}), all with the row's line.
 *
 * <p>{@link #clock()} is the file's time after the current input: the last timestamp that went
 * forward. It never decreases, so merging files by it keeps each file's order; a row whose own
 * timestamp went backwards or did not parse is ordered at the clock (and reports its own timestamp
 * if it parsed, else the clock).
 */
public interface RowReader extends Closeable {

    /** The file, as given (for messages and summaries). */
    String file();

    /** The input kind of every input of this file ({@code InputRecords.KIND_*}). */
    byte kind();

    /**
     * Moves to the next input.
     *
     * @return false at the end of the file
     * @throws ReplayFileException if the file cannot be read further
     */
    boolean next();

    /** 1-based line of the current input in its file. */
    long line();

    /** The current input's timestamp (epoch ms) as reported to the handler. */
    long timestamp();

    /** The file's clock after the current input (epoch ms; {@link Long#MIN_VALUE} before any timestamp). */
    long clock();

    /** 0 if the current input decoded, else its {@code Rejections} code. */
    int rejection();

    /** Hands the current input to {@code handler} with this input sequence. */
    void emit(long inputSeq, InputHandler handler);

    /** Data rows read so far (header and blank lines not counted). */
    long rows();

    /** Inputs given by {@link #next()} so far, rejections included. */
    long inputs();

    /** Rows rejected so far. */
    long rejected();

    /** Prices rounded to the instrument's tick so far (importers of foreign data; 0 for the project's own formats). */
    long pricesRounded();

    @Override
    void close();
}
