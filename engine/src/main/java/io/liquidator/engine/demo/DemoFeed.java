package io.liquidator.engine.demo;

import io.liquidator.journal.InputHandler;

import java.util.Arrays;

/**
 * Sits between the replay source and the ring on the producer thread: stamps each input for the
 * {@link TickTimer}, keeps the mark path for the picture, counts what went in, and lets the
 * progress display redraw now and then. Everything is passed on unchanged.
 *
 * <p>It allocates (the mark path grows): it runs on the producer thread, off the engine's.
 */
final class DemoFeed implements InputHandler, MarkPath {
    private static final int PROGRESS_EVERY = 1024;

    private final InputHandler next;
    private final TickTimer timer;
    private final Runnable progress;
    private long[] markTime = new long[4096];
    private long[] markPrice = new long[4096];
    private int marks;
    private long inputs;
    private long malformed;

    DemoFeed(final InputHandler next, final TickTimer timer, final Runnable progress) {
        this.next = next;
        this.timer = timer;
        this.progress = progress;
    }

    private void counted() {
        if (++inputs % PROGRESS_EVERY == 0) {
            progress.run();
        }
    }

    @Override
    public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                            final long line) {
        if (marks == markTime.length) {
            markTime = Arrays.copyOf(markTime, marks * 2);
            markPrice = Arrays.copyOf(markPrice, marks * 2);
        }
        markTime[marks] = timestamp;
        markPrice[marks] = price;
        marks++;
        timer.published(inputSeq, true);
        next.onMarkPrice(inputSeq, timestamp, instrument, price, line);
        counted();
    }

    @Override
    public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long entryPrice, final boolean cross,
                           final long isolatedMargin, final long line) {
        timer.published(inputSeq, false);
        next.onPosition(inputSeq, timestamp, account, instrument, side, qty, entryPrice, cross, isolatedMargin, line);
        counted();
    }

    @Override
    public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                         final long balance, final long line) {
        timer.published(inputSeq, false);
        next.onWallet(inputSeq, timestamp, account, asset, balance, line);
        counted();
    }

    @Override
    public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                          final long line) {
        timer.published(inputSeq, false);
        next.onFunding(inputSeq, timestamp, instrument, rate, line);
        counted();
    }

    @Override
    public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                   final CharSequence definition, final long line) {
        timer.published(inputSeq, false);
        next.onInstrumentUpdate(inputSeq, timestamp, instrument, definition, line);
        counted();
    }

    @Override
    public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
        timer.published(inputSeq, false);
        next.onControl(inputSeq, timestamp, code, line);
        counted();
    }

    @Override
    public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                            final long line) {
        malformed++;
        timer.published(inputSeq, false);
        next.onMalformed(inputSeq, timestamp, kind, reason, line);
        counted();
    }

    /** Marks published so far. */
    @Override
    public int ticks() {
        return marks;
    }

    long inputs() {
        return inputs;
    }

    long malformed() {
        return malformed;
    }

    /** Epoch ms of mark {@code k}. */
    @Override
    public long markTime(final int k) {
        return markTime[k];
    }

    /** Raw price of mark {@code k}. */
    @Override
    public long markPrice(final int k) {
        return markPrice[k];
    }
}
