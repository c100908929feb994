package io.liquidator.bench.compare;

import java.util.SplittableRandom;

/**
 * The mark prices every contender is fed, generated once from a seed into two primitive columns,
 * so that producing a tick costs every contender the same two array reads.
 *
 * <p>80 % of the ticks are BTCUSDT, 20 % ETHUSDT. Each instrument's mark takes a step of −10..+10
 * ticks (±1 USDT on BTC, ±0.1 USDT on ETH, the project's synthetic market's step) and is pulled back
 * toward its opening mark by 1/2000 of the gap per tick, so the book stays around the price it was
 * opened at. Every {@code shockEvery} ticks, starting at {@code firstShock}, comes a sharp move:
 * both marks travel 0.5–2.5 % (down, then up next time, and so on) over their next 25 ticks and
 * then drift back. The calm ticks mostly cross nothing or a few margin-call levels; the shocks
 * margin-call and liquidate the high-leverage side.
 */
final class TickStream {
    private static final int SHOCK_TICKS = 25;
    private static final double PULL = 1.0 / 2000;

    private final int[] instrument;
    private final long[] price;
    private final int shocks;

    private TickStream(final int[] instrument, final long[] price, final int shocks) {
        this.instrument = instrument;
        this.price = price;
        this.shocks = shocks;
    }

    static TickStream generate(final int length, final int firstShock, final int shockEvery, final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double[] mark = {MarketBook.BTC_OPEN, MarketBook.ETH_OPEN};
        final double[] shockStep = new double[2];
        final int[] shockLeft = new int[2];
        int shocks = 0;
        boolean down = true;
        final int[] inst = new int[length];
        final long[] px = new long[length];
        for (int t = 0; t < length; t++) {
            if (t >= firstShock && (t - firstShock) % shockEvery == 0) {
                final double move = 0.005 + 0.02 * rnd.nextDouble();
                for (int i = 0; i < 2; i++) {
                    final double target = MarketBook.OPEN[i] * (down ? 1 - move : 1 + move);
                    shockStep[i] = (target - mark[i]) / SHOCK_TICKS;
                    shockLeft[i] = SHOCK_TICKS;
                }
                down = !down;
                shocks++;
            }
            final int i = rnd.nextInt(100) < 80 ? MarketBook.BTC : MarketBook.ETH;
            if (shockLeft[i] > 0) {
                mark[i] += shockStep[i];
                shockLeft[i]--;
            } else {
                mark[i] += (rnd.nextInt(21) - 10) + (MarketBook.OPEN[i] - mark[i]) * PULL;
            }
            inst[t] = i;
            px[t] = Math.max(1, Math.round(mark[i]));
        }
        return new TickStream(inst, px, shocks);
    }

    /**
     * Ticks that move nothing: each instrument's mark alternating between {@code last[i]} and one
     * tick above it, in the same 80/20 mix. On a book that has just seen {@code last} they cross
     * (almost) no threshold, so they measure what the pipeline costs per input when the engine has
     * nothing to decide.
     */
    static TickStream flat(final int length, final long[] last, final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int[] inst = new int[length];
        final long[] px = new long[length];
        final boolean[] up = new boolean[2];
        for (int t = 0; t < length; t++) {
            final int i = rnd.nextInt(100) < 80 ? MarketBook.BTC : MarketBook.ETH;
            up[i] = !up[i];
            inst[t] = i;
            px[t] = last[i] + (up[i] ? 1 : 0);
        }
        return new TickStream(inst, px, 0);
    }

    /** The last price of each instrument in the stream (its opening mark if it has none). */
    long[] lastPrices() {
        final long[] last = MarketBook.OPEN.clone();
        final boolean[] seen = new boolean[last.length];
        for (int t = price.length - 1; t >= 0 && !(seen[0] && seen[1]); t--) {
            if (!seen[instrument[t]]) {
                seen[instrument[t]] = true;
                last[instrument[t]] = price[t];
            }
        }
        return last;
    }

    int length() {
        return price.length;
    }

    int instrument(final int t) {
        return instrument[t];
    }

    long price(final int t) {
        return price[t];
    }

    /** Sharp moves in the whole stream. */
    int shocks() {
        return shocks;
    }
}
