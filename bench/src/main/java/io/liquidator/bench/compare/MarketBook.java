package io.liquidator.bench.compare;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Rates;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A book as plain columns, generated once from a seed and then loaded into both the liquidator and
 * the naive baseline, so that the two are measured on exactly the same positions.
 *
 * <p>{@link #realistic}: isolated positions on BTCUSDT (85 %) and ETHUSDT, one per account, long
 * or short, at a leverage drawn from the same table as the project's synthetic market
 * (2–125×, weighted toward the low end as on a real venue; 100× at most above the first bracket's
 * 50,000 USDT), entries around the opening mark; every 100th account is a cross account instead,
 * with a USDT wallet at 2–5× backing one BTCUSDT and one ETHUSDT leg. Entries are spread by at most
 * a quarter of the way to liquidation, so nothing is past a margin-call level at the opening marks:
 * what happens later is the tick stream's doing.
 *
 * <p>{@link #quietLongsAndShorts} and {@link #doomedLongs} build the cascade's book.
 */
final class MarketBook {
    static final int BTC = 0;
    static final int ETH = 1;
    /** Opening marks: 60,000.0 USDT (price scale 1) and 3,000.00 USDT (price scale 2). */
    static final long BTC_OPEN = 600_000L;
    static final long ETH_OPEN = 300_000L;
    static final long[] OPEN = {BTC_OPEN, ETH_OPEN};
    /** The project's synthetic market's leverage table (SyntheticMarket). */
    private static final int[] LEVERAGE = {2, 3, 5, 10, 10, 20, 20, 25, 50, 75, 100, 125};
    /** 50,000 USDT in balance units: the top of the first bracket, where 125× stops being allowed. */
    private static final long FIRST_BRACKET_CAP = 50_000L * 100_000_000L;

    final int positions;
    final long[] account;
    final int[] instrument;
    final int[] side;
    final long[] qty;
    final long[] entry;
    final boolean[] cross;
    /** Isolated margin (balance units); 0 for a cross leg. */
    final long[] margin;
    final long[] walletAccount;
    final long[] walletBalance;
    int wallets;

    private MarketBook(final int positions) {
        this.positions = positions;
        this.account = new long[positions];
        this.instrument = new int[positions];
        this.side = new int[positions];
        this.qty = new long[positions];
        this.entry = new long[positions];
        this.cross = new boolean[positions];
        this.margin = new long[positions];
        this.walletAccount = new long[positions / 50 + 1];
        this.walletBalance = new long[positions / 50 + 1];
    }

    /** {@code n} positions (cross accounts hold two of them), accounts 1, 2, ... */
    static MarketBook realistic(final List<Instrument> instruments, final int n, final long seed) {
        final MarketBook b = new MarketBook(n);
        final SplittableRandom rnd = new SplittableRandom(seed);
        int k = 0;
        long accountId = 0;
        while (k < n) {
            accountId++;
            if (accountId % 100 == 0 && k + 2 <= n) {
                final long btcQty = 1 + rnd.nextInt(1000);
                final long ethQty = 10 + rnd.nextInt(10_000);
                final long btcEntry = around(BTC_OPEN, 0.005, rnd);
                final long ethEntry = around(ETH_OPEN, 0.005, rnd);
                final long notional = MarginMath.notional(instruments.get(BTC), btcQty, btcEntry)
                    + MarginMath.notional(instruments.get(ETH), ethQty, ethEntry);
                b.walletAccount[b.wallets] = accountId;
                b.walletBalance[b.wallets] = notional / (2 + rnd.nextInt(4));
                b.wallets++;
                b.set(k++, accountId, BTC, rnd.nextBoolean() ? Side.LONG : Side.SHORT, btcQty, btcEntry, true, 0);
                b.set(k++, accountId, ETH, rnd.nextBoolean() ? Side.LONG : Side.SHORT, ethQty, ethEntry, true, 0);
                continue;
            }
            final int i = rnd.nextInt(100) < 85 ? BTC : ETH;
            final Instrument inst = instruments.get(i);
            final long q = i == BTC
                ? 1 + (long) (rnd.nextDouble() * rnd.nextDouble() * 2_000)      // 0.001-2 BTC
                : 10 + (long) (rnd.nextDouble() * rnd.nextDouble() * 20_000);   // 0.01-20 ETH
            int leverage = LEVERAGE[rnd.nextInt(LEVERAGE.length)];
            if (leverage > 100 && MarginMath.notional(inst, q, OPEN[i]) >= FIRST_BRACKET_CAP) {
                leverage = 100;
            }
            final long e = around(OPEN[i], Math.min(0.01, 0.25 / leverage), rnd);
            final int s = rnd.nextInt(100) < 55 ? Side.LONG : Side.SHORT;
            b.set(k++, accountId, i, s, q, e, false, MarginMath.initialMargin(inst, q, e, leverage * Rates.ONE));
        }
        return b;
    }

    /**
     * {@code n} isolated BTCUSDT positions at 2–5×, entries within ±1 % of the open, accounts
     * {@code firstAccount ..}: no threshold within 15 % of the open.
     */
    static MarketBook quietLongsAndShorts(final Instrument btc, final int n, final long firstAccount, final long seed) {
        final MarketBook b = new MarketBook(n);
        final SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < n; k++) {
            final long q = 1 + rnd.nextInt(1000);
            final long e = around(BTC_OPEN, 0.01, rnd);
            b.set(k, firstAccount + k, BTC, (k & 1) == 0 ? Side.LONG : Side.SHORT, q, e, false,
                MarginMath.initialMargin(btc, q, e, (2 + rnd.nextInt(4)) * Rates.ONE));
        }
        return b;
    }

    /**
     * {@code n} isolated BTCUSDT longs at 25–100×, entries within ±0.1 % of the open, accounts
     * {@code firstAccount ..}: quiet at the open, and every one of their liquidation prices lies
     * between 0.5 % and 3.8 % below it, so one tick 5 % down liquidates them all.
     */
    static MarketBook doomedLongs(final Instrument btc, final int n, final long firstAccount, final long seed) {
        final int[] leverage = {25, 50, 75, 100};
        final MarketBook b = new MarketBook(n);
        final SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < n; k++) {
            final long q = 1 + rnd.nextInt(500);
            final long e = around(BTC_OPEN, 0.001, rnd);
            b.set(k, firstAccount + k, BTC, Side.LONG, q, e, false,
                MarginMath.initialMargin(btc, q, e, leverage[rnd.nextInt(leverage.length)] * Rates.ONE));
        }
        return b;
    }

    private void set(final int k, final long accountId, final int i, final int s, final long q, final long e,
                     final boolean isCross, final long m) {
        account[k] = accountId;
        instrument[k] = i;
        side[k] = s;
        qty[k] = q;
        entry[k] = e;
        cross[k] = isCross;
        margin[k] = m;
    }

    /** A price within ±{@code spread} of {@code price}, on the 1-raw-unit tick both instruments have. */
    private static long around(final long price, final double spread, final SplittableRandom rnd) {
        return price + Math.round(price * spread * (2 * rnd.nextDouble() - 1));
    }

    /** The highest account id in the book. */
    long lastAccount() {
        long max = 0;
        for (int k = 0; k < positions; k++) {
            max = Math.max(max, account[k]);
        }
        return max;
    }
}
