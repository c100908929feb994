package io.liquidator.bench;

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
 * A mark-price tick that crosses no threshold, on a book of {@code positions} BTCUSDT positions
 * ({@link Book#quiet}: every threshold at least 7 % away). The tick alternates between the mark
 * and one tick (0.1) above it, so each op is one {@code onMarkPrice} that validates the price,
 * stores it and asks the liquidation index whether anything was crossed (the top of four heaps).
 * The claim under test: the cost does not grow with the book (O(1), not O(n)).
 *
 * <p>The 10 M book takes about 3 GB and half a minute to build, once per fork (-Xmx8g).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class TickBenchmark {
    @Param({"1000", "100000", "1000000", "10000000"})
    int positions;

    private Book book;
    private long low;
    private long high;
    private boolean up;

    @Setup(Level.Trial)
    public void build() {
        book = Book.quiet(positions, 42);
        low = Book.BTC_MARK;
        high = Book.BTC_MARK + book.btc.tickSize();
    }

    @Benchmark
    public void tick() {
        final long seq = book.seq();
        up = !up;
        book.engine.onMarkPrice(seq, seq, Book.BTC, up ? high : low);
    }

    @TearDown(Level.Trial)
    public void check() {
        if (book.sink.events() != 0) {
            throw new IllegalStateException("a quiet tick produced events: " + book.sink.events());
        }
        if (book.engine.openPositions() < positions) {
            throw new IllegalStateException("positions lost: " + book.engine.openPositions());
        }
    }
}
