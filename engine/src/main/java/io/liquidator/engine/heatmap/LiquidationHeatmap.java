package io.liquidator.engine.heatmap;

import io.liquidator.engine.core.LiquidationEngine;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.margin.LiquidationPriceSolver;
import io.liquidator.engine.margin.Side;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * How much notional the engine would liquidate at each price level of one instrument: longs below
 * the mark, shorts above, in buckets of a fixed price step, read from the engine's liquidation index
 * ({@link LiquidationEngine#visitLiquidationMap}). Each position counts once, in the bucket of its
 * liquidation price, with its notional at that price (settlement-asset balance units). Isolated and
 * cross positions are kept apart: a cross position's price assumes the book's other markets stay
 * at their marks (see {@code LiquidationMap}).
 *
 * <p>A bucket holds the prices {@code [low, low + step)}; bucket edges are multiples of the step.
 * Positions liquidated beyond the range ({@code mark × (1 ± range)}) are summed apart, and so are
 * positions already at or past their price at the current mark (waiting on a partial-liquidation
 * cooldown, say), which a tick would liquidate.
 *
 * @param instrument  the instrument
 * @param mark        its mark price (raw)
 * @param step        the bucket width (raw price units)
 * @param rangePercent how far from the mark the buckets go, in percent
 * @param longs       long buckets, nearest the mark first (descending price), empty buckets omitted
 * @param shorts      short buckets, nearest the mark first (ascending price), empty buckets omitted
 * @param beyondLong  longs liquidated below the range
 * @param beyondShort shorts liquidated above the range
 * @param atMark      positions already at or past their liquidation price
 */
public record LiquidationHeatmap(Instrument instrument, long mark, long step, BigDecimal rangePercent,
                                 List<Bucket> longs, List<Bucket> shorts, Total beyondLong, Total beyondShort,
                                 Total atMark) {
    /** Buckets per side when the step is chosen automatically. */
    public static final int AUTO_BUCKETS = 20;

    /** One price bucket of one side: {@code [low, low + step)}, its positions and their notionals. */
    public record Bucket(int side, long low, long high, int positions, long isolatedNotional, long crossNotional) {
        public long notional() {
            return isolatedNotional + crossNotional;
        }
    }

    /** Positions and their notional (balance units). */
    public record Total(int positions, long notional) {
        static final Total NONE = new Total(0, 0);

        Total plus(final long n) {
            return new Total(positions + 1, Math.addExact(notional, n));
        }
    }

    /**
     * Reads the map of {@code instrument} from a quiescent engine that has a mark for it.
     *
     * @param step         bucket width in raw price units, or 0 for about {@value #AUTO_BUCKETS} buckets a side
     * @param rangePercent the range on each side of the mark, in percent (0, 100]
     */
    public static LiquidationHeatmap of(final LiquidationEngine engine, final int instrument, final long step,
                                        final BigDecimal rangePercent) {
        final Instrument inst = engine.instrument(instrument);
        final long mark = engine.markPrice(instrument);
        if (mark <= 0) {
            throw new IllegalArgumentException(inst.symbol() + " has no mark price yet");
        }
        final BigDecimal range = rangePercent.movePointLeft(2);
        final long w = step > 0 ? step : autoStep(inst, mark, range);
        final long lowest = BigDecimal.valueOf(mark).multiply(BigDecimal.ONE.subtract(range))
            .setScale(0, RoundingMode.CEILING).longValueExact();
        final long highest = BigDecimal.valueOf(mark).multiply(BigDecimal.ONE.add(range))
            .setScale(0, RoundingMode.FLOOR).longValueExact();
        final TreeMap<Long, long[]> longs = new TreeMap<>(Collections.reverseOrder());
        final TreeMap<Long, long[]> shorts = new TreeMap<>();
        final Total[] beyond = {Total.NONE, Total.NONE, Total.NONE};
        engine.visitLiquidationMap(instrument, (account, side, cross, qty, entry, price, notional, next) -> {
            if (price == LiquidationPriceSolver.NO_PRICE) {
                return;
            }
            final boolean isLong = side == Side.LONG;
            if (isLong ? price >= mark : price <= mark) {
                beyond[2] = beyond[2].plus(notional);
            } else if (isLong ? price < lowest : price > highest) {
                beyond[isLong ? 0 : 1] = beyond[isLong ? 0 : 1].plus(notional);
            } else {
                final long low = Math.floorDiv(price, w) * w;
                final long[] b = (isLong ? longs : shorts).computeIfAbsent(low, k -> new long[3]);
                b[0]++;
                b[cross ? 2 : 1] = Math.addExact(b[cross ? 2 : 1], notional);
            }
        });
        return new LiquidationHeatmap(inst, mark, w, rangePercent, buckets(Side.LONG, longs, w),
            buckets(Side.SHORT, shorts, w), beyond[0], beyond[1], beyond[2]);
    }

    private static List<Bucket> buckets(final int side, final TreeMap<Long, long[]> m, final long w) {
        final List<Bucket> out = new ArrayList<>();
        m.forEach((low, b) -> out.add(new Bucket(side, low, low + w, (int) b[0], b[1], b[2])));
        return List.copyOf(out);
    }

    /**
     * About {@value #AUTO_BUCKETS} buckets over the range: mark × range / 20 rounded to 1, 2 or 5 ×
     * 10^k raw units, and to a whole number of ticks.
     */
    static long autoStep(final Instrument inst, final long mark, final BigDecimal range) {
        final double raw = Math.max(1, mark * range.doubleValue() / AUTO_BUCKETS);
        final double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        final double f = raw / pow;
        final long nice = (long) ((f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow);
        final long tick = inst.tickSize();
        return Math.max(tick, Math.round((double) nice / tick) * tick);
    }

    /** Notional of every bucket of both sides, at-mark and beyond-range positions included. */
    public long totalNotional() {
        long n = beyondLong.notional() + beyondShort.notional() + atMark.notional();
        for (final Bucket b : longs) {
            n += b.notional();
        }
        for (final Bucket b : shorts) {
            n += b.notional();
        }
        return n;
    }
}
