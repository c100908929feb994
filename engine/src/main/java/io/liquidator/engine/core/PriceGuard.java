package io.liquidator.engine.core;

import io.liquidator.engine.money.Decimals;
import io.liquidator.engine.money.Rates;

import java.util.Objects;

/**
 * One instrument's price guard: when a mark price is not to be trusted with a liquidation. Immutable
 * settings; the engine keeps the state (see {@link LiquidationEngine}). An instrument without one is
 * evaluated exactly as before guards existed.
 *
 * <p>Why: an oracle or index feed sometimes prints one absurd price (a "wick" from a thin venue, a
 * fat-fingered print, a feed replaying old data). A liquidation is irreversible, a margin call is a
 * warning; so a suspicious tick may warn but must not close positions until the price is shown to be
 * real or goes away. Everything is judged on exchange time (the inputs' timestamps), never the wall
 * clock, so a replay makes the same decisions as the live run.
 *
 * <p>Definitions (all prices raw, on the instrument's tick):
 * <ul>
 *   <li><b>clock</b>: the newest timestamp of any input the engine has accepted (a rejected input
 *       does not move it).</li>
 *   <li><b>stale</b> (if {@link #maxStalenessMillis()} is set): {@code clock − ts > maxStalenessMillis}.</li>
 *   <li><b>window and reference</b> (if {@link #maxMove()} is set): the reference price {@code r} is the
 *       last accepted mark as of the moment the current window opened. A window opens on the first
 *       accepted tick, on every release, and on the first tick at or after {@code windowStart +
 *       windowMillis} (that tick is judged against the mark accepted just before it, which becomes the
 *       new reference). So within a window every tick is compared with the same reference, and a fast
 *       slide made of small steps trips the guard once their sum leaves the band; with
 *       {@code windowMillis = 0} every tick is compared with the previous accepted mark.</li>
 *   <li><b>within the band</b> of a price {@code q}: {@code |p − q| ≤ ⌊maxMove × q⌋} (exact integer
 *       arithmetic: {@code maxMove} is a {@link Rates} fraction).</li>
 * </ul>
 * A stale tick, or one outside the band of {@code r}, <b>trips</b> the guard. Until it is released,
 * liquidations of units that involve the instrument (its isolated positions, and cross books holding
 * it) are held: such a unit is re-keyed at its crossed trigger so that every later tick visits it
 * again, and the first tick after the release liquidates it if it is still under water. Margin calls
 * are not held: every tick, suspicious or not, becomes the instrument's mark, and units are evaluated
 * and margin-called at it as usual (a unit past its liquidation price gets the highest margin call
 * instead). Release:
 * <ul>
 *   <li>{@link OnTrip#PAUSE}: the first fresh tick within the band of {@code r} (frozen while
 *       tripped) releases the guard ({@code RETURNED}).</li>
 *   <li>{@link OnTrip#CONFIRM}: as PAUSE, and also after {@link #confirmations()} consecutive fresh
 *       ticks within the band of the suspicious price {@code c} ({@code CONFIRMED}: the move was
 *       real). {@code c} is the tick that tripped the guard; a fresh tick outside the band of both
 *       {@code r} and {@code c} becomes the new {@code c} and restarts the count; a stale tick resets
 *       the count.</li>
 * </ul>
 * The releasing tick is accepted and opens a new window with itself as the reference.
 */
public final class PriceGuard {
    /** What ends a trip. */
    public enum OnTrip {
        /** Release only when prices come back within the band of the reference. */
        PAUSE,
        /** Also release when the new level is confirmed by N consecutive consistent ticks. */
        CONFIRM
    }

    /** {@link #maxStalenessMillis()} when no staleness limit is set. */
    public static final long NO_STALENESS_LIMIT = -1;
    /** {@link #maxMove()} when no band is set. */
    public static final long NO_BAND = 0;
    /** The most confirmations a guard may ask for. */
    public static final int MAX_CONFIRMATIONS = 1_000;

    private final long maxStalenessMillis;
    private final long maxMove;
    private final long windowMillis;
    private final OnTrip onTrip;
    private final int confirmations;

    private PriceGuard(final Builder b) {
        this.maxStalenessMillis = b.maxStalenessMillis;
        this.maxMove = b.maxMove;
        this.windowMillis = b.windowMillis;
        this.onTrip = b.onTrip;
        this.confirmations = b.confirmations;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Milliseconds a tick may lag the engine's clock; {@link #NO_STALENESS_LIMIT} for no check. */
    public long maxStalenessMillis() {
        return maxStalenessMillis;
    }

    /** The band as a fraction of the reference ({@link Rates} units, 0.1 = 10_000_000); {@link #NO_BAND} for none. */
    public long maxMove() {
        return maxMove;
    }

    /** How long one reference price stays in force, in exchange milliseconds. */
    public long windowMillis() {
        return windowMillis;
    }

    public OnTrip onTrip() {
        return onTrip;
    }

    /** Consecutive consistent ticks that confirm a move ({@link OnTrip#CONFIRM}); 0 for {@link OnTrip#PAUSE}. */
    public int confirmations() {
        return confirmations;
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof PriceGuard)) {
            return false;
        }
        final PriceGuard g = (PriceGuard) o;
        return maxStalenessMillis == g.maxStalenessMillis && maxMove == g.maxMove && windowMillis == g.windowMillis
            && onTrip == g.onTrip && confirmations == g.confirmations;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxStalenessMillis, maxMove, windowMillis, onTrip, confirmations);
    }

    /** As the configuration file writes it (a snapshot fingerprint includes this text). */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("{");
        if (maxStalenessMillis != NO_STALENESS_LIMIT) {
            sb.append("max_staleness_ms: ").append(maxStalenessMillis).append(", ");
        }
        if (maxMove != NO_BAND) {
            sb.append("max_move: ").append(Decimals.formatTrimmed(maxMove, Rates.SCALE_DIGITS)).append(", window_ms: ")
                .append(windowMillis).append(", ");
        }
        sb.append("on_trip: ").append(onTrip == OnTrip.PAUSE ? "pause" : "confirm");
        if (onTrip == OnTrip.CONFIRM) {
            sb.append(", confirmations: ").append(confirmations);
        }
        return sb.append('}').toString();
    }

    public static final class Builder {
        private long maxStalenessMillis = NO_STALENESS_LIMIT;
        private long maxMove = NO_BAND;
        private long windowMillis;
        private OnTrip onTrip = OnTrip.PAUSE;
        private int confirmations;

        /** A tick older than the engine's clock by more than this trips the guard (≥ 0). */
        public Builder maxStalenessMillis(final long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("max staleness must not be negative: " + millis);
            }
            this.maxStalenessMillis = millis;
            return this;
        }

        /** Band in {@link Rates} units, in (0, 1]: 0.1 (10_000_000) trips on a move of more than 10 %. */
        public Builder maxMove(final long rate) {
            if (rate <= 0 || rate > Rates.ONE) {
                throw new IllegalArgumentException("max move must be a fraction in (0, 1]: "
                    + Decimals.formatTrimmed(rate, Rates.SCALE_DIGITS));
            }
            this.maxMove = rate;
            return this;
        }

        /** Window of the reference price, ≥ 0 ms (0: every tick against the previous accepted mark). */
        public Builder windowMillis(final long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("window must not be negative: " + millis);
            }
            this.windowMillis = millis;
            return this;
        }

        public Builder pause() {
            this.onTrip = OnTrip.PAUSE;
            this.confirmations = 0;
            return this;
        }

        /** Confirm mode: {@code n} (1 to {@link #MAX_CONFIRMATIONS}) consecutive consistent ticks accept a move. */
        public Builder confirm(final int n) {
            if (n < 1 || n > MAX_CONFIRMATIONS) {
                throw new IllegalArgumentException("confirmations must be from 1 to " + MAX_CONFIRMATIONS + ": " + n);
            }
            this.onTrip = OnTrip.CONFIRM;
            this.confirmations = n;
            return this;
        }

        public PriceGuard build() {
            if (maxStalenessMillis == NO_STALENESS_LIMIT && maxMove == NO_BAND) {
                throw new IllegalArgumentException("a price guard needs a staleness limit, a band, or both");
            }
            if (maxMove == NO_BAND && windowMillis != 0) {
                throw new IllegalArgumentException("a window only applies to a band (max move)");
            }
            if (onTrip == OnTrip.CONFIRM && maxMove == NO_BAND) {
                throw new IllegalArgumentException("confirm needs a band: confirmations are ticks within the band of the"
                    + " suspicious price");
            }
            return new PriceGuard(this);
        }
    }
}
