package io.liquidator.engine.demo;

import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.Side;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

/**
 * The demo's picture, and {@code compare}'s: a PNG of two panels on one time axis: the mark price
 * with a marker at the mark of every liquidation (pointing down for a long, up for a short), and
 * under it the insurance fund's balance, with its auto-deleveraging fills marked when there are
 * any. One run (the demo) draws longs red and shorts green; several runs of the same history
 * ({@code compare}) draw each run's markers and fund line in its own colour, named by its label,
 * the first run's markers filled and each later run's as ever larger outlines, so that runs that
 * liquidate at the same mark show as nested triangles rather than hiding one another.
 *
 * <p>Drawn headless with XChart (no display needed). A long mark path is thinned to the lowest and
 * highest mark of each of a few thousand time buckets, which keeps every extreme a liquidation
 * could be read against.
 */
public final class DemoChart {
    static final int WIDTH = 1400;
    private static final int PRICE_HEIGHT = 620;
    private static final int FUND_HEIGHT = 340;
    private static final int MAX_PATH_POINTS = 6000;
    private static final Color LONG_COLOR = new Color(214, 39, 40);
    private static final Color SHORT_COLOR = new Color(44, 160, 44);
    private static final Color MARK_COLOR = new Color(60, 60, 60);
    private static final Color FUND_COLOR = new Color(31, 119, 180);
    private static final Color ADL_COLOR = new Color(255, 127, 14);
    /** One colour per run when several are drawn (tab10 without the mark path's grey). */
    private static final Color[] RUN_COLORS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75)};
    /** The most runs one picture tells apart. */
    public static final int MAX_RUNS = RUN_COLORS.length;

    private DemoChart() {
    }

    /**
     * One run in the picture: its journal's figures and the instrument of that run's configuration
     * whose liquidations are marked (the fund drawn is that instrument's settlement asset's).
     *
     * @param label the run's name in the legend; null for the demo's single run
     */
    public record Run(String label, JournalSummary summary, Instrument instrument) {
    }

    /** Writes the demo's picture to {@code file}; every figure comes from the journal, the path from the feed. */
    static void write(final Path file, final String title, final DemoFeed feed, final JournalSummary summary,
                      final boolean multiDay) throws IOException {
        write(file, title, feed, summary.instrument(), List.of(new Run(null, summary, summary.instrument())), multiDay);
    }

    /**
     * Writes the picture of one or more runs over the same marks to {@code file}.
     *
     * @param path           the marks of {@code pathInstrument}, in time order
     * @param pathInstrument the instrument of the path (its price scale and quote)
     * @param runs           1 to {@link #MAX_RUNS} runs; several need labels
     * @param multiDay       whether the time axis shows dates
     */
    public static void write(final Path file, final String title, final MarkPath path, final Instrument pathInstrument,
                             final List<Run> runs, final boolean multiDay) throws IOException {
        if (runs.isEmpty() || runs.size() > MAX_RUNS) {
            throw new IllegalArgumentException("a picture draws 1 to " + MAX_RUNS + " runs, not " + runs.size());
        }
        final boolean single = runs.size() == 1;
        final double priceUnit = Math.pow(10, pathInstrument.priceScale());
        final String asset = runs.get(0).instrument().settlementAsset();
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        final double xMin = path.ticks() == 0 ? 0 : path.markTime(0);
        final double xMax = path.ticks() == 0 ? 1 : path.markTime(path.ticks() - 1);
        final String pattern = datePattern((long) (xMax - xMin), multiDay);

        final XYChart price = new XYChartBuilder().width(WIDTH).height(PRICE_HEIGHT).title(title)
            .yAxisTitle("mark price (" + quote(pathInstrument) + ")").build();
        style(price, pattern, xMin, xMax);
        price.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        final List<Date> px = new ArrayList<>();
        final List<Double> py = new ArrayList<>();
        thinnedPath(path, px, py, priceUnit);
        final XYSeries mark = price.addSeries(single ? "mark" : "mark " + pathInstrument.symbol(), px, py);
        mark.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        mark.setMarker(SeriesMarkers.NONE);
        mark.setLineColor(MARK_COLOR);
        mark.setLineWidth(1.2f);
        for (int r = 0; r < runs.size(); r++) {
            final Run run = runs.get(r);
            final String prefix = single ? "" : run.label() + ": ";
            addLiquidations(price, run, Side.LONG, prefix + "long liquidated", single ? LONG_COLOR : RUN_COLORS[r], r);
            addLiquidations(price, run, Side.SHORT, prefix + "short liquidated", single ? SHORT_COLOR : RUN_COLORS[r], r);
        }

        final XYChart fund = new XYChartBuilder().width(WIDTH).height(FUND_HEIGHT)
            .title("insurance fund (" + asset + "), from " + (single ? "the output journal" : "each run's output journal"))
            .xAxisTitle("time (UTC)").yAxisTitle("balance (" + asset + ")").build();
        style(fund, pattern, xMin, xMax);
        fund.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (int r = 0; r < runs.size(); r++) {
            final Run run = runs.get(r);
            addFund(fund, run, single ? "" : run.label() + ": ", single ? FUND_COLOR : RUN_COLORS[r],
                single ? ADL_COLOR : RUN_COLORS[r], xMin, xMax);
        }

        final BufferedImage top = BitmapEncoder.getBufferedImage(price);
        final BufferedImage bottom = BitmapEncoder.getBufferedImage(fund);
        final BufferedImage both = new BufferedImage(WIDTH, top.getHeight() + bottom.getHeight(),
            BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = both.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, both.getWidth(), both.getHeight());
            g.drawImage(top, 0, 0, null);
            g.drawImage(bottom, 0, top.getHeight(), null);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(both, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    private static void style(final XYChart chart, final String datePattern, final double xMin, final double xMax) {
        final var s = chart.getStyler();
        s.setTimezone(TimeZone.getTimeZone("UTC"));
        s.setDatePattern(datePattern);
        s.setXAxisMin(xMin);
        s.setXAxisMax(xMax);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setMarkerSize(6);
        s.setYAxisDecimalPattern("#,##0");
        s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
    }

    /** The currency a mark is quoted in: a linear contract's settlement asset, an inverse contract's USD. */
    private static String quote(final Instrument inst) {
        return inst.kind() == ContractKind.LINEAR ? inst.settlementAsset() : "USD";
    }

    /** The run's fund balance as a step line, with its auto-deleveraging fills marked. */
    private static void addFund(final XYChart chart, final Run run, final String prefix, final Color color,
                                final Color adlColor, final double xMin, final double xMax) {
        final JournalSummary summary = run.summary();
        final String asset = run.instrument().settlementAsset();
        final double balanceUnit = Math.pow(10, run.instrument().balanceScale());
        final List<Date> fx = new ArrayList<>();
        final List<Double> fy = new ArrayList<>();
        double balance = summary.openingFund(asset) / balanceUnit;
        fx.add(new Date((long) xMin));
        fy.add(balance);
        for (final JournalSummary.FundPoint p : summary.fund(asset)) {
            fx.add(new Date(p.timestamp()));
            fy.add(balance);
            balance = p.balance() / balanceUnit;
            fx.add(new Date(p.timestamp()));
            fy.add(balance);
        }
        fx.add(new Date((long) Math.max(xMax, fx.get(fx.size() - 1).getTime())));
        fy.add(balance);
        final XYSeries f = chart.addSeries(prefix + "fund balance", fx, fy);
        f.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        f.setMarker(SeriesMarkers.NONE);
        f.setLineColor(color);
        f.setLineWidth(1.6f);
        final List<Long> adlTimes = summary.adlTimes();
        if (!adlTimes.isEmpty()) {
            final List<Date> ax = new ArrayList<>();
            final List<Double> ay = new ArrayList<>();
            for (final long t : adlTimes) {
                ax.add(new Date(t));
                ay.add(summary.fundAt(asset, t) / balanceUnit);
            }
            final XYSeries adl = chart.addSeries(prefix + "auto-deleveraging fill", ax, ay);
            adl.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            adl.setMarker(SeriesMarkers.DIAMOND);
            adl.setMarkerColor(adlColor);
        }
    }

    /** Labels the time axis can show: dates over several days, seconds and milliseconds on short paths. */
    private static String datePattern(final long spanMillis, final boolean multiDay) {
        if (multiDay) {
            return "MM-dd HH:mm";
        }
        if (spanMillis < 2 * 60_000L) {
            return "HH:mm:ss.SSS";
        }
        return spanMillis < 2 * 3_600_000L ? "HH:mm:ss" : "HH:mm";
    }

    /** @param run the run's position in the picture: the first is drawn filled, the others as outlines */
    private static void addLiquidations(final XYChart chart, final Run run, final int side, final String name,
                                        final Color color, final int runIndex) {
        final double priceUnit = Math.pow(10, run.instrument().priceScale());
        final int instrument = run.instrument().id();
        final List<Date> x = new ArrayList<>();
        final List<Double> y = new ArrayList<>();
        for (final JournalSummary.Liquidation l : run.summary().liquidations()) {
            if (l.side() == side && l.instrument() == instrument) {
                x.add(new Date(l.timestamp()));
                y.add(l.markPrice() / priceUnit);
            }
        }
        if (x.isEmpty()) {
            return;
        }
        final XYSeries s = chart.addSeries(name + " (" + x.size() + ")", x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        if (runIndex == 0) {
            s.setMarker(side == Side.LONG ? SeriesMarkers.TRIANGLE_DOWN : SeriesMarkers.TRIANGLE_UP);
            s.setMarkerColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 150));
        } else {
            s.setMarker(new OutlineTriangle(side == Side.LONG, 1 + 0.75 * runIndex));
            s.setMarkerColor(color);
        }
    }

    /** A triangle's outline, {@code scale} times the chart's marker size, pointing down or up. */
    private static final class OutlineTriangle extends Marker {
        private final boolean down;
        private final double scale;

        OutlineTriangle(final boolean down, final double scale) {
            this.down = down;
            this.scale = scale;
        }

        @Override
        public void paint(final Graphics2D g, final double x, final double y, final int markerSize) {
            final double h = markerSize * scale / 2;
            final Path2D.Double p = new Path2D.Double();
            final double tip = down ? h : -h;
            p.moveTo(x - h, y - tip);
            p.lineTo(x + h, y - tip);
            p.lineTo(x, y + tip);
            p.closePath();
            g.setStroke(new BasicStroke(1.3f));
            g.draw(p);
        }
    }

    /** The mark path, or the low and high of each time bucket when it has too many points to draw. */
    private static void thinnedPath(final MarkPath feed, final List<Date> x, final List<Double> y,
                                    final double priceUnit) {
        final int n = feed.ticks();
        if (n <= MAX_PATH_POINTS) {
            for (int k = 0; k < n; k++) {
                x.add(new Date(feed.markTime(k)));
                y.add(feed.markPrice(k) / priceUnit);
            }
            return;
        }
        final int buckets = MAX_PATH_POINTS / 2;
        for (int b = 0; b < buckets; b++) {
            final int from = (int) ((long) n * b / buckets);
            final int to = (int) ((long) n * (b + 1) / buckets);
            int lo = from;
            int hi = from;
            for (int k = from; k < to; k++) {
                if (feed.markPrice(k) < feed.markPrice(lo)) {
                    lo = k;
                }
                if (feed.markPrice(k) > feed.markPrice(hi)) {
                    hi = k;
                }
            }
            final int first = Math.min(lo, hi);
            final int second = Math.max(lo, hi);
            x.add(new Date(feed.markTime(first)));
            y.add(feed.markPrice(first) / priceUnit);
            if (second != first) {
                x.add(new Date(feed.markTime(second)));
                y.add(feed.markPrice(second) / priceUnit);
            }
        }
    }
}
