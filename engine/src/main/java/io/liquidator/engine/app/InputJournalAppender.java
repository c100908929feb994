package io.liquidator.engine.app;

import io.liquidator.journal.InputHandler;
import io.liquidator.journal.InputJournal;
import io.liquidator.journal.InputRecords;
import io.liquidator.journal.Rejections;

import java.io.PrintWriter;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends decoded inputs to an input journal, optionally at a fixed rate: how {@code liquidator
 * import} turns files into a queue that {@code run} tails, and how the crash test feeds a live engine.
 *
 * <p>The input journal has no record for an input that could not be decoded (the journal's own
 * records are always well-formed), so a bad row is reported here, with its line and reason, and
 * not written; replaying the files directly journals it as a {@code REJECTION} instead.
 */
public final class InputJournalAppender implements InputHandler {
    private final InputJournal journal;
    private final PrintWriter report;
    private final long nanosPerInput;
    private long appended;
    private long skipped;
    private long startNanos;

    /** @param inputsPerSecond pace the appends at this rate (0: as fast as possible) */
    public InputJournalAppender(final InputJournal journal, final PrintWriter report, final long inputsPerSecond) {
        this.journal = journal;
        this.report = report;
        this.nanosPerInput = inputsPerSecond <= 0 ? 0 : 1_000_000_000L / inputsPerSecond;
    }

    private void pace() {
        if (nanosPerInput == 0) {
            return;
        }
        if (appended == 0) {
            startNanos = System.nanoTime();
        }
        final long due = startNanos + appended * nanosPerInput;
        long now;
        while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(Math.min(due - now, 1_000_000L));
        }
    }

    @Override
    public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                            final long line) {
        pace();
        journal.appendMarkPrice(timestamp, instrument, price);
        appended++;
    }

    @Override
    public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long entryPrice, final boolean cross,
                           final long isolatedMargin, final long line) {
        pace();
        journal.appendPosition(timestamp, account, instrument, side, qty, entryPrice, cross, isolatedMargin);
        appended++;
    }

    @Override
    public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                         final long balance, final long line) {
        pace();
        journal.appendWallet(timestamp, account, asset, balance);
        appended++;
    }

    @Override
    public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                          final long line) {
        pace();
        journal.appendFunding(timestamp, instrument, rate);
        appended++;
    }

    @Override
    public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                   final CharSequence definition, final long line) {
        pace();
        journal.appendInstrumentUpdate(timestamp, instrument, definition);
        appended++;
    }

    @Override
    public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
        pace();
        journal.appendControl(timestamp, code);
        appended++;
    }

    @Override
    public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                            final long line) {
        skipped++;
        final String file = kind == InputRecords.KIND_MARK_PRICE ? "ticks" : kind == InputRecords.KIND_POSITION
            ? "positions" : kind == InputRecords.KIND_WALLET ? "wallets" : "input";
        report.println("skipped " + file + (line > 0 ? " line " + line : " input " + inputSeq) + ": "
            + Rejections.name(reason));
    }

    public long appended() {
        return appended;
    }

    public long skipped() {
        return skipped;
    }
}
