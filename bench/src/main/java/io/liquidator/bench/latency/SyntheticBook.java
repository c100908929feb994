package io.liquidator.bench.latency;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Rates;
import io.liquidator.engine.pipeline.InputPublisher;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The book the latency harness runs against, generated in memory into primitive columns before any
 * timing, so that publishing it (at the start, and again to restore it between rates) allocates
 * nothing and every rate starts from the same book. Seeded: same seed, same book.
 *
 * <p>On the bundled BTCUSDT (id 0, opening mark 60,000.0) and ETHUSDT (id 1, 3,000.00):
 * <ul>
 *   <li>{@code isolated} isolated positions, one per account (ids 1..n), 80 % BTCUSDT and 20 %
 *       ETHUSDT, 55 % long. Quantities skewed small (BTC 0.001–2, ETH 0.01–40, a product of two
 *       uniforms). Leverage from a skewed table as on a retail venue, 2–125× with most of the book at
 *       5–20× ({@link #LEVERAGE}, {@link #WEIGHT_PERMILLE}), capped by the maintenance bracket's
 *       maximum at the position's notional. The entry is within ±min(0.5 %, 25 %/leverage) of the
 *       opening mark: every position opens at most a quarter of its margin in the red, so none
 *       starts above the 80 % margin-call level and the first ticks are quiet.</li>
 *   <li>{@code crossAccounts} cross accounts (ids from {@link #CROSS_ACCOUNT_BASE}), each a USDT
 *       wallet of 1/3 to 1/20 of its notional backing one BTCUSDT and one ETHUSDT position, either
 *       side, entries within ±0.5 %.</li>
 * </ul>
 * A sharp move of 0.1–0.6 % (see {@link PricePath}) reaches the margin-call levels of the 75–125×
 * positions nearest their edge and liquidates some of them; the 2–50× bulk of the book stays
 * untouched.
 */
final class SyntheticBook {
    static final int BTC = 0;
    static final int ETH = 1;
    /** Opening marks, raw: 60,000.0 USDT (price scale 1) and 3,000.00 USDT (price scale 2). */
    static final long[] START = {600_000L, 300_000L};
    static final long CROSS_ACCOUNT_BASE = 1_000_000_000L;

    /** Leverage levels and their share of the isolated book, per mille (sums to 1,000). */
    static final int[] LEVERAGE = {2, 3, 5, 10, 20, 25, 50, 75, 100, 125};
    static final int[] WEIGHT_PERMILLE = {100, 100, 200, 250, 180, 50, 70, 20, 20, 10};

    final List<Instrument> instruments = LiquidatorConfig.bundledDefault().instruments();
    final int isolated;
    final int crossAccounts;

    private final byte[] isoInstrument;
    private final byte[] isoSide;
    private final long[] isoQty;
    private final long[] isoEntry;
    private final long[] isoMargin;
    /** Per cross account c: index 2c is its BTCUSDT leg, 2c + 1 its ETHUSDT leg. */
    private final byte[] crossSide;
    private final long[] crossQty;
    private final long[] crossEntry;
    private final long[] crossWallet;
    /** Isolated positions per {@link #LEVERAGE} level after the bracket cap (for the description). */
    private final int[] leverageCount = new int[LEVERAGE.length];

    private SyntheticBook(final int isolated, final int crossAccounts) {
        this.isolated = isolated;
        this.crossAccounts = crossAccounts;
        isoInstrument = new byte[isolated];
        isoSide = new byte[isolated];
        isoQty = new long[isolated];
        isoEntry = new long[isolated];
        isoMargin = new long[isolated];
        crossSide = new byte[2 * crossAccounts];
        crossQty = new long[2 * crossAccounts];
        crossEntry = new long[2 * crossAccounts];
        crossWallet = new long[crossAccounts];
    }

    static SyntheticBook generate(final long seed, final int isolated, final int crossAccounts) {
        if (isolated < 0 || crossAccounts < 0 || isolated + crossAccounts == 0) {
            throw new IllegalArgumentException("the book needs positions: isolated " + isolated + ", cross " + crossAccounts);
        }
        final SyntheticBook b = new SyntheticBook(isolated, crossAccounts);
        final SplittableRandom rnd = new SplittableRandom(seed);
        for (int a = 0; a < isolated; a++) {
            final int i = rnd.nextInt(5) == 0 ? ETH : BTC;
            final Instrument instrument = b.instruments.get(i);
            final long qty = randomQty(i, rnd);
            int level = leverageLevel(rnd);
            final BracketTable brackets = instrument.brackets();
            final long maxLeverage = brackets.maxLeverage(brackets.indexOf(MarginMath.notional(instrument, qty, START[i])));
            while (level > 0 && LEVERAGE[level] * Rates.ONE > maxLeverage) {
                level--;
            }
            final int leverage = LEVERAGE[level];
            final double spread = Math.min(0.005, 0.25 / leverage);
            final long entry = onTick(instrument, START[i] + Math.round(START[i] * spread * (2 * rnd.nextDouble() - 1)));
            b.isoInstrument[a] = (byte) i;
            b.isoSide[a] = (byte) (rnd.nextInt(100) < 55 ? Side.LONG : Side.SHORT);
            b.isoQty[a] = qty;
            b.isoEntry[a] = entry;
            b.isoMargin[a] = MarginMath.initialMargin(instrument, qty, entry, leverage * Rates.ONE);
            b.leverageCount[level]++;
        }
        for (int c = 0; c < crossAccounts; c++) {
            long notional = 0;
            for (int i = 0; i < 2; i++) {
                final Instrument instrument = b.instruments.get(i);
                final int leg = 2 * c + i;
                b.crossSide[leg] = (byte) (rnd.nextBoolean() ? Side.LONG : Side.SHORT);
                b.crossQty[leg] = randomQty(i, rnd);
                b.crossEntry[leg] = onTick(instrument, START[i] + Math.round(START[i] * 0.005 * (2 * rnd.nextDouble() - 1)));
                notional += MarginMath.notional(instrument, b.crossQty[leg], b.crossEntry[leg]);
            }
            b.crossWallet[c] = notional / (3 + rnd.nextInt(18));
        }
        return b;
    }

    /** A leverage table index, drawn with {@link #WEIGHT_PERMILLE}. */
    private static int leverageLevel(final SplittableRandom rnd) {
        int r = rnd.nextInt(1000);
        for (int k = 0; k < WEIGHT_PERMILLE.length; k++) {
            r -= WEIGHT_PERMILLE[k];
            if (r < 0) {
                return k;
            }
        }
        return WEIGHT_PERMILLE.length - 1;
    }

    /** BTC 0.001–2.000, ETH 0.010–40.000 (qty scale 3), skewed small: most positions are retail-sized. */
    private static long randomQty(final int instrument, final SplittableRandom rnd) {
        final double u = rnd.nextDouble() * rnd.nextDouble();
        return instrument == BTC ? 1 + (long) (u * 1_999) : 10 + (long) (u * 39_990);
    }

    private static long onTick(final Instrument instrument, final long price) {
        final long tick = instrument.tickSize();
        return price / tick * tick;
    }

    /** Inputs {@link #publish} sends: a position per isolated account, a wallet and two positions per cross account. */
    long inputs() {
        return isolated + 3L * crossAccounts;
    }

    /** Positions the engine should expect (for {@code EngineSettings.expectedPositions}). */
    int positions() {
        return isolated + 2 * crossAccounts;
    }

    /**
     * Publishes the whole book as it was generated, sequences {@code lastSequence + 1 ..} (timestamp =
     * sequence); returns the last sequence used. On an engine that already holds the book this
     * restores it: a position update sets the new state (re-opening a liquidated position, resetting
     * its margin-call levels), a wallet update the new balance. Allocation-free.
     */
    long publish(final InputPublisher publisher, final long lastSequence) {
        long seq = lastSequence;
        for (int a = 0; a < isolated; a++) {
            seq++;
            publisher.publishPosition(seq, seq, a + 1, isoInstrument[a], isoSide[a], isoQty[a], isoEntry[a], false,
                isoMargin[a]);
        }
        for (int c = 0; c < crossAccounts; c++) {
            final long account = CROSS_ACCOUNT_BASE + c;
            seq++;
            publisher.publishWallet(seq, seq, account, 0, crossWallet[c]);
            for (int i = 0; i < 2; i++) {
                seq++;
                final int leg = 2 * c + i;
                publisher.publishPosition(seq, seq, account, i, crossSide[leg], crossQty[leg], crossEntry[leg], true, 0);
            }
        }
        return seq;
    }

    /** One line: sizes and the leverage mix as generated (after the bracket cap). */
    String describe() {
        final StringBuilder s = new StringBuilder();
        s.append(String.format("%,d isolated positions (80%% BTCUSDT, 20%% ETHUSDT, 55%% long), %,d cross accounts "
            + "(USDT wallet + BTCUSDT + ETHUSDT legs); isolated leverage:", isolated, crossAccounts));
        for (int k = 0; k < LEVERAGE.length; k++) {
            s.append(String.format(" %dx %.1f%%", LEVERAGE[k], isolated == 0 ? 0.0 : 100.0 * leverageCount[k] / isolated));
        }
        return s.toString();
    }
}
