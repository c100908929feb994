package io.liquidator.engine.pipeline;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Rates;

import java.util.List;
import java.util.Random;

/**
 * A realistic input stream, generated once into primitive columns so that replaying it (straight
 * into an engine, or through a publisher) allocates nothing and two replays see identical inputs.
 *
 * <p>On the bundled BTCUSDT (id 0, 60000.0) and ETHUSDT (id 1, 3000.00): isolated positions at 2–50×
 * (skewed low, median about 14×)
 * with entries within ±3 % of the start, half long half short, one per account; cross accounts with
 * a USDT wallet backing a BTCUSDT and an ETHUSDT position at 3–20×. Three segments:
 * <ol>
 *   <li>book: the first marks, the wallets and every position;</li>
 *   <li>warm-up: a sweep of each mark to −40 % and +50 % and back in 0.25 % steps (margin calls,
 *       liquidations, every book-sized buffer grows here), the book restored, then a random walk
 *       like the measured one;</li>
 *   <li>measured: 90 % mark ticks on a mean-reverting random walk (σ ≈ 1.6 % stationary, rare
 *       ±2 % jumps) that crosses margin-call and liquidation thresholds, 9 % isolated position
 *       updates (re-index an open position, re-open a liquidated one, 2 % close), 0.8 % cross
 *       position updates, 0.2 % wallet updates, a funding settlement every 250,000 events.</li>
 * </ol>
 * Input sequence = index + 1, timestamp = sequence (ms).
 */
final class Workload {
    static final int BTC = 0;
    static final int ETH = 1;
    static final long[] START = {600_000L, 300_000L};
    static final long CROSS_ACCOUNT_BASE = 10_000_000L;

    private static final byte MARK = (byte) InputEvent.MARK_PRICE;
    private static final byte POSITION = (byte) InputEvent.POSITION;
    private static final byte WALLET = (byte) InputEvent.WALLET;
    private static final byte FUNDING = (byte) InputEvent.FUNDING;

    final List<Instrument> instruments = LiquidatorConfig.bundledDefault().instruments();

    private byte[] kind;
    private byte[] instrument;
    private long[] account;
    private byte[] side;
    private long[] qty;
    private long[] price;
    private long[] amount;
    private boolean[] cross;
    private int size;

    int bookEnd;
    int warmupEnd;

    // the book as first opened, to restore it
    private final int isolated;
    private final int crossAccounts;
    private final byte[] isoInstrument;
    private final byte[] isoSide;
    private final long[] isoQty;
    private final long[] isoEntry;
    private final long[] isoMargin;
    private final byte[][] crossSide;
    private final long[][] crossQty;
    private final long[][] crossEntry;
    private final long[] crossWallet;

    private final Random rnd;
    private final long[] mark = START.clone();

    private Workload(final long seed, final int isolated, final int crossAccounts, final int capacity) {
        this.rnd = new Random(seed);
        this.isolated = isolated;
        this.crossAccounts = crossAccounts;
        kind = new byte[capacity];
        instrument = new byte[capacity];
        account = new long[capacity];
        side = new byte[capacity];
        qty = new long[capacity];
        price = new long[capacity];
        amount = new long[capacity];
        cross = new boolean[capacity];
        isoInstrument = new byte[isolated];
        isoSide = new byte[isolated];
        isoQty = new long[isolated];
        isoEntry = new long[isolated];
        isoMargin = new long[isolated];
        crossSide = new byte[crossAccounts][2];
        crossQty = new long[crossAccounts][2];
        crossEntry = new long[crossAccounts][2];
        crossWallet = new long[crossAccounts];
    }

    static Workload generate(final long seed, final int isolated, final int crossAccounts, final int warmupWalk,
                             final int measured) {
        final int stress = 2 * 2 * 800 + 2 * (isolated + 3 * crossAccounts);
        final Workload w = new Workload(seed, isolated, crossAccounts,
            isolated + 3 * crossAccounts + 2 + stress + warmupWalk + measured + 64);
        w.book();
        w.bookEnd = w.size;
        w.sweep(BTC);
        w.sweep(ETH);
        w.restore();
        w.walk(warmupWalk);
        w.warmupEnd = w.size;
        w.walk(measured);
        return w;
    }

    int size() {
        return size;
    }

    int isolatedPositions() {
        return isolated;
    }

    int crossAccounts() {
        return crossAccounts;
    }

    // ---------------------------------------------------------------------------------------------
    // replay

    /** Feeds inputs [from, to) straight into the engine, with an end of batch every 64 inputs. */
    void replay(final LiquidationEngine engine, final int from, final int to) {
        for (int k = from; k < to; k++) {
            final long seq = k + 1;
            switch (kind[k]) {
                case MARK:
                    engine.onMarkPrice(seq, seq, instrument[k], price[k]);
                    break;
                case POSITION:
                    engine.onPosition(seq, seq, account[k], instrument[k], side[k], qty[k], price[k], cross[k], amount[k]);
                    break;
                case WALLET:
                    engine.onWallet(seq, seq, account[k], 0, amount[k]);
                    break;
                case FUNDING:
                    engine.onFunding(seq, seq, instrument[k], amount[k]);
                    break;
                default:
                    throw new IllegalStateException("kind " + kind[k]);
            }
            if ((k & 63) == 63) {
                engine.onEndOfBatch();
            }
        }
    }

    /** Publishes inputs [from, to) on the ring. */
    void publish(final InputPublisher publisher, final int from, final int to) {
        for (int k = from; k < to; k++) {
            final long seq = k + 1;
            switch (kind[k]) {
                case MARK:
                    publisher.publishMarkPrice(seq, seq, instrument[k], price[k]);
                    break;
                case POSITION:
                    publisher.publishPosition(seq, seq, account[k], instrument[k], side[k], qty[k], price[k], cross[k],
                        amount[k]);
                    break;
                case WALLET:
                    publisher.publishWallet(seq, seq, account[k], 0, amount[k]);
                    break;
                case FUNDING:
                    publisher.publishFunding(seq, seq, instrument[k], amount[k]);
                    break;
                default:
                    throw new IllegalStateException("kind " + kind[k]);
            }
        }
    }

    String describe(final int k) {
        return "kind=" + kind[k] + " instrument=" + instrument[k] + " account=" + account[k] + " side=" + side[k] + " qty="
            + qty[k] + " price=" + price[k] + " amount=" + amount[k] + " cross=" + cross[k];
    }

    /** How many inputs of each kind [from, to) holds: {marks, positions, wallets, fundings}. */
    long[] census(final int from, final int to) {
        final long[] c = new long[4];
        for (int k = from; k < to; k++) {
            c[kind[k] - 1]++;
        }
        return c;
    }

    // ---------------------------------------------------------------------------------------------
    // generation

    private void book() {
        for (int i = 0; i < 2; i++) {
            add(MARK, i, 0, 0, 0, START[i], 0, false);
        }
        for (int a = 0; a < isolated; a++) {
            final int i = a % 2;
            isoInstrument[a] = (byte) i;
            isoSide[a] = (byte) (rnd.nextBoolean() ? Side.LONG : Side.SHORT);
            isoQty[a] = randomQty(i);
            isoEntry[a] = START[i] + Math.round(START[i] * (rnd.nextDouble() * 0.06 - 0.03));
            // at least the initial margin, and solvent at the opening mark (the engine refuses a position
            // already bankrupt at the mark): a loss beyond the leverage's margin is added on top
            isoMargin[a] = MarginMath.initialMargin(instruments.get(i), isoQty[a], isoEntry[a], leverage())
                + Math.max(0, -MarginMath.unrealizedPnl(instruments.get(i), isoSide[a], isoQty[a], isoEntry[a], START[i]));
        }
        for (int c = 0; c < crossAccounts; c++) {
            long notional = 0;
            for (int i = 0; i < 2; i++) {
                crossSide[c][i] = (byte) (rnd.nextBoolean() ? Side.LONG : Side.SHORT);
                crossQty[c][i] = randomQty(i);
                crossEntry[c][i] = START[i] + Math.round(START[i] * (rnd.nextDouble() * 0.04 - 0.02));
                notional += MarginMath.notional(instruments.get(i), crossQty[c][i], crossEntry[c][i]);
            }
            crossWallet[c] = notional / (3 + rnd.nextInt(18));
        }
        restore();
    }

    /** Every position and wallet back to the book's opening state. */
    private void restore() {
        for (int a = 0; a < isolated; a++) {
            add(POSITION, isoInstrument[a], a + 1, isoSide[a], isoQty[a], isoEntry[a], isoMargin[a], false);
        }
        for (int c = 0; c < crossAccounts; c++) {
            add(WALLET, 0, CROSS_ACCOUNT_BASE + c, 0, 0, 0, crossWallet[c], false);
            for (int i = 0; i < 2; i++) {
                add(POSITION, i, CROSS_ACCOUNT_BASE + c, crossSide[c][i], crossQty[c][i], crossEntry[c][i], 0, true);
            }
        }
    }

    /** The mark to −40 %, to +50 %, back to the start, in 0.25 % steps. */
    private void sweep(final int i) {
        final long step = START[i] / 400;
        for (long p = START[i]; p > START[i] * 6 / 10; p -= step) {
            tick(i, p);
        }
        for (long p = START[i] * 6 / 10; p < START[i] * 15 / 10; p += step) {
            tick(i, p);
        }
        for (long p = START[i] * 15 / 10; p > START[i]; p -= step) {
            tick(i, p);
        }
        tick(i, START[i]);
    }

    private void walk(final int events) {
        final int end = size + events;
        long sinceFunding = 0;
        while (size < end) {
            if (++sinceFunding == 250_000) {
                sinceFunding = 0;
                final int i = rnd.nextInt(2);
                add(FUNDING, i, 0, 0, 0, 0, rnd.nextBoolean() ? 10_000 : -10_000, false);
                continue;
            }
            final int r = rnd.nextInt(1000);
            if (r < 900) {
                final int i = rnd.nextInt(10) < 6 ? BTC : ETH;
                final double p0 = START[i];
                double next = mark[i] + 0.002 * (p0 - mark[i]) + 0.001 * p0 * rnd.nextGaussian();
                if (rnd.nextInt(5000) == 0) {
                    next += (rnd.nextBoolean() ? 0.02 : -0.02) * p0;
                }
                next = Math.max(0.7 * p0, Math.min(1.3 * p0, next));
                tick(i, Math.round(next));
            } else if (r < 990) {
                final int a = rnd.nextInt(isolated);
                final int i = isoInstrument[a];
                if (rnd.nextInt(50) == 0) {
                    add(POSITION, i, a + 1, isoSide[a], 0, 0, 0, false);
                } else {
                    final long q = randomQty(i);
                    final long entry = mark[i] + Math.round(mark[i] * (rnd.nextDouble() * 0.02 - 0.01));
                    add(POSITION, i, a + 1, isoSide[a], q, entry,
                        MarginMath.initialMargin(instruments.get(i), q, entry, leverage()), false);
                }
            } else if (r < 998) {
                final int c = rnd.nextInt(crossAccounts);
                final int i = rnd.nextInt(2);
                final long entry = mark[i] + Math.round(mark[i] * (rnd.nextDouble() * 0.02 - 0.01));
                add(POSITION, i, CROSS_ACCOUNT_BASE + c, crossSide[c][i], randomQty(i), entry, 0, true);
            } else {
                final int c = rnd.nextInt(crossAccounts);
                add(WALLET, 0, CROSS_ACCOUNT_BASE + c, 0, 0, 0, Math.round(crossWallet[c] * (0.8 + 0.4 * rnd.nextDouble())),
                    false);
            }
        }
    }

    private void tick(final int i, final long p) {
        mark[i] = p;
        add(MARK, i, 0, 0, 0, p, 0, false);
    }

    /** BTC 0.001–2.000, ETH 0.010–40.000 (qty scale 3): notionals up to about 120,000 USDT. */
    private long randomQty(final int i) {
        return i == BTC ? 1 + rnd.nextInt(2000) : 10 + rnd.nextInt(39_991);
    }

    /** 2–50×, skewed low as on a real venue (median about 14×). */
    private long leverage() {
        final double u = rnd.nextDouble();
        return (2 + (long) (49 * u * u)) * Rates.ONE;
    }

    private void add(final byte k, final int i, final long acc, final int s, final long q, final long p, final long amt,
                     final boolean x) {
        kind[size] = k;
        instrument[size] = (byte) i;
        account[size] = acc;
        side[size] = (byte) s;
        qty[size] = q;
        price[size] = p;
        amount[size] = amt;
        cross[size] = x;
        size++;
    }
}
