package io.liquidator.engine.cli;

import io.liquidator.engine.demo.JournalSummary;
import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;
import io.liquidator.journal.EventRecords;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code compare}'s table: one column per run, one row per figure, every figure read back from that
 * run's output journal. Amounts are exact (the asset's balance scale, trailing zeros trimmed) with
 * thousands separators; they are shown per settlement asset that any run touched.
 */
final class CompareReport {
    private CompareReport() {
    }

    /** One line of the table: a name and a cell per run (cells are right-aligned under the run's letter). */
    private record Row(String name, List<String> cells) {
    }

    static void print(final PrintWriter out, final List<CompareCommand.Result> results) {
        final List<Row> rows = new ArrayList<>();
        rows.add(text(results, "configuration", r -> r.variant().shortName()));
        rows.add(text(results, "policy", CompareCommand.Result::policy));
        rows.add(text(results, "margin-call levels", r -> levels(r.settings().marginCallLevels())
            + " (hysteresis " + rate(r.settings().hysteresis()) + ")"));
        rows.add(number(results, "accounts margin-called", r -> (long) r.summary().accountsMarginCalled()));
        rows.add(number(results, "accounts partially liquidated", r -> (long) r.summary().accountsPartiallyLiquidated()));
        rows.add(number(results, "accounts fully liquidated", r -> (long) r.summary().accountsFullyLiquidated()));
        rows.add(number(results, "margin calls", r -> r.summary().count(EventRecords.KIND_MARGIN_CALL)));
        rows.add(number(results, "partial liquidations", r -> r.summary().count(EventRecords.KIND_PARTIAL_LIQUIDATION)));
        rows.add(number(results, "full liquidations", r -> r.summary().count(EventRecords.KIND_LIQUIDATION)));
        for (final String asset : assets(results)) {
            rows.add(amount(results, "liquidated notional " + asset, asset,
                r -> r.summary().liquidatedNotional(asset)));
            rows.add(amount(results, "insurance fund " + asset + " opening", asset, r -> r.summary().openingFund(asset)));
            rows.add(amount(results, "insurance fund " + asset + " minimum", asset,
                r -> r.summary().fundLow(asset).balance()));
            rows.add(amount(results, "insurance fund " + asset + " end", asset, r -> r.summary().fundClosing(asset)));
            rows.add(amount(results, "shortfall " + asset + " (fund paid)", asset, r -> r.summary().fundPaid(asset)));
        }
        rows.add(number(results, "ADL fills", r -> r.summary().count(EventRecords.KIND_ADL)));
        if (results.stream().anyMatch(r -> r.summary().count(EventRecords.KIND_REJECTION) > 0)) {
            rows.add(number(results, "rejected inputs", r -> r.summary().count(EventRecords.KIND_REJECTION)));
        }
        rows.add(number(results, "events journaled", r -> r.summary().total()));

        final List<String> header = results.stream().map(r -> r.variant().label()).toList();
        int nameWidth = 0;
        final int[] width = new int[results.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
        }
        for (final Row row : rows) {
            nameWidth = Math.max(nameWidth, row.name().length());
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], row.cells().get(c).length());
            }
        }
        out.println(line(new Row("", header), nameWidth, width));
        for (final Row row : rows) {
            out.println(line(row, nameWidth, width));
        }
        out.println("  time        " + results.stream().map(r -> String.format(Locale.ROOT, "%s %,d inputs in %.2f s",
            r.variant().label(), r.inputs(), r.elapsedNanos() / 1e9)).collect(Collectors.joining(", ")));
    }

    private static String line(final Row row, final int nameWidth, final int[] width) {
        final StringBuilder sb = new StringBuilder("  ").append(pad(row.name(), nameWidth, false));
        for (int c = 0; c < width.length; c++) {
            sb.append("   ").append(pad(row.cells().get(c), width[c], true));
        }
        return sb.toString().stripTrailing();
    }

    private static String pad(final String s, final int width, final boolean right) {
        final String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    /**
     * The settlement assets worth a row: any run liquidated in it, moved its fund, or opened it
     * above 0; the first run's first asset if none did (so the table always shows the fund).
     */
    private static Set<String> assets(final List<CompareCommand.Result> results) {
        final Set<String> assets = new LinkedHashSet<>();
        for (final CompareCommand.Result r : results) {
            final JournalSummary s = r.summary();
            for (final String asset : s.assets()) {
                if (s.liquidatedNotional(asset) != 0 || !s.fund(asset).isEmpty() || s.openingFund(asset) != 0) {
                    assets.add(asset);
                }
            }
        }
        if (assets.isEmpty()) {
            assets.add(results.get(0).summary().assets().get(0));
        }
        return assets;
    }

    private static Row text(final List<CompareCommand.Result> results, final String name,
                            final Function<CompareCommand.Result, String> cell) {
        return new Row(name, results.stream().map(cell).toList());
    }

    private static Row number(final List<CompareCommand.Result> results, final String name,
                              final Function<CompareCommand.Result, Long> cell) {
        return new Row(name, results.stream().map(r -> String.format(Locale.ROOT, "%,d", cell.apply(r))).toList());
    }

    private static Row amount(final List<CompareCommand.Result> results, final String name, final String asset,
                              final Function<CompareCommand.Result, Long> cell) {
        return new Row(name, results.stream().map(r -> {
            final Integer scale = r.variant().config().assets().get(asset);
            return scale == null ? "-" : amount(cell.apply(r), scale);
        }).toList());
    }

    /** An exact amount with thousands separators: {@code 1,234,567.891}. */
    static String amount(final long raw, final int scale) {
        final String plain = Decimals.formatTrimmed(raw, scale);
        final boolean negative = plain.startsWith("-");
        final String digits = negative ? plain.substring(1) : plain;
        final int dot = digits.indexOf('.');
        final StringBuilder whole = new StringBuilder(dot < 0 ? digits : digits.substring(0, dot));
        for (int k = whole.length() - 3; k > 0; k -= 3) {
            whole.insert(k, ',');
        }
        return (negative ? "-" : "") + whole + (dot < 0 ? "" : digits.substring(dot));
    }

    private static String levels(final long[] levels) {
        return levels.length == 0 ? "none"
            : Arrays.stream(levels).mapToObj(CompareReport::rate).collect(Collectors.joining(", "));
    }

    private static String rate(final long raw) {
        return Decimals.formatTrimmed(raw, Rates.SCALE_DIGITS);
    }
}
