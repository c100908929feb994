package io.liquidator.bench.latency;

import io.liquidator.engine.pipeline.WaitStrategyChoice;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * End-to-end latency of the liquidator, open loop, at rising tick rates ({@code scripts/bench-latency}).
 *
 * <p><b>What is measured.</b> For every tick: from its <em>planned</em> send time
 * ({@code start + i / rate}) to {@code System.nanoTime()} on the engine thread right after the
 * engine has handled it — validated the mark, found the thresholds it crossed, evaluated those
 * positions and appended every resulting event (margin calls, liquidations, insurance-fund entries)
 * to the Chronicle output journal. So it includes the injector's own lateness, the wait in the
 * Disruptor ring, the hand-off to the engine thread (the wait strategy's wake-up), the engine, and
 * the journal appends. It does not include a consumer reading the journal, nor an fsync (the journal
 * is memory-mapped; the pages reach disk asynchronously). The injector is open loop
 * ({@link OpenLoopInjector}): a stall delays every tick planned behind it and each is charged from
 * its planned time, so coordinated omission is not hidden. Stamps go into a preallocated array on
 * the engine thread ({@link CompletionRecorder}); the HdrHistogram is filled afterwards.
 *
 * <p><b>Workload.</b> A {@link SyntheticBook} (default 1,000,000 isolated positions at 2–125×, plus
 * 5,000 cross accounts) published through the ring before timing, and a {@link PricePath} on which
 * most ticks cross nothing and the few inside a sharp move cross many. Every rate starts from the
 * same book (restored between rates, off the clock) and replays the same path from its start.
 *
 * <p><b>Procedure.</b> Build the book; warm up: sweeps that liquidate the whole book at once (they
 * size the engine's per-tick buffers and compile the liquidation path) and one in small steps (it
 * grows the index's re-arm heaps, see {@link LatencyRig#gradualSweep}), each followed by a restore,
 * rejected inputs until the journal holds a million records (Chronicle's indexing path compiled, see
 * {@link LatencyRig#primeJournal}), and a warm-up run at the first rate (figures discarded); wait for
 * the JIT to go quiet; then for each rate, ascending: GC, restore the book, journal 256 rejections
 * (after a GC Chronicle re-creates per-thread holders), run {@code seconds × rate} ticks, record. Stop after the first rate whose median passes
 * {@code --max-median-us} (1 ms). Outputs one {@code .hgrm} per rate (µs), one PNG with a line per
 * rate ({@link PercentilePlot}), {@code summary.txt} (what was printed), and per rate a
 * {@code timeline-RATE.csv}: the worst latency in each millisecond of the run, which tells a
 * backlog draining after one stall (a saw tooth) from a uniformly slow run.
 *
 * <p><b>Wait strategy.</b> Default SLEEPING, the project's default for shared boxes. BUSY_SPIN gives
 * the lowest hand-off only on an isolated core: on 2 shared vCPUs the spinning engine thread, the
 * spinning injector, the pretoucher, JIT and GC exceed the cores and the tail gets worse.
 */
@Command(name = "bench-latency", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Open-loop end-to-end latency: a tick's planned send time -> the engine done with it, its "
        + "events journaled. Rates step up; prints p50..max per rate, writes .hgrm files and a PNG.")
public final class LatencyHarness implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** Warm-up sweeps liquidate at least this many positions in all (at most {@link #MAX_SWEEPS} sweeps). */
    private static final int WARMUP_SWEPT_POSITIONS = 300_000;
    private static final int MAX_SWEEPS = 30;
    /** The warm-up journals at least this many events (Chronicle's indexing path compiled; see primeJournal). */
    private static final long WARMUP_JOURNALED = 1_000_000;
    /** Rejections journaled after each GC: more than one index interval (64 records). */
    private static final long PRIME_AFTER_GC = 256;
    private static final long SMOKE_SEED = 20260606L;

    @Option(names = "--positions", paramLabel = "N", defaultValue = "1000000",
        description = "Isolated positions in the book (default ${DEFAULT-VALUE}).")
    private int positions;

    @Option(names = "--cross-accounts", paramLabel = "N",
        description = "Cross accounts (wallet + BTCUSDT + ETHUSDT legs; default positions / 200, at least 1).")
    private Integer crossAccounts;

    @Option(names = "--rates", paramLabel = "RATE", split = ",",
        defaultValue = "50000,100000,200000,500000,1000000",
        description = "Tick rates to step through, ticks/s (default ${DEFAULT-VALUE}).")
    private long[] rates;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
        description = "Duration of each rate's run (default ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "5",
        description = "Warm-up run at the first rate, discarded (default ${DEFAULT-VALUE}).")
    private int warmupSeconds;

    @Option(names = "--wait-strategy", paramLabel = "NAME", defaultValue = "SLEEPING",
        description = "Engine thread's wait: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; BUSY_SPIN only "
            + "on an isolated core).")
    private WaitStrategyChoice waitStrategy;

    @Option(names = "--max-median-us", paramLabel = "US", defaultValue = "1000",
        description = "Stop after the first rate whose median exceeds this (default ${DEFAULT-VALUE} us).")
    private double maxMedianMicros;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Where the .hgrm files, latency.png and summary.txt go (default bench/target/latency/<time>).")
    private Path out;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "Output journal directory, new or empty (default: a temporary directory, deleted after).")
    private Path journal;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20260601",
        description = "Seed of the book and the price path (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--sharp-moves", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Sharp price moves in the path (default on; --no-sharp-moves: the quiet walk only, to see the "
            + "steady tick path without liquidation cascades).")
    private boolean sharpMoves;

    @Option(names = "--smoke", description = "A quick end-to-end check: 10,000 positions, one rate (100,000/s) "
        + "for 1 s after a 1 s warm-up; of the other options only --wait-strategy and --out apply.")
    private boolean smoke;

    public static void main(final String[] args) {
        System.exit(new CommandLine(new LatencyHarness()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        final Settings s;
        if (smoke) {
            s = Settings.smoke(out == null ? defaultOut() : out).waitStrategy(waitStrategy);
        } else {
            s = new Settings(positions, crossAccounts == null ? Math.max(1, positions / 200) : crossAccounts,
                rates, seconds, warmupSeconds, waitStrategy, out == null ? defaultOut() : out, journal, seed,
                maxMedianMicros, sharpMoves);
        }
        run(s, System.out);
        return 0;
    }

    private static Path defaultOut() {
        return Path.of(System.getProperty("liquidator.root", ".")).resolve("bench/target/latency")
            .resolve(LocalDateTime.now().format(STAMP));
    }

    /**
     * What to run.
     *
     * @param journal the output journal's directory (new or empty), or null for a temporary one deleted afterwards
     */
    record Settings(int positions, int crossAccounts, long[] rates, int seconds, int warmupSeconds,
                    WaitStrategyChoice waitStrategy, Path out, Path journal, long seed, double maxMedianMicros,
                    boolean sharpMoves) {
        Settings {
            if (positions < 0 || crossAccounts < 0 || positions + crossAccounts == 0) {
                throw new IllegalArgumentException("the book needs positions");
            }
            if (rates == null || rates.length == 0 || Arrays.stream(rates).anyMatch(r -> r <= 0)) {
                throw new IllegalArgumentException("rates must be positive: " + Arrays.toString(rates));
            }
            if (seconds <= 0 || warmupSeconds < 0) {
                throw new IllegalArgumentException("seconds must be positive, warm-up seconds not negative");
            }
            rates = rates.clone();
            Arrays.sort(rates);
            if ((double) rates[rates.length - 1] * seconds > Integer.MAX_VALUE
                || (double) rates[0] * warmupSeconds > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("rate x seconds must stay below 2^31 ticks");
            }
        }

        /**
         * One rate (100,000 ticks/s) for 1 s on 10,000 positions and 50 cross accounts, after a 1 s
         * warm-up. Its seed is one whose single sharp move in those 100,000 ticks is large (+0.55 %),
         * so that the smoke run margin-calls and liquidates.
         */
        static Settings smoke(final Path out) {
            return new Settings(10_000, 50, new long[] {100_000}, 1, 1, WaitStrategyChoice.SLEEPING, out, null,
                SMOKE_SEED, 1000, true);
        }

        Settings waitStrategy(final WaitStrategyChoice choice) {
            return new Settings(positions, crossAccounts, rates, seconds, warmupSeconds, choice, out, journal, seed,
                maxMedianMicros, sharpMoves);
        }

        int ticks(final long rate, final int secs) {
            return (int) (rate * secs);
        }
    }

    /** What a run produced: a result per rate run, in order, and the files. */
    record Report(List<RateResult> results, Path png, Path summary, String stoppedBecause, int indexMisses) {
    }

    /** Runs the whole procedure, printing to {@code console} as it goes; see the class comment. */
    static Report run(final Settings s, final PrintStream console) throws IOException, InterruptedException {
        Files.createDirectories(s.out());
        final Log log = new Log(console);
        final Runtime rt = Runtime.getRuntime();
        log.line("liquidator end-to-end latency, open loop (%s)", LocalDateTime.now().withNano(0));
        log.line("machine: %d CPUs visible, %s %s %s, %s %s, heap max %,d MB", rt.availableProcessors(),
            System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
            System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), rt.maxMemory() >> 20);
        log.line("measured: each tick's planned send time (start + i/rate) -> System.nanoTime() on the engine thread "
            + "right after the engine handled it, every event it caused appended to the Chronicle output journal. "
            + "Open loop: a late injector neither waits nor skips, so coordinated omission is not hidden.");

        long t0 = System.nanoTime();
        final SyntheticBook book = SyntheticBook.generate(s.seed(), s.positions(), s.crossAccounts());
        final int measuredTicks = s.ticks(s.rates()[s.rates().length - 1], s.seconds());
        final int warmupTicks = s.ticks(s.rates()[0], s.warmupSeconds());
        final PricePath path = PricePath.generate(s.seed() + 1, Math.max(measuredTicks, warmupTicks), s.sharpMoves());
        log.line("book: %s (generated in %,d ms)", book.describe(), (System.nanoTime() - t0) / 1_000_000);
        log.line("path: %,d ticks, 7 in 8 on BTCUSDT (quiet mean-reverting walk, %d sharp moves of 0.1-0.6%% over "
            + "5-50 ticks each), 1 in 8 on ETHUSDT following it", path.length(), path.moves());

        final boolean tempJournal = s.journal() == null;
        final Path journalDir = tempJournal ? Files.createTempDirectory("liquidator-latency-") : newOrEmpty(s.journal());
        final List<RateResult> results = new ArrayList<>();
        String stopped = null;
        int misses;
        try (LatencyRig rig = new LatencyRig(book, journalDir, s.waitStrategy(), Math.max(measuredTicks, warmupTicks))) {
            log.line("pipeline: InputPublisher -> Disruptor ring (%,d slots, one producer, %s wait) -> engine thread "
                    + "-> JournalEventSink -> Chronicle OutputJournal in %s (pretouched)", rig.ringSize(),
                rig.waitStrategy(), journalDir);
            t0 = System.nanoTime();
            rig.load();
            log.line("book loaded through the ring in %,d ms", (System.nanoTime() - t0) / 1_000_000);
            warmUp(rig, book, path, s.rates()[0], warmupTicks, log);
            log.line("");
            log.line("%10s %10s %11s %8s %8s %8s %8s %8s %9s %9s %7s %8s %5s %6s %5s",
                "rate/s", "achieved/s", "ticks", "p50 us", "p90 us", "p99 us", "p99.9", "p99.99", "max us",
                "liq.ticks", "liquid.", "m.calls", "moves", "eng.B", "load");
            for (final long rate : s.rates()) {
                final RateResult r = measureRate(rig, path, rate, s.ticks(rate, s.seconds()), s.out());
                results.add(r);
                log.line("%,10d %,10.0f %,11d %8s %8s %8s %8s %8s %9s %,9d %,7d %,8d %5d %,6d %5s", rate,
                    r.achievedRate(), r.ticks(), micros(r.micros(50)), micros(r.micros(90)), micros(r.micros(99)),
                    micros(r.micros(99.9)), micros(r.micros(99.99)), micros(r.maxMicros()), r.liquidatingTicks(),
                    r.liquidations(), r.marginCalls(), r.sharpMoves(), r.engineAllocatedBytes(), loadAverage());
                if (r.micros(50) > s.maxMedianMicros()) {
                    stopped = String.format(Locale.ROOT, "the median passed %s us at %,d ticks/s",
                        micros(s.maxMedianMicros()), rate);
                    break;
                }
            }
            misses = rig.verify();
            log.line("");
            log.line("columns: achieved = (ticks - 1) / (last tick done - first tick planned); liq.ticks = ticks that "
                + "liquidated at least one position; liquid. = liquidations (full + partial); m.calls = margin calls; "
                + "moves = sharp moves in the run; eng.B = bytes the engine thread allocated during the run; load = the "
                + "machine's 1-minute load average after the run (this process alone accounts for about 2: the "
                + "spinning injector and the engine thread; more means other work shared the 2 CPUs).");
            for (final RateResult r : results) {
                log.line("%,d/s: %,d events journaled, injector thread allocated %,d B while sending", r.rate(),
                    r.events(), r.injectorAllocatedBytes());
            }
            log.line("index check after the runs: %d misses; output journal: %,d events", misses, rig.journaled());
            if (stopped != null) {
                log.line("stopped: %s; higher rates not run", stopped);
            }
        } finally {
            if (tempJournal) {
                deleteRecursively(journalDir);
            }
        }
        final Path png = s.out().resolve("latency.png");
        PercentilePlot.write(results, String.format(Locale.ROOT,
            "liquidator, open loop: tick planned -> engine done, events journaled; %,d isolated + %,d cross "
                + "accounts; %s", book.isolated, book.crossAccounts, s.waitStrategy()), png);
        log.line("files: %s (latency-RATE.hgrm, values in us; timeline-RATE.csv, worst us per ms; %s; summary.txt)",
            s.out(), png.getFileName());
        final Path summary = s.out().resolve("summary.txt");
        Files.writeString(summary, log.text(), StandardCharsets.UTF_8);
        return new Report(results, png, summary, stopped, misses);
    }

    /**
     * Sweeps (at least {@link #WARMUP_SWEPT_POSITIONS} positions liquidated in all), one gradual
     * sweep, each followed by a restore; rejections until the journal holds {@link #WARMUP_JOURNALED}
     * records; a run of {@code ticks} at {@code rate}, discarded; then a wait for the JIT to go quiet.
     */
    private static void warmUp(final LatencyRig rig, final SyntheticBook book, final PricePath path, final long rate,
                               final int ticks, final Log log) throws InterruptedException {
        final long t0 = System.nanoTime();
        final int sweeps = (int) Math.min(MAX_SWEEPS,
            Math.max(1, (WARMUP_SWEPT_POSITIONS + book.positions() - 1) / book.positions()));
        for (int k = 0; k < sweeps; k++) {
            rig.sweep();
            rig.restore();
        }
        rig.gradualSweep();
        rig.restore();
        final long primed = Math.max(0, WARMUP_JOURNALED - rig.journaled());
        rig.primeJournal(primed);
        log.line("warm-up: %d sweep(s) (each mark to -50%% and +60%% and back in one tick: the whole book "
                + "liquidated at once), one in 0.25%% steps (margin calls, then liquidations), each followed by a "
                + "restore of the book; %,d rejected inputs to warm the journal's append path: %,d ms, %,d events "
                + "journaled", sweeps, primed, (System.nanoTime() - t0) / 1_000_000, rig.journaled());
        if (ticks > 0) {
            final RateResult w = rig.measure(path, rate, ticks);
            log.line("warm-up run: %,d ticks at %,d/s, discarded (p50 %s us, p99 %s us, max %s us)", ticks, rate,
                micros(w.micros(50)), micros(w.micros(99)), micros(w.maxMicros()));
        }
        awaitQuietJit();
    }

    /** One measured rate from the restored book: GC, restore, re-prime the journal, run, write its files. */
    private static RateResult measureRate(final LatencyRig rig, final PricePath path, final long rate, final int ticks,
                                          final Path out) throws IOException, InterruptedException {
        System.gc();
        rig.restore();
        rig.primeJournal(PRIME_AFTER_GC);
        Thread.sleep(200);
        final RateResult measured = rig.measure(path, rate, ticks);
        final Path hgrm = out.resolve("latency-" + rate + ".hgrm");
        writeHgrm(measured, hgrm);
        final RateResult r = measured.withHgrm(hgrm);
        writeTimeline(r, out.resolve("timeline-" + rate + ".csv"));
        return r;
    }

    private static Path newOrEmpty(final Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("the journal directory must be new or empty: " + dir);
            }
        }
        return dir;
    }

    /** One line per millisecond of planned send time: the worst latency of the ticks planned in it, µs. */
    private static void writeTimeline(final RateResult r, final Path file) throws IOException {
        final StringBuilder csv = new StringBuilder("ms,worst_us\n");
        final long[] worst = r.worstPerMillisecond();
        for (int ms = 0; ms < worst.length; ms++) {
            csv.append(ms).append(',').append(worst[ms] / 1000.0).append('\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static void writeHgrm(final RateResult r, final Path file) throws IOException {
        try (PrintStream ps = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            r.histogram().outputPercentileDistribution(ps, 5, 1000.0);
        }
    }

    /** The 1-minute load average (Linux), "-" where there is none. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (final IOException | RuntimeException e) {
            return "-";
        }
    }

    /** A latency in µs, to three significant figures or so. */
    static String micros(final double us) {
        if (us < 10) {
            return String.format(Locale.ROOT, "%.2f", us);
        }
        if (us < 1000) {
            return String.format(Locale.ROOT, "%.1f", us);
        }
        return String.format(Locale.ROOT, "%,.0f", us);
    }

    /**
     * Waits (up to 10 s) until no compilation has finished for 300 ms, so that the first measured
     * run does not share the CPUs with the C2 compiler (and the engine thread does not queue a
     * compile on the measured path: the JVM interns a class's string literals on the requesting
     * thread, see PipelineAllocationTest).
     */
    private static void awaitQuietJit() throws InterruptedException {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            Thread.sleep(1000);
            return;
        }
        final long deadline = System.nanoTime() + 10_000_000_000L;
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 6 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            final long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    private static void deleteRecursively(final Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final IOException | UncheckedIOException e) {
            System.err.println("bench-latency: could not delete the temporary journal " + dir + ": " + e);
        }
    }

    /** Prints each line and keeps it for summary.txt. */
    private static final class Log {
        private final PrintStream console;
        private final StringBuilder text = new StringBuilder();

        Log(final PrintStream console) {
            this.console = console;
        }

        void line(final String format, final Object... args) {
            final String s = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
            console.println(s);
            console.flush();
            text.append(s).append('\n');
        }

        String text() {
            return text.toString();
        }
    }
}
