package io.liquidator.bench;

import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A cross-margin trigger re-split: one input that changes a cross book, after which the engine
 * re-splits the book's margin surplus across its markets (LiquidationEngine#resplit): every leg's
 * index keys removed, the book's surplus at its next level summed over its legs, then for each leg
 * its share of the surplus turned into a trigger price by the solver and keyed again.
 *
 * <p>The book: a quiet background of {@code background} positions ({@link Book#quiet}) plus 4,096
 * cross accounts, each holding {@code legs} USDT positions — BTCUSDT, ETHUSDT, then extra USDT
 * markets ({@link Book#withExtraMarkets}, copies of ETHUSDT marked at 3000.00) — at 2–5× with entries
 * within ±1 % of the marks and random sides. Each op changes the next of those books (round robin, so
 * the slots touched are spread over the book) between two quiet states, so every op really moves
 * its keys, and nothing ever fires (no tick is sent):
 * <ul>
 *   <li>{@code wallet}: {@code onWallet}, the book's USDT wallet alternating between two balances
 *       (leverage redrawn in 2–5×): the account lookup and the re-split alone;</li>
 *   <li>{@code leg}: {@code onPosition} on the book's BTCUSDT leg, alternating between two
 *       quantities and entries: the lookups, unlinking and relinking the leg, and the re-split.</li>
 * </ul>
 * Divide by {@code legs} for the cost per re-keyed market (one solver run and a heap remove + put).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CrossResplitBenchmark {
    /** Cross books changed in turn (a power of two). */
    private static final int BOOKS = 4096;
    private static final long FIRST_ACCOUNT = 200_000_000L;

    @Param({"2", "8"})
    int legs;

    @Param({"1000", "100000"})
    int background;

    private Book book;
    private final long[] account = new long[BOOKS];
    private final long[][] wallet = new long[2][BOOKS];
    private final int[] btcSide = new int[BOOKS];
    private final long[][] btcQty = new long[2][BOOKS];
    private final long[][] btcEntry = new long[2][BOOKS];
    private final boolean[] second = new boolean[BOOKS];
    private int cursor;

    @Setup(Level.Trial)
    public void build() {
        if (legs < 2) {
            throw new IllegalArgumentException("a cross book here holds BTCUSDT and ETHUSDT at least: legs " + legs);
        }
        book = new Book(background + background / 100 + BOOKS * legs + 16, Book.withExtraMarkets(legs - 2));
        book.addQuiet(background, 42, 1);
        final SplittableRandom rnd = new SplittableRandom(5);
        for (int j = 0; j < BOOKS; j++) {
            account[j] = FIRST_ACCOUNT + j;
            // the BTCUSDT leg has two states (for `leg`); the wallet covers the larger of the two
            btcSide[j] = rnd.nextBoolean() ? Side.LONG : Side.SHORT;
            long largest = 0;
            for (int v = 0; v < 2; v++) {
                btcQty[v][j] = 1 + rnd.nextInt(1000);
                btcEntry[v][j] = Book.around(Book.BTC_MARK, 0.01, rnd);
                largest = Math.max(largest, MarginMath.notional(book.btc, btcQty[v][j], btcEntry[v][j]));
            }
            long notional = largest;
            final long[] qty = new long[legs];
            final long[] entry = new long[legs];
            final int[] side = new int[legs];
            for (int k = 1; k < legs; k++) {
                final Instrument inst = book.instruments.get(instrumentOfLeg(k));
                side[k] = rnd.nextBoolean() ? Side.LONG : Side.SHORT;
                qty[k] = 10 + rnd.nextInt(10_000);
                entry[k] = Book.around(Book.ETH_MARK, 0.01, rnd);
                notional += MarginMath.notional(inst, qty[k], entry[k]);
            }
            // two different leverages in 2..5
            final int first = rnd.nextInt(4);
            wallet[0][j] = notional / (2 + first);
            wallet[1][j] = notional / (2 + (first + 1 + rnd.nextInt(3)) % 4);
            long seq = book.seq();
            book.engine.onWallet(seq, seq, account[j], 0, wallet[0][j]);
            seq = book.seq();
            book.engine.onPosition(seq, seq, account[j], Book.BTC, btcSide[j], btcQty[0][j], btcEntry[0][j], true, 0);
            for (int k = 1; k < legs; k++) {
                seq = book.seq();
                book.engine.onPosition(seq, seq, account[j], instrumentOfLeg(k), side[k], qty[k], entry[k], true, 0);
            }
        }
        final int expected = background + background / 100 + BOOKS * legs;
        if (book.engine.openPositions() != expected || book.sink.events() != 0) {
            throw new IllegalStateException("building the book: " + book.engine.openPositions() + " positions (expected "
                + expected + "), " + book.sink.events() + " events (expected none)");
        }
    }

    /** Leg k of a test book: BTCUSDT, ETHUSDT, then the extra USDT markets (skipping BTCUSD, id 2). */
    private static int instrumentOfLeg(final int k) {
        return k == 0 ? Book.BTC : k == 1 ? Book.ETH : Book.FIRST_EXTRA + k - 2;
    }

    @Benchmark
    public void wallet() {
        final int j = cursor++ & (BOOKS - 1);
        final int v = second[j] ? 0 : 1;
        second[j] = !second[j];
        final long seq = book.seq();
        book.engine.onWallet(seq, seq, account[j], 0, wallet[v][j]);
    }

    @Benchmark
    public void leg() {
        final int j = cursor++ & (BOOKS - 1);
        final int v = second[j] ? 0 : 1;
        second[j] = !second[j];
        final long seq = book.seq();
        book.engine.onPosition(seq, seq, account[j], Book.BTC, btcSide[j], btcQty[v][j], btcEntry[v][j], true, 0);
    }

    @TearDown(Level.Trial)
    public void check() {
        if (book.sink.events() != 0) {
            throw new IllegalStateException("re-splits produced events: rejections " + book.sink.rejections
                + ", margin calls " + book.sink.marginCalls + ", liquidations " + book.sink.liquidations);
        }
        if (book.engine.countIndexMisses() != 0) {
            throw new IllegalStateException("index misses after the re-splits");
        }
    }
}
