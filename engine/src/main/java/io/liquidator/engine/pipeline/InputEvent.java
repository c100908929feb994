package io.liquidator.engine.pipeline;

import io.liquidator.engine.instrument.Instrument;

/**
 * The ring's one event type: a preallocated, mutable slot that carries any engine input, told apart
 * by {@link #kind()}.
 *
 * <p>Why one mutable class and not an object per input: the Disruptor allocates every slot once, up
 * front, and producers overwrite them in place, so publishing an input costs no allocation and no
 * garbage; one class (rather than one ring per input kind) keeps a single total order of inputs,
 * which is what makes the engine deterministic. The fields are primitives, named for the widest
 * meaning they carry; which of them a kind uses is listed on its setter. A slot is written only by
 * the producer that claimed it and then belongs to the engine thread once published, until the
 * engine thread moves past it (the ring's sequences are the memory barriers), so the fields need no
 * {@code volatile}.
 *
 * <p>Kinds 1–5 are numbered as the engine journals them ({@code LiquidationEngine.KIND_*}); a kind
 * the handler does not know goes to the engine as an unknown input and is rejected there.
 * {@link #CONTROL} is for the pipeline itself and never reaches the engine, so it is numbered apart.
 * The one reference field, an instrument update's replacement {@link Instrument}, is built by the
 * producer off the hot path (a configuration change) and cleared by the handler once applied.
 */
public final class InputEvent {
    /** Not a known input: the engine rejects it (a source that could not decode a record). */
    public static final int UNKNOWN = 0;
    public static final int MARK_PRICE = 1;
    public static final int POSITION = 2;
    public static final int WALLET = 3;
    public static final int FUNDING = 4;
    public static final int INSTRUMENT = 5;
    /** For the pipeline, not the engine: see the {@code CONTROL_*} codes. */
    public static final int CONTROL = 100;

    /** Control: everything published before it has been handled; the engine thread may stop. */
    public static final int CONTROL_SHUTDOWN = 1;
    /** Control: run the engine's full-scan index verifier (O(positions): at a quiet moment only). */
    public static final int CONTROL_VERIFY = 2;
    /** Control: report the inputs handled and the engine thread's allocated bytes, nothing else. */
    public static final int CONTROL_PROBE = 3;
    /** Control: hand the engine to the pipeline's snapshot hook, after everything published before it. */
    public static final int CONTROL_SNAPSHOT = 4;

    private int kind;
    private int control;
    private long token;
    private long sequence;
    private long timestamp;
    private int instrument;
    private long account;
    private int side;
    private long qty;
    private long price;
    private long amount;
    private boolean cross;
    private int asset;
    private long rate;
    private Instrument replacement;
    /** The source line (CSV replay), 0 if none; every setter resets it, {@link #line(long)} sets it. */
    private long line;
    /** UNKNOWN only: the input kind, if the source knew it, and the rejection reason. */
    private int malformedKind;
    private int reason;

    /** A mark price: uses sequence, timestamp, instrument, price. */
    public void setMarkPrice(final long sequence, final long timestamp, final int instrument, final long price) {
        this.kind = MARK_PRICE;
        this.line = 0;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.instrument = instrument;
        this.price = price;
    }

    /**
     * A position's new state: uses sequence, timestamp, account, instrument, side, qty, price (the
     * entry price), cross, amount (the isolated margin).
     */
    public void setPosition(final long sequence, final long timestamp, final long account, final int instrument,
                            final int side, final long qty, final long entryPrice, final boolean cross,
                            final long isolatedMargin) {
        this.kind = POSITION;
        this.line = 0;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.account = account;
        this.instrument = instrument;
        this.side = side;
        this.qty = qty;
        this.price = entryPrice;
        this.cross = cross;
        this.amount = isolatedMargin;
    }

    /** A cross wallet balance: uses sequence, timestamp, account, asset, amount (the balance). */
    public void setWallet(final long sequence, final long timestamp, final long account, final int asset,
                          final long balance) {
        this.kind = WALLET;
        this.line = 0;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.account = account;
        this.asset = asset;
        this.amount = balance;
    }

    /** A funding settlement: uses sequence, timestamp, instrument, rate. */
    public void setFunding(final long sequence, final long timestamp, final int instrument, final long rate) {
        this.kind = FUNDING;
        this.line = 0;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.instrument = instrument;
        this.rate = rate;
    }

    /** An instrument's new definition (brackets, fee, profile): uses sequence, timestamp, replacement. */
    public void setInstrumentUpdate(final long sequence, final long timestamp, final Instrument replacement) {
        this.kind = INSTRUMENT;
        this.line = 0;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.replacement = replacement;
    }

    /** An input the source could not decode: uses sequence, timestamp. */
    public void setUnknown(final long sequence, final long timestamp) {
        setMalformed(sequence, timestamp, UNKNOWN, io.liquidator.journal.Rejections.UNKNOWN_INPUT_KIND);
    }

    /**
     * An input the source could not decode: uses sequence, timestamp, malformedKind (the input kind,
     * if known, else 0) and reason (a {@code Rejections} code).
     */
    public void setMalformed(final long sequence, final long timestamp, final int inputKind, final int reason) {
        this.kind = UNKNOWN;
        this.line = 0;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.malformedKind = inputKind;
        this.reason = reason;
    }

    /** Sets the source line of the input just written to this slot (call after its setter). */
    public void line(final long sourceLine) {
        this.line = sourceLine;
    }

    public long line() {
        return line;
    }

    public int malformedKind() {
        return malformedKind;
    }

    public int reason() {
        return reason;
    }

    /** A pipeline control: uses control (a {@code CONTROL_*} code) and token (the caller's ticket). */
    public void setControl(final int control, final long token) {
        this.kind = CONTROL;
        this.line = 0;
        this.control = control;
        this.token = token;
    }

    public int kind() {
        return kind;
    }

    public int control() {
        return control;
    }

    public long token() {
        return token;
    }

    public long sequence() {
        return sequence;
    }

    public long timestamp() {
        return timestamp;
    }

    public int instrument() {
        return instrument;
    }

    public long account() {
        return account;
    }

    public int side() {
        return side;
    }

    public long qty() {
        return qty;
    }

    /** The mark (MARK_PRICE) or the entry price (POSITION). */
    public long price() {
        return price;
    }

    /** The isolated margin (POSITION) or the wallet balance (WALLET). */
    public long amount() {
        return amount;
    }

    public boolean cross() {
        return cross;
    }

    public int asset() {
        return asset;
    }

    public long rate() {
        return rate;
    }

    /** The replacement definition (INSTRUMENT), else null. */
    public Instrument replacement() {
        return replacement;
    }

    /** Drops the reference to an applied instrument update, so that the ring does not keep it alive. */
    void clearReplacement() {
        this.replacement = null;
    }

    @Override
    public String toString() {
        switch (kind) {
            case MARK_PRICE:
                return "MARK_PRICE seq=" + sequence + " ts=" + timestamp + " instrument=" + instrument + " price=" + price;
            case POSITION:
                return "POSITION seq=" + sequence + " ts=" + timestamp + " account=" + account + " instrument=" + instrument
                    + " side=" + side + " qty=" + qty + " entry=" + price + " cross=" + cross + " margin=" + amount;
            case WALLET:
                return "WALLET seq=" + sequence + " ts=" + timestamp + " account=" + account + " asset=" + asset
                    + " balance=" + amount;
            case FUNDING:
                return "FUNDING seq=" + sequence + " ts=" + timestamp + " instrument=" + instrument + " rate=" + rate;
            case INSTRUMENT:
                return "INSTRUMENT seq=" + sequence + " ts=" + timestamp + " replacement=" + replacement;
            case CONTROL:
                return "CONTROL code=" + control + " token=" + token;
            default:
                return "UNKNOWN kind=" + malformedKind + " seq=" + sequence + " ts=" + timestamp + " reason=" + reason
                    + " line=" + line;
        }
    }
}
