package io.liquidator.engine.core;

import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.Rates;

import java.math.RoundingMode;

/**
 * The auto-deleveraging queue: who absorbs a bankrupt position when the insurance fund cannot.
 *
 * <p>BitMEX's ranking ({@code /app/autoDeleveraging}), which Bybit's follows: for a position in
 * profit, {@code score = PnL% × effective leverage}, with {@code PnL% = PnL ÷ entry value} and
 * {@code effective leverage = mark value ÷ equity}; highest score first (ties: lowest account id),
 * filled at the bankrupt position's bankruptcy price until its size is covered. Pure functions over
 * primitive arrays: the engine fills them from its store, tests from published examples.
 */
public final class AdlQueue {
    /** Not in the queue (not in profit, or no positive equity). */
    public static final long NOT_ELIGIBLE = Long.MIN_VALUE;

    private AdlQueue() {
    }

    /** The score in {@link Rates} units, or {@link #NOT_ELIGIBLE}. All amounts in balance units. */
    public static long score(final long pnl, final long entryValue, final long markValue, final long equity) {
        if (pnl <= 0 || equity <= 0 || entryValue <= 0) {
            return NOT_ELIGIBLE;
        }
        final long pnlPercent = Fixed.mulDiv(pnl, Rates.ONE, entryValue, RoundingMode.FLOOR);
        final long leverage = Fixed.mulDiv(markValue, Rates.ONE, equity, RoundingMode.FLOOR);
        return Fixed.mulDiv(pnlPercent, leverage, Rates.ONE, RoundingMode.FLOOR);
    }

    /**
     * Orders {@code n} entries by score descending, then account ascending (parallel arrays, in place,
     * O(n log n), no allocation): the whole opposite side of a market can be in the queue.
     */
    public static void rank(final long[] scores, final long[] accounts, final int[] payload, final int n) {
        sort(scores, accounts, payload, 0, n - 1);
    }

    private static void sort(final long[] s, final long[] a, final int[] p, int lo, int hi) {
        while (hi - lo > 16) {
            final int mid = (lo + hi) >>> 1;
            if (before(s, a, mid, lo)) {
                swap(s, a, p, mid, lo);
            }
            if (before(s, a, hi, lo)) {
                swap(s, a, p, hi, lo);
            }
            if (before(s, a, hi, mid)) {
                swap(s, a, p, hi, mid);
            }
            final long ps = s[mid];
            final long pa = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (before(s[i], a[i], ps, pa)) {
                    i++;
                }
                while (before(ps, pa, s[j], a[j])) {
                    j--;
                }
                if (i <= j) {
                    swap(s, a, p, i, j);
                    i++;
                    j--;
                }
            }
            // recurse into the smaller part, loop on the larger: stack depth O(log n)
            if (j - lo < hi - i) {
                sort(s, a, p, lo, j);
                lo = i;
            } else {
                sort(s, a, p, i, hi);
                hi = j;
            }
        }
        for (int x = lo + 1; x <= hi; x++) {
            int y = x;
            while (y > lo && before(s, a, y, y - 1)) {
                swap(s, a, p, y, y - 1);
                y--;
            }
        }
    }

    private static boolean before(final long[] s, final long[] a, final int x, final int y) {
        return before(s[x], a[x], s[y], a[y]);
    }

    private static boolean before(final long s1, final long a1, final long s2, final long a2) {
        return s1 > s2 || (s1 == s2 && a1 < a2);
    }

    private static void swap(final long[] s, final long[] a, final int[] p, final int x, final int y) {
        final long ts = s[x];
        s[x] = s[y];
        s[y] = ts;
        final long ta = a[x];
        a[x] = a[y];
        a[y] = ta;
        final int tp = p[x];
        p[x] = p[y];
        p[y] = tp;
    }

    /**
     * How much the ranked entry with {@code available} quantity takes when {@code remaining} of the
     * bankrupt size is still open.
     */
    public static long take(final long remaining, final long available) {
        return Math.min(remaining, available);
    }

    /**
     * The queue indicator (1 = first in line … 5 = last), from the share of the side's total quantity
     * ranked at or before this entry: {@code ⌈5 × cumulative ÷ total⌉} (BitMEX's five lights).
     */
    public static int quintile(final long cumulativeQty, final long totalQty) {
        if (totalQty <= 0 || cumulativeQty <= 0) {
            throw new IllegalArgumentException("quantities must be positive");
        }
        return (int) Fixed.mulDiv(cumulativeQty, 5, totalQty, RoundingMode.CEILING);
    }
}
