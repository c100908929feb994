package io.liquidator.journal;

/**
 * Where decoded inputs go, whatever their source: the input journal's tailer, the CSV readers of
 * {@code replay}, the historical-data importers. The engine side implements it by publishing onto
 * the ring; tests implement it by recording.
 *
 * <p>One interface for every source is what makes replay and live mode run the same code: a source
 * only decodes, and everything it could not decode reaches the engine as {@link #onMalformed}, in
 * input order, so that its rejection is journaled between the same neighbours on every run.
 *
 * <p>Every call carries the input sequence (assigned by the source: the input journal's Chronicle
 * index, or a CSV replay's running count over its merged files; strictly increasing within a source
 * but not necessarily contiguous: the journal's index jumps when its queue rolls to a new cycle), the
 * input's timestamp (epoch ms) and {@code line}: the 1-based line of the file the input came from, or
 * 0 when it did not come from a text file. Amounts are raw fixed-point in the instrument's (or asset's) scales; {@code side} is
 * {@link InputRecords#SIDE_LONG} or {@link InputRecords#SIDE_SHORT}. Primitive arguments only: the
 * live path calls these per tick and must not allocate.
 */
public interface InputHandler {

    /** A mark price: the tick. */
    void onMarkPrice(long inputSeq, long timestamp, int instrument, long price, long line);

    /** An account's new position on an instrument (its state, not a delta; qty 0 closes it). */
    void onPosition(long inputSeq, long timestamp, long account, int instrument, int side, long qty, long entryPrice,
                    boolean cross, long isolatedMargin, long line);

    /** An account's cross wallet balance in a settlement asset (asset ids in configuration order). */
    void onWallet(long inputSeq, long timestamp, long account, int asset, long balance, long line);

    /** A funding settlement at the instrument's current mark; {@code rate} in 1e-8 units. */
    void onFunding(long inputSeq, long timestamp, int instrument, long rate, long line);

    /**
     * An instrument's new definition as configuration text (one YAML instrument entry, the schema of
     * the configuration file). Rare; the receiver parses it off the engine thread. The text is only
     * valid during the call.
     */
    void onInstrumentUpdate(long inputSeq, long timestamp, int instrument, CharSequence definition, long line);

    /**
     * A pipeline command carried in the input stream ({@link InputRecords#CONTROL_SNAPSHOT}: write a
     * snapshot after everything before it). Not an engine input: it changes no state and emits no event.
     */
    void onControl(long inputSeq, long timestamp, int code, long line);

    /**
     * An input that could not be decoded: {@code kind} is the input kind when known
     * ({@link InputRecords#KIND_MARK_PRICE} …) or 0, {@code reason} a {@link Rejections} code.
     */
    void onMalformed(long inputSeq, long timestamp, int kind, int reason, long line);
}
