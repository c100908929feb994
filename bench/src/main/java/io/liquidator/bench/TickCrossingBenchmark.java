package io.liquidator.bench;

import io.liquidator.engine.margin.LiquidationPriceSolver;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Rates;
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

import java.util.concurrent.TimeUnit;

/**
 * A mark-price tick that crosses exactly {@code crossings} thresholds, on a quiet background book of
 * {@code background} positions ({@link Book#quiet}).
 *
 * <p>The {@code crossings} trigger positions are identical 50× BTCUSDT longs (0.5 BTC at 60000.0,
 * one per account). The tick alternates between two prices found with the solver, so that every op
 * crosses exactly {@code crossings} keys and the book returns to where it was every two ops:
 * <ul>
 *   <li>down to their 80 % margin-call edge (above the 90 % edge): each is popped from the adverse
 *       heap, evaluated, fires a level-1 margin call, and is re-keyed (adverse key → the 90 % edge,
 *       recovery key → the 75 % re-arm edge, 80 % minus the 5 % hysteresis);</li>
 *   <li>up to the first price past the re-arm edge: each is popped from the recovery heap,
 *       evaluated, re-armed (level back to 0, no event), and re-keyed (adverse key → the 80 % edge).</li>
 * </ul>
 * So ns/op is the average of a firing tick and a re-arming tick, each visiting {@code crossings}
 * positions: divide by {@code crossings} for the cost per crossed position (evaluation, the
 * margin-call event to a no-op sink, two solver runs, heap pops and pushes, and the per-tick sort
 * of the candidates by account).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TickCrossingBenchmark {
    @Param({"1", "100", "10000"})
    int crossings;

    @Param({"100000"})
    int background;

    private Book book;
    private long fire;
    private long rearm;
    private boolean down;
    private long callsBefore;
    private long ticks;

    @Setup(Level.Trial)
    public void build() {
        book = Book.quiet(background, 42);
        final long qty = 500;
        final long entry = Book.BTC_MARK;
        final long margin = io.liquidator.engine.margin.MarginMath.initialMargin(book.btc, qty, entry, 50 * Rates.ONE);
        final LiquidationPriceSolver solver = new LiquidationPriceSolver();
        final long level1 = solver.reset(book.btc, margin, 4, 5).addLeg(Side.LONG, qty, entry).liquidationTrigger();
        final long level2 = solver.reset(book.btc, margin, 9, 10).addLeg(Side.LONG, qty, entry).liquidationTrigger();
        final long rearmEdge = solver.reset(book.btc, margin, 3, 4).addLeg(Side.LONG, qty, entry).liquidationTrigger();
        fire = level1;
        rearm = rearmEdge + book.btc.tickSize();
        if (!(level2 < fire && fire < rearm && rearm < entry)) {
            throw new IllegalStateException("unexpected edges: 90% " + level2 + ", 80% " + level1 + ", re-arm " + rearm);
        }
        final long firstAccount = 100_000_000L;
        for (int k = 0; k < crossings; k++) {
            final long seq = book.seq();
            book.engine.onPosition(seq, seq, firstAccount + k, Book.BTC, Side.LONG, qty, entry, false, margin);
        }
        // two rounds by hand: each firing tick must call exactly `crossings` margins, the re-arming tick none
        for (int round = 1; round <= 2; round++) {
            tick();
            tick();
            if (book.sink.marginCalls != (long) round * crossings || book.sink.events() != book.sink.marginCalls) {
                throw new IllegalStateException("round " + round + ": " + book.sink.marginCalls + " margin calls, "
                    + book.sink.events() + " events, expected " + round * crossings + " margin calls only");
            }
        }
        callsBefore = book.sink.marginCalls;
        ticks = 0;
    }

    @Benchmark
    public void tick() {
        final long seq = book.seq();
        down = !down;
        book.engine.onMarkPrice(seq, seq, Book.BTC, down ? fire : rearm);
        ticks++;
    }

    @TearDown(Level.Trial)
    public void check() {
        final long expected = (ticks + 1) / 2 * crossings;
        if (book.sink.marginCalls - callsBefore != expected || book.sink.events() != book.sink.marginCalls) {
            throw new IllegalStateException("expected " + expected + " margin calls over " + ticks + " ticks, got "
                + (book.sink.marginCalls - callsBefore) + " (events " + book.sink.events() + ")");
        }
    }
}
