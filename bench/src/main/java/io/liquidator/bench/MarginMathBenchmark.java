package io.liquidator.bench;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.LiquidationPriceSolver;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Rates;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The margin formulas the tick path is made of, on 1,024 BTCUSDT positions cycled through in turn
 * (so neither the branch predictor nor the JIT sees one constant input): 0.001–50 BTC (notionals up
 * to 3 M USDT, the first four maintenance brackets), marks within ±5 % of the entry, 2–50×.
 * <ul>
 *   <li>{@code surplus}: ⌈PnL − MM⌉ at the mark, one 128-bit rounding — what every evaluation does;</li>
 *   <li>{@code maintenanceMargin}: bracket lookup and MM at the mark;</li>
 *   <li>{@code liquidationTrigger}: the exact trigger price of one isolated position (closed form,
 *       then a galloping search to the edge) — what every re-key does.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MarginMathBenchmark {
    private static final int N = 1024;

    private Instrument btc;
    private final LiquidationPriceSolver solver = new LiquidationPriceSolver();
    private final int[] side = new int[N];
    private final long[] qty = new long[N];
    private final long[] entry = new long[N];
    private final long[] mark = new long[N];
    private final long[] margin = new long[N];
    private int cursor;

    @Setup(Level.Trial)
    public void build() {
        btc = LiquidatorConfig.bundledDefault().instruments().get(Book.BTC);
        final SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < N; i++) {
            side[i] = rnd.nextBoolean() ? Side.LONG : Side.SHORT;
            qty[i] = 1 + rnd.nextInt(50_000);
            entry[i] = Book.around(Book.BTC_MARK, 0.05, rnd);
            mark[i] = Book.around(entry[i], 0.05, rnd);
            margin[i] = MarginMath.initialMargin(btc, qty[i], entry[i], (2 + rnd.nextInt(49)) * Rates.ONE);
        }
    }

    @Benchmark
    public long surplus() {
        final int i = cursor++ & (N - 1);
        return MarginMath.surplus(btc, side[i], qty[i], entry[i], mark[i]);
    }

    @Benchmark
    public long maintenanceMargin() {
        final int i = cursor++ & (N - 1);
        return MarginMath.maintenanceMargin(btc, qty[i], entry[i], mark[i]);
    }

    @Benchmark
    public long liquidationTrigger() {
        final int i = cursor++ & (N - 1);
        return solver.reset(btc, margin[i]).addLeg(side[i], qty[i], entry[i]).liquidationTrigger();
    }
}
