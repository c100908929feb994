package io.liquidator.engine.core;

import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.Rates;
import io.liquidator.engine.snapshot.codec.SectionReader;
import io.liquidator.engine.snapshot.codec.SectionWriter;
import io.liquidator.engine.snapshot.codec.SnapshotException;
import io.liquidator.journal.Guards;
import org.agrona.MutableDirectBuffer;

import java.math.RoundingMode;
import java.util.Map;

/**
 * The engine's price guards ({@link PriceGuard} has the rules): each guarded instrument's settings
 * and state as primitive columns, and the engine's clock. Engine thread only; nothing allocates
 * after construction. The engine builds one only when some instrument is guarded, so an engine
 * without guards neither runs nor snapshots any of this.
 *
 * <p>Per instrument: {@code tripped}; {@code reference} (the band's reference price, 0 before the
 * first accepted tick) and {@code windowStart} (when its window opened); {@code trusted} (the last
 * accepted mark: the mark itself while armed, the mark from before the trip while tripped; funding
 * settles at it while tripped); {@code candidate} and {@code confirmed} (confirm mode: the suspicious
 * price being confirmed and the consecutive confirming ticks so far).
 */
final class PriceGuards {
    static final int SECTION = SectionWriter.tag("GARD");

    private final int n;
    private final boolean[] guarded;
    /** Per instrument: staleness limit in ms, {@link PriceGuard#NO_STALENESS_LIMIT} for none. */
    private final long[] staleLimit;
    /** Per instrument: band in {@link Rates} units, {@link PriceGuard#NO_BAND} for none. */
    private final long[] maxMove;
    private final long[] window;
    /** Per instrument: confirmations to accept a move, 0 in pause mode. */
    private final int[] confirmations;

    /** The newest timestamp of an accepted input (Long.MIN_VALUE before the first). */
    private long clock = Long.MIN_VALUE;
    /** The clock before the current input advanced it: restored if that input is refused. Scratch. */
    private long clockBefore = Long.MIN_VALUE;
    private final boolean[] tripped;
    private int trippedCount;
    private final long[] reference;
    private final long[] windowStart;
    private final long[] trusted;
    private final long[] candidate;
    private final int[] confirmed;

    PriceGuards(final int instruments, final Map<Integer, PriceGuard> settings) {
        this.n = instruments;
        guarded = new boolean[n];
        staleLimit = new long[n];
        maxMove = new long[n];
        window = new long[n];
        confirmations = new int[n];
        tripped = new boolean[n];
        reference = new long[n];
        windowStart = new long[n];
        trusted = new long[n];
        candidate = new long[n];
        confirmed = new int[n];
        settings.forEach((id, g) -> {
            if (id == null || id < 0 || id >= n) {
                throw new IllegalArgumentException("price guard for instrument " + id + ", but the instrument ids are 0.."
                    + (n - 1));
            }
            guarded[id] = true;
            staleLimit[id] = g.maxStalenessMillis();
            maxMove[id] = g.maxMove();
            window[id] = g.windowMillis();
            confirmations[id] = g.confirmations();
        });
    }

    boolean guarded(final int instrument) {
        return guarded[instrument];
    }

    boolean tripped(final int instrument) {
        return tripped[instrument];
    }

    /** Some instrument is tripped: the cheap test before looking at a cross book's markets. */
    boolean anyTripped() {
        return trippedCount > 0;
    }

    /** The last accepted mark (0 if none yet). */
    long trustedMark(final int instrument) {
        return trusted[instrument];
    }

    long reference(final int instrument) {
        return reference[instrument];
    }

    long clock() {
        return clock;
    }

    /** An input passed the sequence check: the clock moves to its timestamp if that is newer. */
    void advanceClock(final long timestamp) {
        clockBefore = clock;
        if (timestamp > clock) {
            clock = timestamp;
        }
    }

    /** The input that advanced the clock was refused: a refused input must not change the state. */
    void restoreClock() {
        clock = clockBefore;
    }

    /**
     * Judges a valid tick of a guarded instrument before it becomes the mark, and journals a GUARD
     * event if the guard trips or releases. The clock already includes the tick's own timestamp.
     */
    void onTick(final EventSink sink, final long sequence, final long timestamp, final int i, final long price) {
        final boolean stale = staleLimit[i] != PriceGuard.NO_STALENESS_LIMIT && olderThan(timestamp, staleLimit[i]);
        if (!tripped[i]) {
            if (trusted[i] != 0 && windowExpired(timestamp, windowStart[i], window[i])) {
                reference[i] = trusted[i];
                windowStart[i] = timestamp;
            }
            if (stale) {
                trip(sink, sequence, timestamp, i, price, Guards.STALE);
            } else if (!withinBand(i, price, reference[i])) {
                trip(sink, sequence, timestamp, i, price, Guards.BAND);
            } else {
                if (trusted[i] == 0) {
                    reference[i] = price;
                    windowStart[i] = timestamp;
                }
                trusted[i] = price;
            }
            return;
        }
        if (stale) {
            confirmed[i] = 0;
            return;
        }
        if (withinBand(i, price, reference[i])) {
            release(sink, sequence, timestamp, i, price, Guards.RETURNED, reference[i]);
            return;
        }
        if (confirmations[i] == 0) {
            return;
        }
        if (withinBand(i, price, candidate[i])) {
            if (++confirmed[i] >= confirmations[i]) {
                release(sink, sequence, timestamp, i, price, Guards.CONFIRMED, candidate[i]);
            }
        } else {
            candidate[i] = price;
            confirmed[i] = 0;
        }
    }

    private void trip(final EventSink sink, final long sequence, final long timestamp, final int i, final long price,
                      final int reason) {
        tripped[i] = true;
        trippedCount++;
        candidate[i] = price;
        confirmed[i] = 0;
        sink.onGuard(sequence, timestamp, i, reason, Guards.TRIPPED, price, reference[i]);
    }

    private void release(final EventSink sink, final long sequence, final long timestamp, final int i, final long price,
                         final int reason, final long against) {
        tripped[i] = false;
        trippedCount--;
        candidate[i] = 0;
        confirmed[i] = 0;
        reference[i] = price;
        windowStart[i] = timestamp;
        trusted[i] = price;
        sink.onGuard(sequence, timestamp, i, reason, Guards.RELEASED, price, against);
    }

    /**
     * {@code clock − timestamp > limit}, without overflow: the clock is never below the tick's own
     * timestamp, so a negative difference can only be a wrapped (huge) one.
     */
    private boolean olderThan(final long timestamp, final long limit) {
        final long age = clock - timestamp;
        return age < 0 || age > limit;
    }

    /** The window opened at {@code start} is over at {@code timestamp} (ticks of one instrument never go back). */
    private static boolean windowExpired(final long timestamp, final long start, final long window) {
        final long age = timestamp - start;
        return age < 0 || age >= window;
    }

    /** {@code |p − q| ≤ ⌊maxMove × q⌋}; always true without a band or without a price to compare with. */
    private boolean withinBand(final int i, final long price, final long q) {
        if (maxMove[i] == PriceGuard.NO_BAND || q == 0) {
            return true;
        }
        final long band = Fixed.mulDiv(maxMove[i], q, Rates.ONE, RoundingMode.FLOOR); // maxMove ≤ 1: no overflow
        return price >= q - band && price <= q + band;
    }

    /** Folds the guard state into the engine's state hash. */
    long hash(final long seed) {
        long h = 31 * seed + clock;
        for (int i = 0; i < n; i++) {
            if (!guarded[i]) {
                continue;
            }
            h = 31 * h + (tripped[i] ? 1 : 0);
            h = 31 * h + reference[i];
            h = 31 * h + windowStart[i];
            h = 31 * h + trusted[i];
            h = 31 * h + candidate[i];
            h = 31 * h + confirmed[i];
        }
        return h;
    }

    /**
     * The GARD section: the settings (checked on restore, not restored), the clock, then the state
     * columns. Bulk copies, no allocation.
     */
    int writeTo(final MutableDirectBuffer buffer, final int index) {
        int at = SectionWriter.beginSection(buffer, index, SECTION);
        at = SectionWriter.putInt(buffer, at, n);
        at = SectionWriter.putBooleans(buffer, at, guarded, n);
        at = SectionWriter.putLongs(buffer, at, staleLimit, n);
        at = SectionWriter.putLongs(buffer, at, maxMove, n);
        at = SectionWriter.putLongs(buffer, at, window, n);
        at = SectionWriter.putInts(buffer, at, confirmations, n);
        at = SectionWriter.putLong(buffer, at, clock);
        at = SectionWriter.putBooleans(buffer, at, tripped, n);
        at = SectionWriter.putLongs(buffer, at, reference, n);
        at = SectionWriter.putLongs(buffer, at, windowStart, n);
        at = SectionWriter.putLongs(buffer, at, trusted, n);
        at = SectionWriter.putLongs(buffer, at, candidate, n);
        at = SectionWriter.putInts(buffer, at, confirmed, n);
        return SectionWriter.endSection(buffer, index, at);
    }

    /** Restores {@link #writeTo}'s section; refuses one written under other guard settings. */
    void readFrom(final SectionReader in) {
        final int end = in.enterSection(SECTION);
        final int stored = in.getInt();
        if (stored != n) {
            throw new SnapshotException("the price guards in the snapshot cover " + stored + " instruments, this engine " + n);
        }
        final boolean[] g = new boolean[n];
        final long[] s = new long[n];
        final long[] m = new long[n];
        final long[] w = new long[n];
        final int[] c = new int[n];
        in.getBooleans(g, n);
        in.getLongs(s, n);
        in.getLongs(m, n);
        in.getLongs(w, n);
        in.getInts(c, n);
        for (int i = 0; i < n; i++) {
            if (g[i] != guarded[i] || (guarded[i] && (s[i] != staleLimit[i] || m[i] != maxMove[i] || w[i] != window[i]
                || c[i] != confirmations[i]))) {
                throw new SnapshotException("the snapshot was taken by an engine with a different configuration: the price"
                    + " guard of instrument " + i + " is " + describe(g[i], s[i], m[i], w[i], c[i]) + " in the snapshot but "
                    + describe(guarded[i], staleLimit[i], maxMove[i], window[i], confirmations[i]) + " in this engine");
            }
        }
        clock = in.getLong();
        clockBefore = clock;
        in.getBooleans(tripped, n);
        in.getLongs(reference, n);
        in.getLongs(windowStart, n);
        in.getLongs(trusted, n);
        in.getLongs(candidate, n);
        in.getInts(confirmed, n);
        in.leaveSection(SECTION, end);
        trippedCount = 0;
        for (int i = 0; i < n; i++) {
            if (tripped[i]) {
                if (!guarded[i]) {
                    throw new SnapshotException("instrument " + i + " is tripped in the snapshot but has no price guard");
                }
                trippedCount++;
            }
        }
    }

    private static String describe(final boolean guarded, final long stale, final long move, final long window,
                                   final int confirmations) {
        return guarded ? "(staleness " + stale + " ms, max move " + move + " / " + Rates.ONE + ", window " + window
            + " ms, confirmations " + confirmations + ")" : "absent";
    }
}
