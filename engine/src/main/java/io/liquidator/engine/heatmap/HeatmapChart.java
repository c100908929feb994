package io.liquidator.engine.heatmap;

import io.liquidator.engine.money.Decimals;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The heatmap as a PNG bar chart, one panel per instrument: a bar per price bucket, longs (red)
 * below the mark and shorts (green) above, isolated and cross stacked (cross lighter), the height
 * being the notional liquidated in that bucket. Every bucket between the lowest and the highest
 * non-empty one is drawn, empty or not, so the x axis is linear in price. Headless (XChart).
 */
public final class HeatmapChart {
    /** More buckets than this in one panel cannot be read: the caller is asked for a wider step. */
    public static final int MAX_BUCKETS = 600;
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 560;
    private static final Color LONG = new Color(214, 39, 40);
    private static final Color LONG_CROSS = new Color(245, 150, 150);
    private static final Color SHORT = new Color(44, 160, 44);
    private static final Color SHORT_CROSS = new Color(150, 215, 150);

    private HeatmapChart() {
    }

    /** Buckets one panel of {@code map} would draw (lowest to highest non-empty, and the mark's). */
    public static long bucketsDrawn(final LiquidationHeatmap map) {
        final long[] span = span(map);
        return (span[1] - span[0]) / map.step() + 1;
    }

    /** Writes one panel per map, stacked vertically, to {@code file} (PNG). */
    public static void write(final Path file, final List<LiquidationHeatmap> maps, final String source) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        final List<BufferedImage> panels = new ArrayList<>();
        for (final LiquidationHeatmap map : maps) {
            panels.add(BitmapEncoder.getBufferedImage(chart(map, source)));
        }
        int height = 0;
        for (final BufferedImage p : panels) {
            height += p.getHeight();
        }
        final BufferedImage all = new BufferedImage(WIDTH, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = all.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, all.getWidth(), all.getHeight());
            int y = 0;
            for (final BufferedImage p : panels) {
                g.drawImage(p, 0, y, null);
                y += p.getHeight();
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(all, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    private static CategoryChart chart(final LiquidationHeatmap map, final String source) {
        final int priceScale = map.instrument().priceScale();
        final int balanceScale = map.instrument().balanceScale();
        final String asset = map.instrument().settlementAsset();
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
            .title(map.instrument().symbol() + " liquidation map at mark " + Decimals.formatTrimmed(map.mark(), priceScale)
                + " (" + source + ")")
            .xAxisTitle("liquidation price bucket, lower edge (bucket " + Decimals.formatTrimmed(map.step(), priceScale)
                + "; longs below the mark, shorts above)")
            .yAxisTitle("notional liquidated (" + asset + ")").build();
        final var styler = chart.getStyler();
        styler.setStacked(true);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setYAxisDecimalPattern("#,##0");
        styler.setXAxisLabelRotation(90);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setAvailableSpaceFill(0.9);

        final long[] span = span(map);
        final TreeMap<Long, long[]> byLow = new TreeMap<>();
        for (long low = span[0]; low <= span[1]; low += map.step()) {
            byLow.put(low, new long[4]);
        }
        for (final LiquidationHeatmap.Bucket b : map.longs()) {
            byLow.get(b.low())[0] += b.isolatedNotional();
            byLow.get(b.low())[1] += b.crossNotional();
        }
        for (final LiquidationHeatmap.Bucket b : map.shorts()) {
            byLow.get(b.low())[2] += b.isolatedNotional();
            byLow.get(b.low())[3] += b.crossNotional();
        }
        final List<String> x = new ArrayList<>();
        final List<List<Double>> y = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        final double unit = Math.pow(10, balanceScale);
        final long markBucket = Math.floorDiv(map.mark(), map.step()) * map.step();
        for (final Map.Entry<Long, long[]> e : byLow.entrySet()) {
            final String label = Decimals.formatTrimmed(e.getKey(), priceScale);
            x.add(e.getKey() == markBucket ? label + " (mark)" : label);
            for (int s = 0; s < 4; s++) {
                y.get(s).add(e.getValue()[s] / unit);
            }
        }
        final String[] names = {"long, isolated", "long, cross", "short, isolated", "short, cross"};
        final Color[] colors = {LONG, LONG_CROSS, SHORT, SHORT_CROSS};
        int added = 0;
        for (int s = 0; s < 4; s++) {
            if (y.get(s).stream().anyMatch(v -> v != 0)) {
                final CategorySeries series = chart.addSeries(names[s], x, y.get(s));
                series.setFillColor(colors[s]);
                added++;
            }
        }
        if (added == 0) {
            chart.addSeries("no liquidation within the range", x, y.get(0)).setFillColor(Color.LIGHT_GRAY);
        }
        return chart;
    }

    /** Lowest and highest bucket edge to draw: the non-empty buckets and the mark's. */
    private static long[] span(final LiquidationHeatmap map) {
        final long markBucket = Math.floorDiv(map.mark(), map.step()) * map.step();
        long lo = markBucket;
        long hi = markBucket;
        for (final LiquidationHeatmap.Bucket b : map.longs()) {
            lo = Math.min(lo, b.low());
            hi = Math.max(hi, b.low());
        }
        for (final LiquidationHeatmap.Bucket b : map.shorts()) {
            lo = Math.min(lo, b.low());
            hi = Math.max(hi, b.low());
        }
        return new long[]{lo, hi};
    }
}
