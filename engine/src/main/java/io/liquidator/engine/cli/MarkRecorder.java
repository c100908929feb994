package io.liquidator.engine.cli;

import io.liquidator.engine.demo.MarkPath;
import io.liquidator.journal.InputHandler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Passes every input on unchanged and keeps the marks on the way, per instrument id: the path
 * {@code compare}'s picture draws. On the producer thread, off the engine's; it allocates as the
 * paths grow.
 */
final class MarkRecorder implements InputHandler {
    private final InputHandler next;
    private final Map<Integer, Marks> paths = new LinkedHashMap<>();

    MarkRecorder(final InputHandler next) {
        this.next = next;
    }

    /** One instrument's marks in input order. */
    static final class Marks implements MarkPath {
        private long[] time = new long[1024];
        private long[] price = new long[1024];
        private int n;

        void add(final long t, final long p) {
            if (n == time.length) {
                time = Arrays.copyOf(time, n * 2);
                price = Arrays.copyOf(price, n * 2);
            }
            time[n] = t;
            price[n] = p;
            n++;
        }

        @Override
        public int ticks() {
            return n;
        }

        @Override
        public long markTime(final int k) {
            return time[k];
        }

        @Override
        public long markPrice(final int k) {
            return price[k];
        }
    }

    /** The instrument ids that had a mark, in the order of their first one. */
    List<Integer> instruments() {
        return new ArrayList<>(paths.keySet());
    }

    /** The marks of {@code instrument} (empty if it had none). */
    MarkPath path(final int instrument) {
        final Marks p = paths.get(instrument);
        return p == null ? new Marks() : p;
    }

    @Override
    public void onMarkPrice(final long inputSeq, final long timestamp, final int instrument, final long price,
                            final long line) {
        paths.computeIfAbsent(instrument, i -> new Marks()).add(timestamp, price);
        next.onMarkPrice(inputSeq, timestamp, instrument, price, line);
    }

    @Override
    public void onPosition(final long inputSeq, final long timestamp, final long account, final int instrument,
                           final int side, final long qty, final long entryPrice, final boolean cross,
                           final long isolatedMargin, final long line) {
        next.onPosition(inputSeq, timestamp, account, instrument, side, qty, entryPrice, cross, isolatedMargin, line);
    }

    @Override
    public void onWallet(final long inputSeq, final long timestamp, final long account, final int asset,
                         final long balance, final long line) {
        next.onWallet(inputSeq, timestamp, account, asset, balance, line);
    }

    @Override
    public void onFunding(final long inputSeq, final long timestamp, final int instrument, final long rate,
                          final long line) {
        next.onFunding(inputSeq, timestamp, instrument, rate, line);
    }

    @Override
    public void onInstrumentUpdate(final long inputSeq, final long timestamp, final int instrument,
                                   final CharSequence definition, final long line) {
        next.onInstrumentUpdate(inputSeq, timestamp, instrument, definition, line);
    }

    @Override
    public void onControl(final long inputSeq, final long timestamp, final int code, final long line) {
        next.onControl(inputSeq, timestamp, code, line);
    }

    @Override
    public void onMalformed(final long inputSeq, final long timestamp, final int kind, final int reason,
                            final long line) {
        next.onMalformed(inputSeq, timestamp, kind, reason, line);
    }
}
