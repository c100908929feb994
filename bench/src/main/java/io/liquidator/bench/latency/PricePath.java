package io.liquidator.bench.latency;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The marks the injector sends, generated before timing into one {@code long[]}: tick {@code k} is
 * on ETHUSDT when {@code k % 8 == 7} and on BTCUSDT otherwise ({@link #instrumentOf}). Seeded and
 * sequential, so a shorter path is a prefix of a longer one: every rate replays the same market,
 * the faster rates just further into it.
 *
 * <p>BTCUSDT: a quiet mean-reverting walk (±0.3 USDT a tick, pulled back to the opening mark with
 * a time constant of 2,048 ticks; stationary spread about ±6 USDT, 0.01 %), so that most ticks cross
 * nothing; plus sharp moves: the first after 20–50 K ticks, then one every 200–400 K ticks, each
 * 0.1 %–0.6 % (log-uniform), up or down, spread evenly over 5–50 ticks, then reverted by the walk.
 * A tick inside a move crosses many thresholds at once: the few ticks that cost the engine most.
 * On the default 1 M book a 0.2 % move gives about 800 margin calls, 0.3 % about 1,800 margin
 * calls and 800 liquidations, 0.5 % about 2,700 and 5,000 (the 75–125× positions near their edge).
 *
 * <p>Why not bigger or more frequent: every event costs the single engine thread a microsecond or
 * two, and an open-loop measurement charges the ticks queued behind a cascade for it; a 1 % crash
 * on this book is about 25,000 liquidations, tens of milliseconds in which a thousand ticks pile up
 * at 100 K/s. That is what a crash costs and the harness would show it, but a path with one every
 * second would measure crashes, not the engine's steady tick path. These moves are frequent enough
 * that every rate's run liquidates, and the tail percentiles show what they cost.
 * ETHUSDT follows BTCUSDT (its opening mark times BTC's relative move, ± 0.02 USDT), so cross books
 * move on both legs.
 */
final class PricePath {
    private static final int FIRST_MOVE_MIN = 20_000;
    private static final int FIRST_MOVE_SPAN = 30_000;
    private static final int MOVE_EVERY_MIN = 200_000;
    private static final int MOVE_EVERY_SPAN = 200_000;

    private final long[] price;
    /** The tick each sharp move starts at, ascending. */
    private final int[] moveStarts;

    private PricePath(final long[] price, final int[] moveStarts) {
        this.price = price;
        this.moveStarts = moveStarts;
    }

    static int instrumentOf(final int tick) {
        return (tick & 7) == 7 ? SyntheticBook.ETH : SyntheticBook.BTC;
    }

    /** @param sharpMoves false: the quiet walk only (the steady tick path, for comparison) */
    static PricePath generate(final long seed, final int ticks, final boolean sharpMoves) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final long[] price = new long[ticks];
        final long btc0 = SyntheticBook.START[SyntheticBook.BTC];
        final long eth0 = SyntheticBook.START[SyntheticBook.ETH];
        long btc = btc0;
        long nextMove = sharpMoves ? FIRST_MOVE_MIN + rnd.nextInt(FIRST_MOVE_SPAN) : Long.MAX_VALUE;
        int moveLeft = 0;
        long moveStep = 0;
        int moves = 0;
        int[] starts = new int[16];
        for (int k = 0; k < ticks; k++) {
            if (instrumentOf(k) == SyntheticBook.ETH) {
                price[k] = Math.max(1, eth0 * btc / btc0 + rnd.nextInt(5) - 2);
                continue;
            }
            if (moveLeft == 0 && k >= nextMove) {
                final double size = 0.001 * Math.pow(6, rnd.nextDouble());
                moveLeft = 5 + rnd.nextInt(46);
                moveStep = Math.round(btc0 * size / moveLeft) * (rnd.nextBoolean() ? 1 : -1);
                nextMove = k + MOVE_EVERY_MIN + rnd.nextInt(MOVE_EVERY_SPAN);
                if (moves == starts.length) {
                    starts = Arrays.copyOf(starts, 2 * moves);
                }
                starts[moves++] = k;
            }
            // pull back by 1/2048 of the distance, rounded at random so that small distances pull too
            // (an integer division would leave ±0.34 % around the opening mark a pure random walk)
            long step = rnd.nextInt(7) - 3 + (long) Math.floor((btc0 - btc) / 2048.0 + rnd.nextDouble());
            if (moveLeft > 0) {
                step += moveStep;
                moveLeft--;
            }
            btc = Math.max(1, btc + step);
            price[k] = btc;
        }
        return new PricePath(price, Arrays.copyOf(starts, moves));
    }

    /** The mark of tick {@code k}, raw in its instrument's price scale. */
    long price(final int k) {
        return price[k];
    }

    int length() {
        return price.length;
    }

    /** Sharp moves over the whole path. */
    int moves() {
        return moveStarts.length;
    }

    /** Sharp moves that start within the first {@code ticks} ticks. */
    int movesWithin(final int ticks) {
        int n = 0;
        while (n < moveStarts.length && moveStarts[n] < ticks) {
            n++;
        }
        return n;
    }
}
