package io.liquidator.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one comparison run and their rendering as Markdown, ready to paste into the
 * README: the machine first, then one table per section with the ratio and its target.
 */
final class CompareReport {
    static final double TARGET_PIPELINE_RATIO = 0.5;
    static final double TARGET_NAIVE_RATIO = 1000;
    static final double TARGET_CASCADE_MILLIS = 50;

    /** Section 1: the pipeline and the no-op ring on the same stream. */
    record Pipeline(int positions, int ticks, int shocks, double[] noOpRates, double[] pipelineRates,
                    long marginCalls, long liquidations, int flatTicks, double[] flatRates, long flatEvents) {
        double pipelineRate() {
            return BenchCompare.median(pipelineRates);
        }

        double noOpRate() {
            return BenchCompare.median(noOpRates);
        }

        double flatRate() {
            return BenchCompare.median(flatRates);
        }

        double ratio() {
            return pipelineRate() / noOpRate();
        }

        double flatRatio() {
            return flatRate() / noOpRate();
        }
    }

    /** Section 2: one book size. */
    record SizeRow(int positions, double[] liquidatorRates, NaiveBaseline.Result naive) {
        double liquidatorRate() {
            return BenchCompare.median(liquidatorRates);
        }

        double ratio() {
            return liquidatorRate() / naive.ticksPerSecond();
        }
    }

    /** The baseline check: both on a small book, event for event. */
    record Check(int positions, int ticks, long liquidations, long marginCalls, long naiveDecisions,
                 long engineDecisions, String firstDifference) {
        boolean identical() {
            return firstDifference == null;
        }
    }

    final MachineInfo machine;
    final ComparePlan plan;
    Pipeline pipeline;
    final List<SizeRow> sizes = new ArrayList<>();
    Check check;
    Cascade.Result cascade;
    Cascade.Result cascadeWarmUp;
    Cascade.Result cascadeEngineAlone;
    Cascade.Result cascadeAlone;
    /** The system's 1-minute load average when the run started and ended (-1: not available). */
    double loadAtStart = -1;
    double loadAtEnd = -1;

    CompareReport(final MachineInfo machine, final ComparePlan plan) {
        this.machine = machine;
        this.plan = plan;
    }

    String markdown() {
        final StringBuilder s = new StringBuilder();
        s.append("## Side by side, in one run (`scripts/bench-compare`)\n\n");
        s.append("- command: `").append(machine.command()).append("` (").append(plan.name()).append(" plan)\n");
        s.append("- date: ").append(machine.date()).append('\n');
        s.append("- machine: ").append(machine.cores()).append(" cores, ").append(machine.os()).append(", CPU ")
            .append(machine.cpu()).append('\n');
        s.append("- load average (1 min) at the start and the end of the run: ").append(fmt("%.1f", loadAtStart))
            .append(" / ").append(fmt("%.1f", loadAtEnd)).append(" (the machine is shared; above ").append(machine.cores())
            .append(", other work competed for the cores)\n");
        s.append("- JDK: ").append(machine.jdk()).append(", max heap ").append(machine.maxHeapBytes() >> 20)
            .append(" MiB\n");
        s.append("- ring: ").append(group(plan.ringSize())).append(" slots, ").append(plan.waitStrategy())
            .append(" wait strategy, one producer thread; output journal: Chronicle Queue in a temporary directory,"
                + " pretouched, as `run` wires it\n\n");

        if (pipeline != null) {
            final Pipeline p = pipeline;
            s.append("### 1. Pipeline vs the Disruptor's own limit\n\n");
            s.append(group(p.positions())).append(" positions (realistic book: 2-125x, 1 % cross accounts); ")
                .append(group(p.ticks())).append(" ticks published back to back by one thread (BTCUSDT 80 %, ETHUSDT 20 %,"
                    + " a random walk of +-10 ticks pulled back to the open, ").append(p.shocks())
                .append(" sharp moves of 0.5-2.5 % over 25 ticks); then ").append(group(p.flatTicks()))
                .append(" ticks that move nothing (each mark alternating between two adjacent prices).\n\n");
            s.append("| ring handler | stream | inputs/s | ratio to no-op | what it did |\n|---|---|---:|---:|---|\n");
            s.append("| no-op: reads the slot's price | realistic (median of ").append(p.noOpRates().length)
                .append(" passes: ").append(rates(p.noOpRates())).append(") | ").append(group(p.noOpRate()))
                .append(" | 1 | - |\n");
            s.append("| liquidator: engine + Chronicle journal | realistic (median of ").append(p.pipelineRates().length)
                .append(" passes, a fresh book each: ").append(rates(p.pipelineRates())).append(") | ")
                .append(group(p.pipelineRate()))
                .append(" | **").append(fmt("%.3f", p.ratio())).append("** | ").append(group(p.marginCalls()))
                .append(" margin calls, ").append(group(p.liquidations())).append(" liquidations journaled (")
                .append(fmt("%.2f", (p.marginCalls() + p.liquidations()) / (double) p.ticks())).append(" per tick) |\n");
            s.append("| liquidator: engine + Chronicle journal | moves nothing (median of ").append(p.flatRates().length)
                .append(" passes: ").append(rates(p.flatRates())).append(") | ").append(group(p.flatRate()))
                .append(" | ").append(fmt("%.3f", p.flatRatio())).append(" | ").append(group(p.flatEvents()))
                .append(" events |\n\n");
            s.append("The no-op passes alternate with the passes that move nothing, after the realistic pass.\n\n");
            s.append("Target pipeline / no-op >= ").append(TARGET_PIPELINE_RATIO).append(" on the realistic stream: ")
                .append(atLeast(p.ratio(), TARGET_PIPELINE_RATIO)).append(" (on ticks that move nothing: ")
                .append(atLeast(p.flatRatio(), TARGET_PIPELINE_RATIO)).append(").\n\n");
        }

        if (!sizes.isEmpty()) {
            s.append("### 2. Liquidator vs a naive baseline\n\n");
            s.append("Naive: one `ArrayBlockingQueue` between a producer and a consumer thread, `HashMap<Long, Position>`,"
                + " `BigDecimal` Binance margin math (notional x MMR - maintenance amount, bracket looked up per"
                + " position), a full scan of all positions on every tick, the same decisions; it runs on the start of"
                + " the same stream for ").append(fmt("%.0f", plan.naiveBudgetMillis() / 1000.0))
                .append(" s per size. Liquidator: the pipeline of section 1 over the whole stream, journal included,"
                    + " median of ").append(plan.liquidatorPasses()).append(" passes.\n\n");
            s.append("| positions | liquidator ticks/s | naive ticks/s | naive ran | **ratio liquidator / naive** |\n");
            s.append("|---:|---:|---:|---|---:|\n");
            for (final SizeRow r : sizes) {
                s.append("| ").append(group(r.positions())).append(" | ").append(group(r.liquidatorRate())).append(" | ")
                    .append(naiveRate(r.naive().ticksPerSecond())).append(" | ").append(group(r.naive().ticks()))
                    .append(" ticks in ").append(fmt("%.1f", r.naive().nanos() / 1e9)).append(" s | **")
                    .append(group(r.ratio())).append("x** |\n");
            }
            final SizeRow last = sizes.get(sizes.size() - 1);
            s.append("\nTarget >= ").append(group(TARGET_NAIVE_RATIO)).append("x at ").append(group(last.positions()))
                .append(" positions: ").append(atLeast(last.ratio(), TARGET_NAIVE_RATIO)).append(".\n");
            if (check != null) {
                final Check c = check;
                s.append("Baseline check (").append(group(c.positions())).append(" positions, ").append(group(c.ticks()))
                    .append(" ticks, every tick run by both): ").append(group(c.liquidations())).append(" liquidations and ")
                    .append(group(c.marginCalls())).append(" margin calls; ")
                    .append(c.identical() ? "the same accounts, levels and ticks in the same order in both."
                        : "DIFFERENT, first difference: " + c.firstDifference()).append('\n');
            }
            s.append('\n');
        }

        if (cascade != null) {
            final Cascade.Result c = cascade;
            s.append("### 3. A liquidation cascade\n\n");
            s.append("One BTCUSDT tick 5 % down liquidates ").append(group(c.requested())).append(" isolated 25-100x longs"
                + " beside ").append(group(c.background())).append(" quiet positions; the insurance fund covers every"
                + " shortfall, so no auto-deleveraging.\n\n");
            s.append("| run | publish -> last event journaled | ns per liquidation | LIQUIDATION records (counted / read"
                + " back) | records journaled | ADL |\n|---|---:|---:|---|---:|---:|\n");
            s.append("| pipeline: ring + engine + Chronicle journal | **").append(fmt("%.1f", c.nanos() / 1e6))
                .append(" ms** | ").append(group(c.nanosPerLiquidation())).append(" | ").append(group(c.liquidations()))
                .append(" / ").append(group(c.journaledLiquidations())).append(" | ").append(group(c.events()))
                .append(" | ").append(c.adl()).append(" |\n");
            if (cascadeEngineAlone != null) {
                final Cascade.Result e = cascadeEngineAlone;
                s.append("| engine alone: no ring, no journal, a counting sink | ").append(fmt("%.1f", e.nanos() / 1e6))
                    .append(" ms | ").append(group(e.nanosPerLiquidation())).append(" | ").append(group(e.liquidations()))
                    .append(" / - | - | ").append(e.adl()).append(" |\n");
            }
            if (cascadeAlone != null) {
                final Cascade.Result a = cascadeAlone;
                s.append("| pipeline, the ").append(group(a.requested())).append(" positions alone (no quiet ones) | ")
                    .append(fmt("%.1f", a.nanos() / 1e6)).append(" ms | ").append(group(a.nanosPerLiquidation()))
                    .append(" | ").append(group(a.liquidations())).append(" / ").append(group(a.journaledLiquidations()))
                    .append(" | ").append(group(a.events())).append(" | ").append(a.adl()).append(" |\n");
            }
            s.append("\nTarget <= ").append(fmt("%.0f", TARGET_CASCADE_MILLIS)).append(" ms: ")
                .append(atMost(c.nanos() / 1e6, TARGET_CASCADE_MILLIS)).append(". With a fund too small to cover the"
                + " shortfalls, every liquidation would go to auto-deleveraging, whose ranking scans the instrument's"
                + " positions once per liquidation (`LiquidationEngine.autoDeleverage`, `AdlQueue`): a mass liquidation"
                + " with an empty fund is quadratic today.");
            if (cascadeWarmUp != null) {
                s.append(" (A warm-up cascade of ").append(group(cascadeWarmUp.requested())).append(" ran first: ")
                    .append(fmt("%.1f", cascadeWarmUp.nanos() / 1e6)).append(" ms.)");
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String atLeast(final double value, final double target) {
        return value >= target ? "met" : "missed by " + fmt("%.0f", 100 * (1 - value / target)) + " %";
    }

    private static String atMost(final double value, final double target) {
        return value <= target ? "met" : "missed by " + fmt("%.0f", 100 * (value / target - 1)) + " %";
    }

    private static String rates(final double[] rates) {
        final StringBuilder s = new StringBuilder();
        for (final double r : rates) {
            s.append(s.length() == 0 ? "" : ", ").append(fmt(r >= 1e7 ? "%.1f" : "%.2f", r / 1e6)).append(" M");
        }
        return s.toString();
    }

    private static String naiveRate(final double rate) {
        return rate >= 100 ? group(rate) : fmt("%.2f", rate);
    }

    static String group(final double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String fmt(final String format, final double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
