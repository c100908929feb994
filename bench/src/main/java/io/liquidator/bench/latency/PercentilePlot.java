package io.liquidator.bench.latency;

import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One PNG with the percentile distribution of every rate, one line per rate, drawn the way
 * HdrHistogram's plotter draws them: x is the percentile as {@code 1 / (1 − p)} on a log axis, so
 * that 90 %, 99 %, 99.9 %, 99.99 % … are equally spaced and the tail gets as much room as the body
 * (plotted as {@code log10(1 / (1 − p))} on a linear axis labelled with the percentiles: XChart's
 * own log axis does not take custom tick labels);
 * y is the latency in µs, also on a log axis here (unlike the plotter), because a rate past
 * saturation sits three or four decades above the others and a linear axis would flatten them.
 *
 * <p>The points are the histogram's own percentile iteration (5 ticks per half distance, what
 * {@code outputPercentileDistribution} prints), the last (100 %) left out since 1 / (1 − 1) has no
 * place on the axis; the maximum is in the legend instead. Headless (no display needed).
 */
final class PercentilePlot {
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private PercentilePlot() {
    }

    static void write(final List<RateResult> results, final String title, final Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final XYChart chart = new XYChartBuilder().width(1200).height(750).title(title)
            .xAxisTitle("percentile").yAxisTitle("latency (µs)").build();
        final var styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setYAxisDecimalPattern("#,##0.##");
        styler.setxAxisTickLabelsFormattingFunction(PercentilePlot::percentileLabel);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(true);
        styler.setMarkerSize(0);
        double maxX = 1;
        int c = 0;
        for (final RateResult r : results) {
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (final HistogramIterationValue v : r.histogram().percentiles(5)) {
                final double p = v.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 1.0) {
                    break;
                }
                x.add(Math.log10(1.0 / (1.0 - p)));
                y.add(Math.max(0.001, v.getValueIteratedTo() / 1000.0));
            }
            if (x.isEmpty()) {
                continue;
            }
            maxX = Math.max(maxX, x.get(x.size() - 1));
            final XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%,d ticks/s (max %s µs)", r.rate(),
                LatencyHarness.micros(r.maxMicros())), x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(COLORS[c++ % COLORS.length]);
        }
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(Math.ceil(maxX));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The label of x = log10(1 / (1 − p)): 0 → "0%", 1 → "90%", 2 → "99%", 3 → "99.9%", …; no label
     * between whole numbers (the plotter's axis has only these).
     */
    static String percentileLabel(final double x) {
        final long nines = Math.round(x);
        if (Math.abs(x - nines) > 1e-6 || nines < 0) {
            return "";
        }
        if (nines == 0) {
            return "0%";
        }
        final double p = 100.0 * (1.0 - Math.pow(10, -nines));
        return String.format(Locale.ROOT, "%." + Math.max(0, nines - 2) + "f%%", p);
    }
}
