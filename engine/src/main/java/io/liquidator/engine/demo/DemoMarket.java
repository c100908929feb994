package io.liquidator.engine.demo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The market the demo replays, as a file of one-minute bars in the 5-column kline layout
 * ({@code ts,open,high,low,close}) that {@link io.liquidator.engine.replay.BinanceKlines} reads: each
 * bar becomes four marks (open, the nearer extreme, the other extreme, close), so the demo's ticks
 * go through the same conversion as {@code liquidator replay --ticks-format binance-klines}.
 *
 * <p>Two kinds, and the label says which: the bundled real crash of 2021-05-19 ({@value #CRASH_RESOURCE},
 * copied out of the jar into the run's directory, as replay reads files), or a seeded synthetic walk
 * with a crash ({@link #simulated}) for any length of run.
 */
public final class DemoMarket {
    /** The bundled real market, next to this class; its source is in SOURCE.md beside it and in the README. */
    public static final String CRASH_RESOURCE = "btcusdt-spot-1m-2021-05-19.csv";
    /** Bars in the bundled file. */
    public static final int CRASH_BARS = 975;
    static final String HEADER = "ts,open,high,low,close";
    /** The simulated market starts on 2000-01-01 00:00 UTC: a date no one mistakes for real data. */
    static final long SIMULATED_START_MS = 946_684_800_000L;
    private static final long MINUTE_MS = 60_000L;
    private static final double JUMP_CHANCE = 0.015;
    private static final double MAX_JUMPS = 6;

    private final Path file;
    private final String label;
    private final boolean simulated;
    private final int bars;
    private final long firstOpenTime;
    private final long openPrice;

    private DemoMarket(final Path file, final String label, final boolean simulated, final int bars,
                       final long firstOpenTime, final long openPrice) {
        this.file = file;
        this.label = label;
        this.simulated = simulated;
        this.bars = bars;
        this.firstOpenTime = firstOpenTime;
        this.openPrice = openPrice;
    }

    /**
     * The real crash: the first {@code bars} bars of the bundled file (all of them if {@code bars}
     * is 0 or more than it has), written to {@code dir/btcusdt-1m.csv}.
     */
    public static DemoMarket crash(final Path dir, final int bars) {
        final int n = bars <= 0 ? CRASH_BARS : Math.min(bars, CRASH_BARS);
        final Path out = dir.resolve("btcusdt-1m.csv");
        long first = 0;
        long open = 0;
        try (InputStream in = DemoMarket.class.getResourceAsStream(CRASH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled " + CRASH_RESOURCE + " is missing from the classpath");
            }
            final BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                final String header = r.readLine();
                if (!HEADER.equals(header)) {
                    throw new IllegalStateException("the bundled " + CRASH_RESOURCE + " has the header " + header);
                }
                w.write(header);
                w.write('\n');
                for (int i = 0; i < n; i++) {
                    final String line = r.readLine();
                    if (line == null) {
                        break;
                    }
                    if (i == 0) {
                        final String[] f = line.split(",");
                        first = Long.parseLong(f[0]);
                        open = new java.math.BigDecimal(f[1]).setScale(1, java.math.RoundingMode.HALF_UP).unscaledValue()
                            .longValueExact(); // as BinanceKlines rounds: half up to the 0.1 tick
                    }
                    w.write(line);
                    w.write('\n');
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot copy the bundled market to " + out, e);
        }
        final String span = n == CRASH_BARS ? "00:00-16:14 UTC" : "first " + n + " minutes";
        return new DemoMarket(out, "BTCUSDT 2021-05-19 " + span + ", Binance spot 1-minute bars (real market data)",
            false, n, first, open);
    }

    /**
     * A clearly synthetic market of {@code minutes} one-minute bars, written to
     * {@code dir/simulated-1m.csv}: a random walk from 43,000 USDT (0.1 % a minute, less on long
     * runs), a crash of about 35 % over the middle third (noisier: up to 0.4 % a minute, and a gap of
     * 1.5–4 % in one minute of 70, at most 6 expected) and a rebound to about −17 % over the last
     * third. Each bar's high and low lie a random distance outside its open and close. Same seed,
     * same file.
     */
    public static DemoMarket simulated(final Path dir, final int minutes, final long seed) {
        if (minutes < 1) {
            throw new IllegalArgumentException("minutes must be positive");
        }
        final Path out = dir.resolve("simulated-1m.csv");
        final SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        final double start = 43_000;
        final int crashFrom = minutes / 3;
        final int crashTo = Math.max(crashFrom + 1, 2 * minutes / 3);
        final int reboundTo = Math.max(crashTo + 1, minutes);
        // the crash falls partly by drift, partly by gaps: 1.5 % of its minutes (at most 6 expected in all) drop
        // 1.5-4 % at once (mean 2.75 %), so that some positions are closed past their bankruptcy price, as in
        // a real crash; a long run is less noisy a minute, so that the noise of each third stays near ±5 %
        final double jumpChance = Math.min(JUMP_CHANCE, MAX_JUMPS / (crashTo - crashFrom));
        final double jumpLog = jumpChance * Math.log(1 - 0.0275);
        final double crashDrift = Math.log(0.65) / (crashTo - crashFrom) - jumpLog;
        final double reboundDrift = Math.log(0.83 / 0.65) / (reboundTo - crashTo);
        final double crashSigma = Math.min(0.004, 0.05 / Math.sqrt(crashTo - crashFrom));
        final double calmSigma = Math.min(0.001, 0.05 / Math.sqrt(Math.max(1, crashFrom)));
        double price = start;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (int m = 0; m < minutes; m++) {
                final boolean crashing = m >= crashFrom && m < crashTo;
                final double drift = crashing ? crashDrift : m >= crashTo ? reboundDrift : 0;
                final double sigma = crashing ? crashSigma : calmSigma;
                final double open = price;
                final double jump = crashing && rnd.nextDouble() < jumpChance ? 0.015 + 0.025 * rnd.nextDouble() : 0;
                final double close = Math.max(100, open * (1 - jump) * Math.exp(drift + sigma * gaussian(rnd)));
                final double high = Math.max(open, close) * (1 + Math.abs(gaussian(rnd)) * sigma * 0.7);
                final double low = Math.min(open, close) * (1 - Math.abs(gaussian(rnd)) * sigma * 0.7);
                w.write(String.format(Locale.ROOT, "%d,%.1f,%.1f,%.1f,%.1f%n", SIMULATED_START_MS + m * MINUTE_MS,
                    open, high, low, close));
                price = close;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the simulated market to " + out, e);
        }
        return new DemoMarket(out, "SIMULATED market (seeded random walk with a crash of about 35 %, " + minutes
            + " one-minute bars; not real prices)", true, minutes, SIMULATED_START_MS, Math.round(start * 10));
    }

    private static double gaussian(final SplittableRandom rnd) {
        // Box-Muller, one of the pair: SplittableRandom has no nextGaussian on JDK 17
        final double u = 1.0 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** The bars file, in the 5-column kline layout. */
    public Path file() {
        return file;
    }

    /** What the market is, for the summary and the picture (says SIMULATED when it is). */
    public String label() {
        return label;
    }

    public boolean simulated() {
        return simulated;
    }

    public int bars() {
        return bars;
    }

    /** Open time of the first bar, epoch ms: the book is opened at this instant. */
    public long firstOpenTime() {
        return firstOpenTime;
    }

    /** The first bar's open, raw at BTCUSDT's price scale (0.1). */
    public long openPrice() {
        return openPrice;
    }
}
