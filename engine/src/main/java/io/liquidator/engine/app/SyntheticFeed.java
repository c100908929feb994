package io.liquidator.engine.app;

import io.liquidator.journal.InputJournal;
import io.liquidator.journal.InputRecords;

import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A clearly synthetic live feed for soak runs: appends BTCUSDT marks to an input journal at a fixed
 * rate for a given time — a random walk with a sharp drop and recovery every few seconds — and, in
 * between, position updates that re-open liquidated accounts at the current price, so that margin
 * calls and liquidations keep coming for as long as it runs. Seeded; appends through the
 * allocation-free raw {@link InputJournal} calls.
 */
public final class SyntheticFeed {
    private static final int BTCUSDT = 0;
    private static final int[] LEVERAGE = {2, 3, 5, 10, 10, 20, 20, 25, 50, 75, 100};

    private final InputJournal journal;
    private final SplittableRandom rnd;
    private final int accounts;
    private long price = 600_000; // 60,000.0 at price scale 1
    private long appended;

    public SyntheticFeed(final InputJournal journal, final long seed, final int accounts) {
        this.journal = journal;
        this.rnd = new SplittableRandom(seed);
        this.accounts = accounts;
    }

    /**
     * Opens every account once, then appends {@code ratePerSecond} inputs per second for
     * {@code seconds}; about one input in 50 is a position update, the rest are marks. Returns the
     * number of inputs appended.
     */
    public long run(final long ratePerSecond, final long seconds, final long startTimestamp) {
        long ts = startTimestamp;
        for (int a = 1; a <= accounts; a++) {
            openPosition(a, ts);
        }
        final long nanosPerInput = Math.max(1, 1_000_000_000L / ratePerSecond);
        final long total = ratePerSecond * seconds;
        final long cycle = 5 * ratePerSecond; // a crash-and-recovery every ~5 s
        final long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            final long due = start + i * nanosPerInput;
            long now;
            while ((now = System.nanoTime()) < due) {
                if (due - now > 50_000) {
                    LockSupport.parkNanos(due - now - 20_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            ts = startTimestamp + i / Math.max(1, ratePerSecond / 1000);
            if (rnd.nextInt(50) == 0) {
                openPosition(1 + rnd.nextInt(accounts), ts);
            } else {
                final long phase = i % cycle;
                long step = rnd.nextInt(21) - 10;
                if (phase < cycle / 10) {
                    step -= 6;            // the drop: about -10 % over half a second
                } else if (phase < cycle / 5) {
                    step += 6;            // and back
                }
                price = Math.max(100_000, price + step);
                journal.appendMarkPrice(ts, BTCUSDT, price);
                appended++;
            }
        }
        return appended;
    }

    private void openPosition(final int account, final long ts) {
        final boolean longSide = rnd.nextBoolean();
        final long qty = 1 + rnd.nextInt(500);                  // 0.001 - 0.5 BTC
        final int leverage = LEVERAGE[rnd.nextInt(LEVERAGE.length)];
        final long notional4 = qty * price;                      // USDT x 10^4
        final long margin = (notional4 * 10_000 + leverage - 1) / leverage + 10_000; // USDT x 10^8, rounded up
        journal.appendPosition(ts, account, BTCUSDT, longSide ? InputRecords.SIDE_LONG : InputRecords.SIDE_SHORT,
            qty, price, false, margin);
        appended++;
    }

    public long appended() {
        return appended;
    }
}
