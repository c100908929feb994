package io.liquidator.engine.demo;

import io.liquidator.engine.margin.Side;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

/**
 * The demo's picture, a PNG of two panels on one time axis: the mark price with a marker at the
 * mark of every liquidation (longs red, pointing down; shorts green, pointing up), and under it
 * the insurance fund's balance, with its auto-deleveraging fills marked when there are any.
 *
 * <p>Drawn headless with XChart (no display needed). A long mark path is thinned to the lowest and
 * highest mark of each of a few thousand time buckets, which keeps every extreme a liquidation
 * could be read against.
 */
final class DemoChart {
    static final int WIDTH = 1400;
    private static final int PRICE_HEIGHT = 620;
    private static final int FUND_HEIGHT = 340;
    private static final int MAX_PATH_POINTS = 6000;
    private static final Color LONG_COLOR = new Color(214, 39, 40);
    private static final Color SHORT_COLOR = new Color(44, 160, 44);
    private static final Color MARK_COLOR = new Color(60, 60, 60);
    private static final Color FUND_COLOR = new Color(31, 119, 180);

    private DemoChart() {
    }

    /** Writes the picture to {@code file}; every figure comes from the journal, the path from the feed. */
    static void write(final Path file, final String title, final DemoFeed feed, final JournalSummary summary,
                      final boolean multiDay) throws IOException {
        final double priceUnit = Math.pow(10, summary.instrument().priceScale());
        final double balanceUnit = Math.pow(10, summary.instrument().balanceScale());
        final List<Long> adlTimes = summary.adlTimes();
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        final String pattern = multiDay ? "MM-dd HH:mm" : "HH:mm";
        final double xMin = feed.ticks() == 0 ? 0 : feed.markTime(0);
        final double xMax = feed.ticks() == 0 ? 1 : feed.markTime(feed.ticks() - 1);

        final XYChart price = new XYChartBuilder().width(WIDTH).height(PRICE_HEIGHT).title(title)
            .yAxisTitle("mark price (USDT)").build();
        style(price, pattern, xMin, xMax);
        price.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        final List<Date> px = new ArrayList<>();
        final List<Double> py = new ArrayList<>();
        thinnedPath(feed, px, py, priceUnit);
        final XYSeries mark = price.addSeries("mark", px, py);
        mark.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        mark.setMarker(SeriesMarkers.NONE);
        mark.setLineColor(MARK_COLOR);
        mark.setLineWidth(1.2f);
        addLiquidations(price, summary, Side.LONG, "long liquidated", LONG_COLOR, priceUnit);
        addLiquidations(price, summary, Side.SHORT, "short liquidated", SHORT_COLOR, priceUnit);

        final XYChart fund = new XYChartBuilder().width(WIDTH).height(FUND_HEIGHT)
            .title("insurance fund (USDT), from the output journal").xAxisTitle("time (UTC)")
            .yAxisTitle("balance (USDT)").build();
        style(fund, pattern, xMin, xMax);
        fund.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        final List<Date> fx = new ArrayList<>();
        final List<Double> fy = new ArrayList<>();
        double balance = summary.openingFund() / balanceUnit;
        fx.add(new Date((long) xMin));
        fy.add(balance);
        for (final JournalSummary.FundPoint p : summary.fund()) {
            fx.add(new Date(p.timestamp()));
            fy.add(balance);
            balance = p.balance() / balanceUnit;
            fx.add(new Date(p.timestamp()));
            fy.add(balance);
        }
        fx.add(new Date((long) xMax));
        fy.add(balance);
        final XYSeries f = fund.addSeries("fund balance", fx, fy);
        f.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        f.setMarker(SeriesMarkers.NONE);
        f.setLineColor(FUND_COLOR);
        f.setLineWidth(1.6f);
        if (!adlTimes.isEmpty()) {
            final List<Date> ax = new ArrayList<>();
            final List<Double> ay = new ArrayList<>();
            for (final long t : adlTimes) {
                ax.add(new Date(t));
                ay.add(summary.fundAt(t) / balanceUnit);
            }
            final XYSeries adl = fund.addSeries("auto-deleveraging fill", ax, ay);
            adl.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            adl.setMarker(SeriesMarkers.DIAMOND);
            adl.setMarkerColor(new Color(255, 127, 14));
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

    private static void addLiquidations(final XYChart chart, final JournalSummary summary, final int side,
                                        final String name, final Color color, final double priceUnit) {
        final List<Date> x = new ArrayList<>();
        final List<Double> y = new ArrayList<>();
        for (final JournalSummary.Liquidation l : summary.liquidations()) {
            if (l.side() == side) {
                x.add(new Date(l.timestamp()));
                y.add(l.markPrice() / priceUnit);
            }
        }
        if (x.isEmpty()) {
            return;
        }
        final XYSeries s = chart.addSeries(name + " (" + x.size() + ")", x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        s.setMarker(side == Side.LONG ? SeriesMarkers.TRIANGLE_DOWN : SeriesMarkers.TRIANGLE_UP);
        s.setMarkerColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 150));
    }

    /** The mark path, or the low and high of each time bucket when it has too many points to draw. */
    private static void thinnedPath(final DemoFeed feed, final List<Date> x, final List<Double> y,
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
