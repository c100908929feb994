package io.liquidator.engine.demo;

import io.liquidator.engine.core.Rules;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.MarginMath;
import io.liquidator.engine.margin.Side;
import io.liquidator.engine.money.Rates;
import io.liquidator.journal.EventRecords;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The demo's printed summary. Every figure about what the engine decided (events, liquidations,
 * notional, the fund, ADL, the largest liquidations) comes from the {@link JournalSummary}, i.e.
 * from the output journal; the book's side of an explanation (entry, leverage, margin) comes from
 * the generated book, which is the input.
 */
public final class DemoReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    private static final long HOUR_MS = 3_600_000L;
    /** At most this many fund samples are printed: hourly, or every few hours on a long run. */
    private static final int MAX_FUND_SAMPLES = 24;
    private static final int LARGEST = 5;

    private DemoReport() {
    }

    /** What is about to run: the market, the book, the fund. */
    static String header(final DemoMarket market, final DemoBook book, final long fund, final Instrument inst) {
        final StringBuilder sb = new StringBuilder();
        sb.append("liquidator demo: ").append(market.label()).append('\n');
        sb.append(String.format(Locale.ROOT, "  book        %,d accounts on %s (%,d cross with USDT wallets, %,d isolated;"
                + " %,d long, %,d short), leverage 2-125x (median %dx),%n"
                + "              %s USDT notional at entry; entries over the 7 days before the open (assumed"
                + " 40,000-50,000 USDT path), seeded%n",
            book.size(), inst.symbol(), book.crossAccounts(), book.size() - book.crossAccounts(), book.longs(),
            book.size() - book.longs(), book.medianLeverage(), usdt(book.notional(), inst, 0)));
        sb.append(String.format(Locale.ROOT, "  fund        opening balance %s USDT (%s %% of the book's notional)",
            usdt(fund, inst, 2), percent(fund, book.notional())));
        return sb.toString();
    }

    /** The summary once the run is over. */
    public static void print(final PrintWriter out, final DemoRun.Result r) {
        final JournalSummary s = r.summary();
        final Instrument inst = s.instrument();
        final boolean multiDay = r.market().bars() > 1440;
        out.printf(Locale.ROOT, "  ticks       %,d marks from %,d one-minute bars (open, high/low in the bar's order,"
                + " close), %s to %s UTC%n", r.ticks(), r.market().bars(),
            r.ticks() == 0 ? "-" : TIME.format(Instant.ofEpochMilli(r.market().firstOpenTime())),
            r.ticks() == 0 ? "-" : TIME.format(Instant.ofEpochMilli(r.market().firstOpenTime()
                + (r.market().bars() - 1) * 60_000L + 45_000L)));
        final StringBuilder kinds = new StringBuilder();
        for (int k = EventRecords.KIND_MARGIN_CALL; k <= EventRecords.KIND_REJECTION; k++) {
            kinds.append(k == EventRecords.KIND_MARGIN_CALL ? "" : ", ").append(EventRecords.name(k)).append(' ')
                .append(String.format(Locale.ROOT, "%,d", s.count(k)));
        }
        out.printf(Locale.ROOT, "  events      %,d in the output journal: %s%n", s.total(), kinds);
        out.printf(Locale.ROOT, "  liquidated  %,d positions, %s USDT at the mark: %,d long (%s USDT), %,d short (%s USDT)%n",
            s.liquidations().size(), usdt(s.liquidatedNotional(), inst, 0), s.liquidations(Side.LONG),
            usdt(s.liquidatedNotional(Side.LONG), inst, 0), s.liquidations(Side.SHORT),
            usdt(s.liquidatedNotional(Side.SHORT), inst, 0));
        final JournalSummary.FundPoint low = s.fundLow();
        out.printf(Locale.ROOT, "  fund        %s -> %s USDT (lowest %s%s); received %s from liquidations with equity"
                + " left, paid %s for bankrupt ones%n",
            usdt(s.openingFund(), inst, 2), usdt(s.fundClosing(), inst, 2), usdt(low.balance(), inst, 2),
            low.timestamp() == Long.MIN_VALUE ? ", the opening balance" : " at "
                + TIME.format(Instant.ofEpochMilli(low.timestamp())) + " UTC",
            usdt(s.fundReceived(), inst, 2), usdt(s.fundPaid(), inst, 2));
        printFundSamples(out, r, s, inst, multiDay);
        final String belowZero = "cross-account deficits are charged to the fund, even below zero; only an isolated"
            + " shortfall the fund cannot pay is auto-deleveraged";
        if (s.count(EventRecords.KIND_ADL) == 0) {
            out.println("  ADL         0 fills: " + (low.balance() >= 0
                ? "the fund covered every bankrupt position's shortfall" : belowZero));
        } else {
            out.printf(Locale.ROOT, "  ADL         %,d fills, %s BTC closed against the most profitable, most leveraged"
                    + " opposite positions, first at %s UTC (the fund could not cover an isolated shortfall)%n",
                s.count(EventRecords.KIND_ADL), qty(s.adlQty(), inst),
                TIME.format(Instant.ofEpochMilli(s.adlTimes().get(0))));
            if (low.balance() < 0) {
                out.println("              " + belowZero);
            }
        }
        printLargest(out, r, s, inst);
        printTiming(out, r);
        out.println("  journal     " + (r.journal() == null
            ? "written to a temporary directory and deleted (--keep keeps it, with the inputs)"
            : r.journal().toAbsolutePath().normalize() + "  (liquidator dump " + r.journal() + ")"));
        if (r.workDir() != null) {
            out.println("  inputs      " + r.workDir().toAbsolutePath().normalize()
                + "  (positions.csv, wallets.csv and the bars: liquidator replay takes them)");
        }
        out.println("  picture     " + (r.picture() == null ? "not written: " + r.pictureError()
            : r.picture().toAbsolutePath().normalize() + "  (mark price, liquidations, insurance fund)"));
        out.flush();
    }

    private static void printFundSamples(final PrintWriter out, final DemoRun.Result r, final JournalSummary s,
                                         final Instrument inst, final boolean multiDay) {
        if (r.ticks() == 0) {
            return;
        }
        final long start = r.market().firstOpenTime();
        final long end = start + r.market().bars() * 60_000L;
        final long hours = Math.max(1, (end - start + HOUR_MS - 1) / HOUR_MS);
        final long step = ((hours + MAX_FUND_SAMPLES - 1) / MAX_FUND_SAMPLES) * HOUR_MS;
        final StringBuilder line = new StringBuilder();
        int onLine = 0;
        out.printf(Locale.ROOT, "  fund by %s (balance at the end of each, USDT):%n",
            step == HOUR_MS ? "hour" : step / HOUR_MS + " hours");
        for (long t = start; t < end; t += step) {
            final long until = Math.min(end, t + step) - 1;
            line.append(String.format(Locale.ROOT, "  %s %15s", (multiDay ? DAY_HOUR : HOUR).format(Instant.ofEpochMilli(t)),
                usdt(s.fundAt(until), inst, 0)));
            if (++onLine == 4) {
                out.println("           " + line);
                line.setLength(0);
                onLine = 0;
            }
        }
        if (onLine > 0) {
            out.println("           " + line);
        }
    }

    private static void printLargest(final PrintWriter out, final DemoRun.Result r, final JournalSummary s,
                                     final Instrument inst) {
        final List<JournalSummary.Liquidation> top = s.largest(LARGEST);
        if (top.isEmpty()) {
            out.println("  largest     no liquidations");
            return;
        }
        out.printf(Locale.ROOT, "  largest %d liquidations (notional at the mark), as journaled:%n", top.size());
        int n = 0;
        for (final JournalSummary.Liquidation l : top) {
            final DemoBook b = r.book();
            final long a = l.account();
            final long notionalAtEntry = MarginMath.notional(inst, b.qty(a), b.entry(a));
            final String leverage = b.cross(a)
                ? String.format(Locale.ROOT, "%dx, wallet %s USDT (%.1fx of it)", b.leverage(a),
                    usdt(b.margin(a), inst, 2), (double) notionalAtEntry / b.margin(a))
                : String.format(Locale.ROOT, "%dx, margin %s USDT", b.leverage(a), usdt(b.margin(a), inst, 2));
            out.printf(Locale.ROOT, "    %d. account %d, %s %s %s BTC @ %s, %s%n", ++n, a, l.cross() ? "cross" : "isolated",
                Side.name(l.side()), qty(l.qty(), inst), price(b.entry(a), inst), leverage);
            out.printf(Locale.ROOT, "       %s at %s UTC: mark %s, bankruptcy price %s, notional %s USDT%n",
                l.partial() ? "partly liquidated" : "liquidated", TIME.format(Instant.ofEpochMilli(l.timestamp())),
                price(l.markPrice(), inst), price(l.bankruptcyPrice(), inst), usdt(l.notional(), inst, 0));
            final int bracket = Math.max(0, l.tier() - 1);
            out.printf(Locale.ROOT, "       equity %s vs maintenance margin %s USDT (margin ratio %s), tier %d (MMR %s %%),"
                    + " %s; fund %s%s USDT%n",
                usdt(l.equity(), inst, 2), usdt(l.maintenanceMargin(), inst, 2), ratio(l.marginRatio()), l.tier(),
                rate(inst.brackets().mmr(bracket)), Rules.name(l.rule()), s.fundDelta(l) >= 0 ? "+" : "",
                usdt(s.fundDelta(l), inst, 2));
        }
    }

    private static void printTiming(final PrintWriter out, final DemoRun.Result r) {
        final Histogram h = r.tickNanos();
        final double span = Math.max(1, r.tickSpanNanos()) / 1e9;
        out.printf(Locale.ROOT, "  throughput  %,d ticks in %.1f ms on the engine thread: %,.0f ticks/s; the whole demo"
                + " (book, %,d inputs, journal, read-back) took %.2f s%n",
            r.ticks(), r.tickSpanNanos() / 1e6, r.ticks() / span, r.inputs(), r.wallNanos() / 1e9);
        if (h.getTotalCount() > 0) {
            out.printf(Locale.ROOT, "  latency     per tick on the engine thread, its events journaled: p50 %s, p90 %s,"
                    + " p99 %s, p99.9 %s, max %s (%,d ticks)%n",
                micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(90)),
                micros(h.getValueAtPercentile(99)), micros(h.getValueAtPercentile(99.9)), micros(h.getMaxValue()),
                h.getTotalCount());
        }
    }

    static String micros(final long nanos) {
        return nanos < 10_000 ? String.format(Locale.ROOT, "%.2f us", nanos / 1e3)
            : String.format(Locale.ROOT, "%,.0f us", nanos / 1e3);
    }

    static String usdt(final long balanceUnits, final Instrument inst, final int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", balanceUnits / Math.pow(10, inst.balanceScale()));
    }

    static String price(final long raw, final Instrument inst) {
        return String.format(Locale.ROOT, "%,." + inst.priceScale() + "f", raw / Math.pow(10, inst.priceScale()));
    }

    static String qty(final long raw, final Instrument inst) {
        return String.format(Locale.ROOT, "%." + inst.qtyScale() + "f", raw / Math.pow(10, inst.qtyScale()));
    }

    private static String ratio(final long marginRatio) {
        return marginRatio == Rates.INFINITE ? "infinite: no equity left"
            : String.format(Locale.ROOT, "%.1f %%", marginRatio * 100.0 / Rates.ONE);
    }

    private static String rate(final long rate) {
        return String.format(Locale.ROOT, "%.2f", rate * 100.0 / Rates.ONE);
    }

    private static String percent(final long part, final long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.2f", part * 100.0 / whole);
    }
}
