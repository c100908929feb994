package io.liquidator.engine.demo;

import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;
import io.liquidator.engine.replay.PositionsCsv;
import io.liquidator.engine.replay.WalletsCsv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The demo's generated book: one BTCUSDT position per account, as it stood when the market opens,
 * seeded so that a run is reproducible. Written as the Positions and Wallets CSVs of formats.md,
 * which the demo replays like any user's files.
 *
 * <p>The distributions are assumptions, chosen to be plausible for a retail-heavy venue in May 2021
 * (the design notes give none); they are stated here so a reader can judge them:
 * <ul>
 *   <li><b>Leverage</b> 2–125×, the round numbers traders pick, skewed low: 2× 6 %, 3× 9 %, 5× 16 %,
 *       10× 25 %, 15× 6 %, 20× 19 %, 25× 6 %, 50× 6 %, 75× 2 %, 100× 3 %, 125× 2 % (median 10×, 13 %
 *       at 50× or more), then capped at the bracket's maximum for the position's notional
 *       (125× only under 50,000 USDT, as on Binance).</li>
 *   <li><b>Side</b> 60 % long: longs were crowded before the crash (funding was positive).</li>
 *   <li><b>Margin mode</b> half cross, half isolated. A cross account's USDT wallet holds the
 *       position's initial margin plus spare collateral (exponential, mean 50 % of it), so its
 *       effective leverage is lower than the one it picked.</li>
 *   <li><b>Size</b> log-normal notional, median 2,000 USDT (σ = 1.6, so a few accounts hold
 *       hundreds of thousands), capped at 2,000,000 USDT; at least 0.001 BTC.</li>
 *   <li><b>Entry</b> opened an exponential time ago (mean 36 h, at most 7 days) on an assumed
 *       path that slides linearly from 50,000 USDT seven days before the open to the opening price,
 *       ± 3 % noise, kept inside 40,000–50,000 USDT (a plausible range for the week before
 *       2021-05-19; not data).</li>
 *   <li><b>Survivors only</b>: a position whose margin ratio at the opening price would already
 *       have reached the first margin-call level (80 %) would have been margin-called or
 *       liquidated before the open, so its entry is drawn again (up to 50 times, then it is
 *       opened at the opening price). This keeps the leverage mix and places the high-leverage
 *       longs where they could have survived: at the week's dips.</li>
 * </ul>
 */
public final class DemoBook {
    static final int[] LEVERAGE = {2, 3, 5, 10, 15, 20, 25, 50, 75, 100, 125};
    static final int[] LEVERAGE_WEIGHT = {6, 9, 16, 25, 6, 19, 6, 6, 2, 3, 2};
    static final int LONG_PERCENT = 60;
    static final int CROSS_PERCENT = 50;
    static final double MEDIAN_NOTIONAL = 2_000;
    static final double NOTIONAL_SIGMA = 1.6;
    static final double MAX_NOTIONAL = 2_000_000;
    static final double MEAN_AGE_HOURS = 36;
    static final double MAX_AGE_HOURS = 7 * 24;
    static final double WEEK_AGO_PRICE = 50_000;
    static final double MIN_PRICE = 40_000;
    static final double MAX_PRICE = 50_000;
    private static final int REDRAWS = 50;

    private final Instrument inst;
    private final int size;
    private final boolean[] cross;
    private final int[] side;
    private final long[] qty;
    private final long[] entry;
    private final int[] leverage;
    /** Isolated margin, or the cross wallet balance (balance units). */
    private final long[] margin;

    private DemoBook(final Instrument inst, final int size) {
        this.inst = inst;
        this.size = size;
        this.cross = new boolean[size];
        this.side = new int[size];
        this.qty = new long[size];
        this.entry = new long[size];
        this.leverage = new int[size];
        this.margin = new long[size];
    }

    /**
     * Generates {@code accounts} accounts (ids 1..n) on {@code inst} (a linear USDT instrument with a
     * 0.1 tick and 0.001 step, as BTCUSDT), solvent at {@code openPrice} below {@code firstLevel}.
     *
     * @param firstLevel the lowest margin-call level ({@link Rates} units)
     */
    public static DemoBook generate(final Instrument inst, final int accounts, final long seed, final long openPrice,
                                    final long firstLevel) {
        if (accounts < 1) {
            throw new IllegalArgumentException("accounts must be positive");
        }
        final DemoBook b = new DemoBook(inst, accounts);
        final SplittableRandom rnd = new SplittableRandom(seed);
        final double open = openPrice / 10.0;
        for (int a = 0; a < accounts; a++) {
            b.cross[a] = rnd.nextInt(100) < CROSS_PERCENT;
            b.side[a] = rnd.nextInt(100) < LONG_PERCENT ? Side.LONG : Side.SHORT;
            final double notional = Math.min(MAX_NOTIONAL,
                MEDIAN_NOTIONAL * Math.exp(NOTIONAL_SIGMA * gaussian(rnd)));
            final int picked = pickLeverage(rnd);
            final double spare = b.cross[a] ? -0.5 * Math.log(1.0 - rnd.nextDouble()) : 0;
            long entry = 0;
            long qty = 0;
            long margin = 0;
            int lev = picked;
            for (int attempt = 0; attempt <= REDRAWS; attempt++) {
                entry = attempt == REDRAWS ? openPrice : Math.round(entryPrice(rnd, open) * 10);
                qty = Math.max(1, Math.round(notional / (entry / 10.0) * 1000));
                lev = Math.min(picked, maxLeverage(inst, MarginMath.notional(inst, qty, entry)));
                final long initial = MarginMath.initialMargin(inst, qty, entry, lev * Rates.ONE);
                margin = initial + Math.round(initial * spare);
                final long equity = MarginMath.marginBalance(inst, b.side[a], qty, entry, margin, openPrice);
                final long mm = MarginMath.maintenanceMargin(inst, qty, entry, openPrice);
                if (MarginMath.marginRatio(mm, equity) < firstLevel) {
                    break;
                }
            }
            b.entry[a] = entry;
            b.qty[a] = qty;
            b.leverage[a] = lev;
            b.margin[a] = margin;
        }
        return b;
    }

    private static int pickLeverage(final SplittableRandom rnd) {
        int r = rnd.nextInt(100);
        for (int k = 0; k < LEVERAGE.length; k++) {
            r -= LEVERAGE_WEIGHT[k];
            if (r < 0) {
                return LEVERAGE[k];
            }
        }
        return LEVERAGE[LEVERAGE.length - 1];
    }

    /** An entry on the assumed week: exponential age, linear slide to the open, ± 3 %, in range. */
    private static double entryPrice(final SplittableRandom rnd, final double open) {
        double age;
        do {
            age = -MEAN_AGE_HOURS * Math.log(1.0 - rnd.nextDouble());
        } while (age > MAX_AGE_HOURS);
        final double path = open + (WEEK_AGO_PRICE - open) * age / MAX_AGE_HOURS;
        final double noisy = path * (1 + 0.03 * (2 * rnd.nextDouble() - 1));
        return Math.max(MIN_PRICE, Math.min(MAX_PRICE, noisy));
    }

    /** The highest whole leverage the bracket of this notional allows. */
    private static int maxLeverage(final Instrument inst, final long notional) {
        final BracketTable t = inst.brackets();
        return (int) (t.maxLeverage(t.indexOf(notional)) / Rates.ONE);
    }

    static double gaussian(final SplittableRandom rnd) {
        final double u = 1.0 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /**
     * Writes {@code positions.csv} and {@code wallets.csv} (formats.md) into {@code dir}, every row
     * at {@code ts}: the book as it stood when the market opened.
     */
    public void writeTo(final Path dir, final long ts) {
        final int ps = inst.priceScale();
        final int qs = inst.qtyScale();
        final int bs = inst.balanceScale();
        try (BufferedWriter pos = Files.newBufferedWriter(positionsFile(dir), StandardCharsets.UTF_8);
             BufferedWriter wal = Files.newBufferedWriter(walletsFile(dir), StandardCharsets.UTF_8)) {
            pos.write(PositionsCsv.HEADER);
            pos.write('\n');
            wal.write(WalletsCsv.HEADER);
            wal.write('\n');
            for (int a = 0; a < size; a++) {
                final long id = a + 1L;
                final String common = ts + "," + id + "," + inst.symbol() + "," + (side[a] == Side.LONG ? "long" : "short")
                    + "," + Decimals.format(qty[a], qs) + "," + Decimals.format(entry[a], ps) + ",";
                if (cross[a]) {
                    wal.write(ts + "," + id + "," + inst.settlementAsset() + "," + Decimals.format(margin[a], bs) + "\n");
                    pos.write(common + "cross,\n");
                } else {
                    pos.write(common + "isolated," + Decimals.format(margin[a], bs) + "\n");
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the demo book to " + dir, e);
        }
    }

    static Path positionsFile(final Path dir) {
        return dir.resolve("positions.csv");
    }

    static Path walletsFile(final Path dir) {
        return dir.resolve("wallets.csv");
    }

    public int size() {
        return size;
    }

    /** Accounts are numbered 1..size. */
    public boolean cross(final long account) {
        return cross[(int) account - 1];
    }

    public int side(final long account) {
        return side[(int) account - 1];
    }

    public long qty(final long account) {
        return qty[(int) account - 1];
    }

    public long entry(final long account) {
        return entry[(int) account - 1];
    }

    /** The leverage the account picked (capped by its bracket). */
    public int leverage(final long account) {
        return leverage[(int) account - 1];
    }

    /** Isolated margin, or the cross wallet (balance units). */
    public long margin(final long account) {
        return margin[(int) account - 1];
    }

    public int crossAccounts() {
        int n = 0;
        for (final boolean c : cross) {
            n += c ? 1 : 0;
        }
        return n;
    }

    public int longs() {
        int n = 0;
        for (final int s : side) {
            n += s == Side.LONG ? 1 : 0;
        }
        return n;
    }

    /** The book's notional at the entry prices (balance units). */
    public long notional() {
        long n = 0;
        for (int a = 0; a < size; a++) {
            n += MarginMath.notional(inst, qty[a], entry[a]);
        }
        return n;
    }

    /** The median leverage over the accounts. */
    public int medianLeverage() {
        final int[] l = leverage.clone();
        java.util.Arrays.sort(l);
        return l[l.length / 2];
    }
}
