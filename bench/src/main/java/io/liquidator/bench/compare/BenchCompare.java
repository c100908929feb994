package io.liquidator.bench.compare;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.journal.EventRecords;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scripts/bench-compare [--quick]}: the liquidator side by side with two references, in one
 * JVM, so that the ratios compare figures taken on the same machine at the same moment.
 * <ol>
 *   <li>the pipeline (ring + engine + Chronicle journal) against the same ring with a handler that
 *       does nothing, on a realistic tick stream over the largest book: how much of the Disruptor's
 *       own throughput the engine and the journal leave;</li>
 *   <li>the pipeline against a naive baseline (one blocking queue, a {@code HashMap} of objects,
 *       {@code BigDecimal}, a full scan per tick) at three book sizes, after checking on a small book
 *       that the baseline decides exactly what the engine decides;</li>
 *   <li>one tick that liquidates a hundred thousand positions, journal included.</li>
 * </ol>
 * Order of work: the baseline check (which also warms both up), a warm-up of each contender on the
 * smallest book, the sizes in ascending order, each with passes of the liquidator over the whole
 * stream (a fresh rig and book each) and one of the naive baseline (at the largest, right after the
 * liquidator's last pass,
 * the no-op ring's passes alternate with the liquidator's passes over ticks that move nothing:
 * section 1), then a warm-up cascade, the cascade in the pipeline, on the engine alone, and in the
 * pipeline without the quiet book. Progress goes to stderr, the Markdown report to stdout.
 */
public final class BenchCompare {
    private static final long STREAM_SEED = 20_261_130L;
    private static final long BOOK_SEED = 42;

    private BenchCompare() {
    }

    public static void main(final String[] args) throws InterruptedException {
        boolean quick = false;
        for (final String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else {
                System.err.println("usage: bench-compare [--quick]");
                System.exit(2);
            }
        }
        final String command = System.getProperty("liquidator.compare.command",
            "java " + BenchCompare.class.getName() + (quick ? " --quick" : ""));
        final CompareReport report = run(quick ? ComparePlan.quick() : ComparePlan.full(), command, System.err);
        System.out.print(report.markdown());
        System.out.flush();
    }

    /** Runs every section of {@code plan}; progress lines go to {@code log}. */
    static CompareReport run(final ComparePlan plan, final String command, final PrintStream log)
        throws InterruptedException {
        final CompareReport report = new CompareReport(MachineInfo.current(command), plan);
        report.loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        final List<Instrument> instruments = LiquidatorConfig.bundledDefault().instruments();
        final TickStream stream = TickStream.generate(plan.ticks(), 1_000, plan.shockEvery(), STREAM_SEED);

        log.println("bench-compare (" + plan.name() + "): baseline check");
        report.check = check(plan, instruments);
        if (!report.check.identical()) {
            log.println("bench-compare: the naive baseline disagrees with the engine: "
                + report.check.firstDifference());
        }

        log.println("bench-compare: warm-up");
        final int smallest = plan.naiveSizes()[0];
        final MarketBook warmBook = MarketBook.realistic(instruments, smallest, BOOK_SEED);
        try (LiquidatorRig rig = new LiquidatorRig(smallest, plan.ringSize(), plan.waitStrategy())) {
            rig.open(warmBook);
            rig.run(stream, 0, stream.length());
        }
        try (NoOpRing ring = new NoOpRing(plan.ringSize(), plan.waitStrategy())) {
            ring.run(stream, 0, stream.length());
        }
        naive(instruments, warmBook, stream, plan.naiveBudgetMillis() / 4, 1);

        for (final int n : plan.naiveSizes()) {
            final MarketBook book = MarketBook.realistic(instruments, n, BOOK_SEED);
            final double[] passes = new double[plan.liquidatorPasses()];
            for (int pass = 0; pass < passes.length; pass++) {
                log.println("bench-compare: " + n + " positions: liquidator, pass " + (pass + 1));
                try (LiquidatorRig rig = new LiquidatorRig(n, plan.ringSize(), plan.waitStrategy())) {
                    rig.open(book);
                    passes[pass] = stream.length() * 1e9 / rig.run(stream, 0, stream.length());
                    if (n == plan.largest() && pass == passes.length - 1) {
                        log.println("bench-compare: " + n + " positions: no-op ring and ticks that move nothing");
                        report.pipeline = againstNoOp(plan, rig, stream, passes);
                    }
                }
            }
            log.println("bench-compare: " + n + " positions: naive baseline (" + plan.naiveBudgetMillis() + " ms)");
            final NaiveBaseline.Result naive = naive(instruments, book, stream, plan.naiveBudgetMillis(), 2);
            report.sizes.add(new CompareReport.SizeRow(n, passes, naive));
        }

        log.println("bench-compare: cascade");
        final int warmUp = Math.max(1, plan.cascade() / 10);
        report.cascadeWarmUp = Cascade.run(warmUp, plan.cascadeBackground() / 10, plan.ringSize(), plan.waitStrategy());
        Cascade.engineAlone(warmUp, plan.cascadeBackground() / 10);
        System.gc();
        report.cascade = Cascade.run(plan.cascade(), plan.cascadeBackground(), plan.ringSize(), plan.waitStrategy());
        System.gc();
        report.cascadeEngineAlone = Cascade.engineAlone(plan.cascade(), plan.cascadeBackground());
        System.gc();
        report.cascadeAlone = Cascade.run(plan.cascade(), 0, plan.ringSize(), plan.waitStrategy());
        report.loadAtEnd = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return report;
    }

    /**
     * Section 1 around the rig that has just made the last pass over the realistic stream (the rates
     * of all passes are {@code pipelineRates}): passes of the no-op ring over
     * the same stream, interleaved with passes of the rig over ticks that move nothing, so that the
     * two medians see the same moments of a shared machine.
     */
    private static CompareReport.Pipeline againstNoOp(final ComparePlan plan, final LiquidatorRig rig,
                                                      final TickStream stream, final double[] pipelineRates) {
        final long marginCalls = rig.count(EventRecords.KIND_MARGIN_CALL);
        final long liquidations = rig.count(EventRecords.KIND_LIQUIDATION);
        final TickStream flat = TickStream.flat(stream.length(), stream.lastPrices(), STREAM_SEED + 2);
        final double[] noOp = new double[plan.noOpRounds()];
        final double[] still = new double[plan.noOpRounds()];
        final long before = rig.events();
        try (NoOpRing ring = new NoOpRing(plan.ringSize(), plan.waitStrategy())) {
            for (int r = 0; r < noOp.length; r++) {
                noOp[r] = stream.length() * 1e9 / ring.run(stream, 0, stream.length());
                still[r] = flat.length() * 1e9 / rig.run(flat, 0, flat.length());
            }
        }
        return new CompareReport.Pipeline(rig.positionsLoaded(), stream.length(), stream.shocks(), noOp, pipelineRates,
            marginCalls, liquidations, flat.length(), still, rig.events() - before);
    }

    static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static NaiveBaseline.Result naive(final List<Instrument> instruments, final MarketBook book,
                                              final TickStream stream, final long budgetMillis, final int minTicks)
        throws InterruptedException {
        NaiveBook naive = new NaiveBook(instruments, EngineSettings.defaults(), LiquidatorRig.FUND);
        naive.setMark(MarketBook.BTC, MarketBook.BTC_OPEN);
        naive.setMark(MarketBook.ETH, MarketBook.ETH_OPEN);
        naive.load(book);
        final NaiveBaseline.Result r = NaiveBaseline.run(naive, stream, budgetMillis * 1_000_000L, minTicks, d -> { });
        naive = null;
        System.gc();
        return r;
    }

    /**
     * The baseline check: a small realistic book and a short stream with a sharp move every quarter,
     * every tick run by both (the naive book on this thread, without its queue), their margin calls
     * and liquidations compared in order.
     */
    static CompareReport.Check check(final ComparePlan plan, final List<Instrument> instruments) {
        final MarketBook book = MarketBook.realistic(instruments, plan.checkPositions(), BOOK_SEED + 1);
        final TickStream stream = TickStream.generate(plan.checkTicks(), plan.checkTicks() / 8, plan.checkTicks() / 4,
            STREAM_SEED + 1);
        final NaiveBook naive = new NaiveBook(instruments, EngineSettings.defaults(), LiquidatorRig.FUND);
        naive.setMark(MarketBook.BTC, MarketBook.BTC_OPEN);
        naive.setMark(MarketBook.ETH, MarketBook.ETH_OPEN);
        naive.load(book);
        final List<Decision> expected = new ArrayList<>();
        NaiveBaseline.replay(naive, stream, d -> {
            if (d.kind != EventRecords.KIND_INSURANCE_FUND) {
                expected.add(d.key());
            }
        });
        final List<Decision> actual;
        try (LiquidatorRig rig = new LiquidatorRig(plan.checkPositions(), plan.ringSize(), plan.waitStrategy())) {
            rig.open(book);
            final long first = rig.nextSequence();
            rig.run(stream, 0, stream.length());
            actual = rig.journaledDecisions(first);
        }
        String difference = null;
        for (int k = 0; k < Math.max(expected.size(), actual.size()) && difference == null; k++) {
            final Decision e = k < expected.size() ? expected.get(k) : null;
            final Decision a = k < actual.size() ? actual.get(k) : null;
            if (e == null || !e.equals(a)) {
                difference = "decision " + k + ": naive " + (e == null ? "nothing" : e) + ", engine "
                    + (a == null ? "nothing" : a);
            }
        }
        final long liquidations = expected.stream().filter(d -> d.kind() == EventRecords.KIND_LIQUIDATION).count();
        final long marginCalls = expected.stream().filter(d -> d.kind() == EventRecords.KIND_MARGIN_CALL).count();
        if (difference == null && liquidations == 0) {
            difference = "the check's stream liquidated nothing: it proves nothing";
        }
        return new CompareReport.Check(plan.checkPositions(), plan.checkTicks(), liquidations, marginCalls,
            expected.size(), actual.size(), difference);
    }
}
