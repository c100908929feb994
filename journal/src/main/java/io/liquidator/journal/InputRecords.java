package io.liquidator.journal;

/**
 * The input journal's record kinds, shared constants and binary layouts: one Chronicle Queue
 * document per input, raw bytes (no Wire field names), little-endian (Chronicle {@code Bytes}
 * native order on x86/ARM), packed. Kinds 1–5 are numbered as the engine journals them in a
 * {@code REJECTION}'s input kind. Like {@link EventRecords}, this class only names kinds, offsets
 * and sizes; {@link InputJournal} writes them and {@link InputJournalReader} reads them.
 *
 * <h2>Input sequence</h2>
 * The input sequence is <em>not</em> stored in the record: it is the Chronicle index of the document
 * ({@code (cycle << bits) | sequence in cycle}), which the queue assigns under its write lock. It is
 * unique and strictly increasing in append order, also across several writers and processes, and
 * seekable with {@code moveToIndex}, which is what recovery needs (a snapshot holds the last applied
 * index). It is <em>not</em> contiguous: it jumps when the queue rolls to a new cycle. Storing a
 * second, writer-assigned sequence would need a cross-writer counter and could disagree with the
 * order Chronicle actually wrote.
 *
 * <h2>Common header (every kind, every version)</h2>
 * <table>
 *   <caption>header</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>kind</td><td>int8</td><td>input kind code, see {@code KIND_*} (stable)</td></tr>
 *   <tr><td>1</td><td>version</td><td>int8</td><td>layout version of this kind, currently {@link #VERSION} = 1</td></tr>
 *   <tr><td>2</td><td>timestamp</td><td>int64</td><td>the input's time, epoch milliseconds, as the producer stamped it</td></tr>
 * </table>
 * The header is {@link #HEADER_LENGTH} = 10 bytes and keeps these offsets in every future version, so
 * a reader can report the kind and timestamp of a record it cannot otherwise decode. Booleans are
 * int8 0/1; sides are int8 {@link #SIDE_LONG}/{@link #SIDE_SHORT}. Amounts and prices are raw
 * fixed-point longs in the instrument's (or asset's) scales.
 *
 * <h2>MARK_PRICE (kind 1), length 22</h2>
 * <table>
 *   <caption>MARK_PRICE</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>10</td><td>instrument</td><td>int32</td></tr>
 *   <tr><td>14</td><td>price</td><td>int64</td></tr>
 * </table>
 *
 * <h2>POSITION (kind 2), length 48</h2>
 * <table>
 *   <caption>POSITION</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>10</td><td>account</td><td>int64</td></tr>
 *   <tr><td>18</td><td>instrument</td><td>int32</td></tr>
 *   <tr><td>22</td><td>side</td><td>int8 (+1 long, -1 short)</td></tr>
 *   <tr><td>23</td><td>cross</td><td>int8 (0 isolated, 1 cross)</td></tr>
 *   <tr><td>24</td><td>qty</td><td>int64</td></tr>
 *   <tr><td>32</td><td>entryPrice</td><td>int64</td></tr>
 *   <tr><td>40</td><td>isolatedMargin</td><td>int64</td></tr>
 * </table>
 *
 * <h2>WALLET (kind 3), length 30</h2>
 * <table>
 *   <caption>WALLET</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>10</td><td>account</td><td>int64</td></tr>
 *   <tr><td>18</td><td>asset</td><td>int32</td></tr>
 *   <tr><td>22</td><td>balance</td><td>int64</td></tr>
 * </table>
 *
 * <h2>FUNDING (kind 4), length 22</h2>
 * <table>
 *   <caption>FUNDING</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>10</td><td>instrument</td><td>int32</td></tr>
 *   <tr><td>14</td><td>rate</td><td>int64 (1e-8 units)</td></tr>
 * </table>
 *
 * <h2>INSTRUMENT (kind 5), length 18 + textLength</h2>
 * <table>
 *   <caption>INSTRUMENT</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>10</td><td>instrument</td><td>int32</td></tr>
 *   <tr><td>14</td><td>textLength</td><td>int32, bytes of UTF-8 that follow (&ge; 0)</td></tr>
 *   <tr><td>18</td><td>definition</td><td>UTF-8, {@code textLength} bytes, no terminator</td></tr>
 * </table>
 * The only variable-length kind: rare, so its text is not worth a fixed slot. {@link #INSTRUMENT_LENGTH}
 * is the fixed part; a record is truncated when it is shorter than that plus {@code textLength}.
 *
 * <h2>CONTROL (kind 6), length 14</h2>
 * <table>
 *   <caption>CONTROL</caption>
 *   <tr><th>offset</th><th>field</th><th>type</th></tr>
 *   <tr><td>10</td><td>code</td><td>int32, see {@code CONTROL_*}</td></tr>
 * </table>
 *
 * <p>0 is never a kind. A reader rejects a version it does not know rather than guess. A new field is
 * added by bumping that kind's version and appending at the end; a version-1 record longer than its
 * layout is read as its version-1 prefix.
 */
public final class InputRecords {
    public static final byte VERSION = 1;

    public static final byte KIND_MARK_PRICE = 1;
    public static final byte KIND_POSITION = 2;
    public static final byte KIND_WALLET = 3;
    public static final byte KIND_FUNDING = 4;
    public static final byte KIND_INSTRUMENT = 5;
    public static final byte KIND_CONTROL = 6;

    /** Position sides as the engine's {@code Side}: the sign in every formula. */
    public static final int SIDE_LONG = 1;
    public static final int SIDE_SHORT = -1;

    /** Control: write a snapshot of the engine state after every input before this one. */
    public static final int CONTROL_SNAPSHOT = 1;

    // header
    public static final int KIND_OFFSET = 0;
    public static final int VERSION_OFFSET = 1;
    public static final int TIMESTAMP_OFFSET = 2;
    public static final int HEADER_LENGTH = 10;

    // MARK_PRICE
    public static final int MARK_PRICE_INSTRUMENT_OFFSET = 10;
    public static final int MARK_PRICE_PRICE_OFFSET = 14;
    public static final int MARK_PRICE_LENGTH = 22;

    // POSITION
    public static final int POSITION_ACCOUNT_OFFSET = 10;
    public static final int POSITION_INSTRUMENT_OFFSET = 18;
    public static final int POSITION_SIDE_OFFSET = 22;
    public static final int POSITION_CROSS_OFFSET = 23;
    public static final int POSITION_QTY_OFFSET = 24;
    public static final int POSITION_ENTRY_PRICE_OFFSET = 32;
    public static final int POSITION_ISOLATED_MARGIN_OFFSET = 40;
    public static final int POSITION_LENGTH = 48;

    // WALLET
    public static final int WALLET_ACCOUNT_OFFSET = 10;
    public static final int WALLET_ASSET_OFFSET = 18;
    public static final int WALLET_BALANCE_OFFSET = 22;
    public static final int WALLET_LENGTH = 30;

    // FUNDING
    public static final int FUNDING_INSTRUMENT_OFFSET = 10;
    public static final int FUNDING_RATE_OFFSET = 14;
    public static final int FUNDING_LENGTH = 22;

    // INSTRUMENT
    public static final int INSTRUMENT_INSTRUMENT_OFFSET = 10;
    public static final int INSTRUMENT_TEXT_LENGTH_OFFSET = 14;
    public static final int INSTRUMENT_TEXT_OFFSET = 18;
    /** The fixed part of an INSTRUMENT record; the definition's bytes follow it. */
    public static final int INSTRUMENT_LENGTH = 18;

    // CONTROL
    public static final int CONTROL_CODE_OFFSET = 10;
    public static final int CONTROL_LENGTH = 14;

    private static final String[] NAMES = {
        "", "MARK_PRICE", "POSITION", "WALLET", "FUNDING", "INSTRUMENT", "CONTROL"
    };

    private InputRecords() {
    }

    /** The name used in dumps and messages. */
    public static String name(final int kind) {
        return kind > 0 && kind < NAMES.length ? NAMES[kind] : "UNKNOWN_KIND_" + kind;
    }

    /**
     * The version-1 length of {@code kind} (for INSTRUMENT its fixed part), or -1 when the kind is
     * unknown.
     */
    public static int length(final int kind) {
        switch (kind) {
            case KIND_MARK_PRICE: return MARK_PRICE_LENGTH;
            case KIND_POSITION: return POSITION_LENGTH;
            case KIND_WALLET: return WALLET_LENGTH;
            case KIND_FUNDING: return FUNDING_LENGTH;
            case KIND_INSTRUMENT: return INSTRUMENT_LENGTH;
            case KIND_CONTROL: return CONTROL_LENGTH;
            default: return -1;
        }
    }
}
