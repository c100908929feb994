package io.liquidator.engine.app;

import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputRecords;

/**
 * Counts the inputs a source decoded, by kind, on their way to the ring: the "in" side of a run's
 * summary (the {@link EventCounter} is the "out" side). Plain increments on the producer thread.
 */
public final class InputCounter implements InputHandler {
    private final InputHandler next;
    private final long[] byKind = new long[InputRecords.KIND_CONTROL + 1];
    private long malformed;
    private long lastSequence = Long.MIN_VALUE;

    public InputCounter(final InputHandler next) {
        this.next = next;
    }

    @Override
    public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                            final long line) {
        byKind[InputRecords.KIND_MARK_PRICE]++;
        lastSequence = inputSeq;
        next.onMarkPrice(inputSeq, timestamp, instrument, price, line);
    }

    @Override
    public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long entryPrice, final boolean cross,
                           final long isolatedMargin, final long line) {
        byKind[InputRecords.KIND_POSITION]++;
        lastSequence = inputSeq;
        next.onPosition(inputSeq, timestamp, account, instrument, side, qty, entryPrice, cross, isolatedMargin, line);
    }

    @Override
    public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                         final long balance, final long line) {
        byKind[InputRecords.KIND_WALLET]++;
        lastSequence = inputSeq;
        next.onWallet(inputSeq, timestamp, account, asset, balance, line);
    }

    @Override
    public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                          final long line) {
        byKind[InputRecords.KIND_FUNDING]++;
        lastSequence = inputSeq;
        next.onFunding(inputSeq, timestamp, instrument, rate, line);
    }

    @Override
    public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                   final CharSequence definition, final long line) {
        byKind[InputRecords.KIND_INSTRUMENT]++;
        lastSequence = inputSeq;
        next.onInstrumentUpdate(inputSeq, timestamp, instrument, definition, line);
    }

    @Override
    public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
        byKind[InputRecords.KIND_CONTROL]++;
        lastSequence = inputSeq;
        next.onControl(inputSeq, timestamp, code, line);
    }

    @Override
    public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                            final long line) {
        malformed++;
        lastSequence = inputSeq;
        next.onMalformed(inputSeq, timestamp, kind, reason, line);
    }

    /** Decoded inputs of an {@link InputRecords} kind. */
    public long count(final int kind) {
        return byKind[kind];
    }

    /** Inputs the source could not decode (each journaled as a rejection). */
    public long malformed() {
        return malformed;
    }

    public long total() {
        long n = malformed;
        for (final long c : byKind) {
            n += c;
        }
        return n;
    }

    /** The sequence of the last input passed on, Long.MIN_VALUE before any. */
    public long lastSequence() {
        return lastSequence;
    }
}
