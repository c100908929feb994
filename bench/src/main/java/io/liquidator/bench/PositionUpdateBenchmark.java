package io.liquidator.bench;

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
 * A position update that moves an existing position's thresholds, on a quiet book of
 * {@code positions} ({@link Book#quiet}). Each op is one {@code onPosition} for the next of up to
 * 65,536 existing BTCUSDT positions (round robin, so the slots touched are spread over the book),
 * alternating each position between two states (quantity, entry, and for isolated the margin, all
 * redrawn within the quiet range), so every update really moves its keys:
 * <ul>
 *   <li>{@code isolated}: account and slot lookups (Agrona maps), the position's keys removed from
 *       the index, the solver run for its next threshold, the key re-inserted (O(log n));</li>
 *   <li>{@code cross}: the same lookups, unlinking and relinking the position in its account's book,
 *       and re-splitting the book: every market of the account (here 2) re-solved and re-keyed.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class PositionUpdateBenchmark {
    @Param({"1000000"})
    int positions;

    @Param({"isolated", "cross"})
    String kind;

    private Book book;
    private long[] account;
    private int[] side;
    private long[][] qty;
    private long[][] entry;
    private long[][] margin;
    private boolean[] second;
    private boolean cross;
    private int mask;
    private int cursor;

    @Setup(Level.Trial)
    public void build() {
        book = Book.quiet(positions, 42);
        cross = "cross".equals(kind);
        // quiet book: position k (account k + 1) is cross when k % 100 == 99, long when k is even
        final int eligible = cross ? positions / 100 : positions - positions / 100;
        if (eligible == 0) {
            throw new IllegalStateException("no " + kind + " positions in a book of " + positions);
        }
        final int n = Math.min(65_536, Integer.highestOneBit(eligible));
        mask = n - 1;
        account = new long[n];
        side = new int[n];
        qty = new long[2][n];
        entry = new long[2][n];
        margin = new long[2][n];
        second = new boolean[n];
        final SplittableRandom rnd = new SplittableRandom(7);
        final int stride = Math.max(1, eligible / n);
        int found = 0;
        for (int k = 0, seen = 0; k < positions && found < n; k++) {
            if ((k % 100 == 99) != cross || seen++ % stride != 0) {
                continue;
            }
            account[found] = k + 1;
            side[found] = (k & 1) == 0 ? Side.LONG : Side.SHORT;
            for (int v = 0; v < 2; v++) {
                qty[v][found] = 1 + rnd.nextInt(1000);
                entry[v][found] = Book.around(Book.BTC_MARK, 0.01, rnd);
                margin[v][found] = cross ? 0 : book.isolatedMargin(qty[v][found], entry[v][found], 2, 10, rnd);
            }
            found++;
        }
        if (found != n) {
            throw new IllegalStateException("found " + found + " of " + n + " " + kind + " positions");
        }
    }

    @Benchmark
    public void update() {
        final int i = cursor++ & mask;
        final int v = second[i] ? 1 : 0;
        second[i] = !second[i];
        final long seq = book.seq();
        book.engine.onPosition(seq, seq, account[i], Book.BTC, side[i], qty[v][i], entry[v][i], cross, margin[v][i]);
    }

    @TearDown(Level.Trial)
    public void check() {
        if (book.sink.events() != 0) {
            throw new IllegalStateException("updates produced events: rejections " + book.sink.rejections
                + ", margin calls " + book.sink.marginCalls + ", liquidations " + book.sink.liquidations);
        }
        if (book.engine.countIndexMisses() != 0) {
            throw new IllegalStateException("index misses after the updates");
        }
    }
}
