package io.liquidator.engine.margin;

import io.liquidator.engine.instrument.BracketTable;
import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.FixedPointOverflowException;
import io.liquidator.engine.money.Rates;

import java.math.RoundingMode;

/**
 * Liquidation and bankruptcy prices of the positions one instrument holds against one pool of
 * margin, solved so that they agree exactly with the trigger the engine evaluates.
 *
 * <p>The trigger is the profile's {@link #excess(long) excess} {@code E(P) = margin + Σ ⌈PnL(P) − MM(P)⌉}
 * in balance units (one rounding per leg, {@link MarginMath#surplus}): a position is liquidatable
 * at mark {@code P} iff {@code E(P) ≤ 0}, which for one leg is exactly "margin balance ≤ maintenance
 * margin" (Binance: margin ratio ≥ 100 %). For one leg {@code E} is monotone in the price (its slope
 * is {@code qty × (1 − MMR)} for a long, and brackets whose maintenance amounts follow the recurrence
 * keep it continuous), so on the tick grid the liquidatable prices form one interval and its edge is
 * the engine's trigger price. Two legs (hedge mode) are monotone only near the mark; see
 * {@link #direction()}.
 *
 * <p>The closed-form liquidation price of the profile (Binance FAQ formula; its inverse
 * counterpart; Bybit/BitMEX on entry value; Hyperliquid's {@code 1 − l·side} form), re-solved
 * with the bracket that applies <em>at</em> the solution until it settles, gives the first guess;
 * a galloping search on the exact trigger then moves it to the edge (usually zero or one step).
 * The closed form is therefore never trusted beyond its rounding, and the answer is exact.
 *
 * <p>"No liquidation price" (a 1× long, a fully collateralised inverse short) is
 * {@link #NO_PRICE}, never a negative number. Mutable scratch state, single-threaded, reused:
 * nothing allocates.
 *
 * <p>Cross margin: the margin is the wallet balance plus the PnL and minus the maintenance margin of
 * every other position at its own mark (Binance's {@code WB − TMM1 + UPNL1}), which is constant as
 * far as this instrument's price is concerned. Hedge mode: a long and a short on the same instrument
 * are two legs of one equation (one liquidation price for both, as in Binance cross hedge mode).
 */
public final class LiquidationPriceSolver {
    /** There is no positive price at which the positions are liquidated (or go bankrupt). */
    public static final long NO_PRICE = Long.MIN_VALUE;

    private static final int MAX_LEGS = 2;

    private Instrument instrument;
    /** The margin term of the excess: margin × ln (or a caller's constant already so weighted). */
    private long margin;
    private long levelNumerator = 1;
    private long levelDenominator = 1;
    /** The unweighted margin, for bankruptcy prices (which do not depend on the level). */
    private long baseMargin;
    private int legCount;
    private final int[] side = new int[MAX_LEGS];
    private final long[] qty = new long[MAX_LEGS];
    private final long[] entry = new long[MAX_LEGS];
    /** Bybit: fee to close at the bankruptcy price, inside the maintenance requirement. */
    private long closeFeeAtBankruptcy;
    private boolean bankruptcyMode;
    private boolean prepared;
    private int direction;
    private boolean chargeCloseFee = true;

    /**
     * Starts a new problem: {@code margin} (balance units) backs the legs added next. Isolated:
     * the position's isolated margin. Cross: wallet balance + Σ uPnL − Σ MM of the account's other
     * positions at their marks.
     */
    public LiquidationPriceSolver reset(final Instrument instrument, final long margin) {
        return reset(instrument, margin, 1, 1);
    }

    /**
     * Starts a problem at margin-ratio level {@code ln/ld} (reduced; 1/1 is liquidation, 4/5 an 80 %
     * margin call): the trigger becomes {@code ln·margin + Σ ⌈ln·PnL − ld·MM⌉ ≤ 0}, i.e. margin ratio
     * ≥ the level. Bankruptcy prices are not affected by the level.
     */
    public LiquidationPriceSolver reset(final Instrument instrument, final long margin, final long ln, final long ld) {
        resetWeighted(instrument, Fixed.mul(margin, ln), ln, ld);
        this.baseMargin = margin;
        return this;
    }

    /**
     * As {@link #reset(Instrument, long, long, long)} with the margin term given already multiplied by
     * {@code ln} (a cross account's per-market budget is such a constant).
     */
    public LiquidationPriceSolver resetWeighted(final Instrument instrument, final long weightedMargin, final long ln,
                                                final long ld) {
        if (ln <= 0 || ld <= 0) {
            throw new IllegalArgumentException("level must be a positive fraction");
        }
        this.instrument = instrument;
        this.margin = weightedMargin;
        this.baseMargin = Math.floorDiv(weightedMargin, ln);
        this.levelNumerator = ln;
        this.levelDenominator = ld;
        this.legCount = 0;
        this.prepared = false;
        this.chargeCloseFee = true;
        return this;
    }

    /**
     * Leaves the Bybit fee to close at the bankruptcy price out of the requirement (a cross book's
     * per-market trigger, whose book does not charge it).
     */
    public LiquidationPriceSolver withoutCloseFee() {
        this.chargeCloseFee = false;
        this.prepared = false;
        return this;
    }

    /** The fee to close at the bankruptcy price counted inside maintenance (Bybit), else 0. */
    public long closeFeeAtBankruptcy() {
        prepare();
        return closeFeeAtBankruptcy;
    }

    /** Adds a position leg (at most one per side). Zero quantity is ignored. */
    public LiquidationPriceSolver addLeg(final int side, final long qty, final long entryPrice) {
        if (qty < 0 || (side != Side.LONG && side != Side.SHORT)) {
            throw new IllegalArgumentException("leg needs side ±1 and qty ≥ 0");
        }
        if (qty == 0) {
            return this;
        }
        if (legCount == MAX_LEGS) {
            throw new IllegalStateException("at most a long and a short leg per instrument");
        }
        this.side[legCount] = side;
        this.qty[legCount] = qty;
        this.entry[legCount] = entryPrice;
        legCount++;
        prepared = false;
        return this;
    }

    public int legCount() {
        return legCount;
    }

    /**
     * The trigger edge: for a long, the highest price on the tick at which the positions are
     * liquidatable; for a short, the lowest. {@link #NO_PRICE} if there is none in
     * {@code [tick, maxPrice]}.
     */
    public long liquidationTrigger() {
        prepare();
        bankruptcyMode = false;
        return edge(estimate());
    }

    /** The bankruptcy edge: where equity (after the close fee, for Bybit) reaches zero, on the tick. */
    public long bankruptcyTrigger() {
        prepare();
        bankruptcyMode = true;
        final long edge = edge(estimate());
        bankruptcyMode = false;
        return edge;
    }

    /**
     * The liquidation price as an exchange reports it: the exact price rounded to the tick toward
     * the entry (up for a long, down for a short), so the exchange never acts later than the exact
     * threshold. {@link #NO_PRICE} if there is none.
     */
    public long liquidationPrice() {
        prepare();
        bankruptcyMode = false;
        return report(edge(estimate()));
    }

    /** The bankruptcy price, rounded to the tick toward the entry. {@link #NO_PRICE} if there is none. */
    public long bankruptcyPrice() {
        prepare();
        bankruptcyMode = true;
        final long p = report(edge(estimate()));
        bankruptcyMode = false;
        return p;
    }

    /** The trigger itself: are the positions liquidatable at this mark? */
    public boolean liquidatableAt(final long markPrice) {
        prepare();
        bankruptcyMode = false;
        return excessPrepared(markPrice) <= 0;
    }

    /**
     * Margin balance minus maintenance requirement at {@code price} (balance units), each leg's
     * {@code PnL − MM} rounded once, upward ({@link MarginMath#surplus}): the positions are
     * liquidatable iff this is ≤ 0. In bankruptcy mode the requirement is only the close fee (Bybit)
     * or nothing.
     */
    public long excess(final long price) {
        prepare();
        return excessPrepared(price);
    }

    private long excessPrepared(final long price) {
        long e = bankruptcyMode ? baseMargin : margin;
        final Instrument i = instrument;
        for (int k = 0; k < legCount; k++) {
            e = Fixed.add(e, bankruptcyMode
                ? MarginMath.bankruptcySurplus(i, side[k], qty[k], entry[k], price)
                : MarginMath.levelSurplus(i, side[k], qty[k], entry[k], price, levelNumerator, levelDenominator));
        }
        if (!bankruptcyMode) {
            e = Fixed.sub(e, Fixed.mul(closeFeeAtBankruptcy, levelDenominator));
        }
        return e;
    }

    /**
     * +1 if the positions lose margin when the price falls (liquidated from above: a long), −1 if
     * when it rises. One leg: its side. Two legs (hedge mode): the sign of the excess's slope around
     * the first entry, since a nearly flat hedge that is net long can still lose margin on a rise
     * (the maintenance of both legs grows with the price).
     */
    public int direction() {
        prepare();
        return direction;
    }

    private int computeDirection() {
        if (legCount == 1) {
            return side[0];
        }
        final long tick = instrument.tickSize();
        final long ref = entry[0];
        final long span = Math.max(tick, (ref / 100) / tick * tick);
        final long lo = Math.max(tick, ref - span);
        final long hi = Math.min(instrument.maxPrice(), ref + span);
        try {
            return excessPrepared(hi) > excessPrepared(lo) ? Side.LONG : Side.SHORT;
        } catch (final ArithmeticException overflow) {
            long net = 0;
            for (int k = 0; k < legCount; k++) {
                net += side[k] * qty[k];
            }
            return net > 0 ? Side.LONG : Side.SHORT;
        }
    }

    private void prepare() {
        if (prepared) {
            return;
        }
        if (instrument == null) {
            throw new IllegalStateException("reset() first");
        }
        closeFeeAtBankruptcy = 0;
        final boolean mode = bankruptcyMode;
        bankruptcyMode = false;
        prepared = true;
        direction = legCount == 0 ? Side.LONG : computeDirection();
        if (chargeCloseFee && instrument.profile().closeFeeAtBankruptcy() && legCount > 0) {
            // the fee is charged at the bankruptcy price as the exchange reports it (rounded toward the entry)
            bankruptcyMode = true;
            final long bankruptcy = report(edge(estimate()));
            if (bankruptcy != NO_PRICE) {
                long fee = 0;
                for (int k = 0; k < legCount; k++) {
                    fee = Fixed.add(fee, MarginMath.closeFee(instrument, qty[k], bankruptcy));
                }
                closeFeeAtBankruptcy = fee;
            }
        }
        bankruptcyMode = mode;
    }

    /** Rounds an edge toward the entry: it is the exact root only if the excess there is exactly 0. */
    private long report(final long edge) {
        if (edge == NO_PRICE || legCount == 0) {
            return NO_PRICE;
        }
        final long tick = instrument.tickSize();
        final int dir = direction;
        if (isExactRoot(edge)) {
            return edge;
        }
        if (dir == Side.LONG) {
            return edge >= instrument.maxPrice() ? edge : edge + tick;
        }
        return edge <= tick ? edge : edge - tick;
    }

    /** The edge is liquidatable (rounded-up excess ≤ 0); it is the exact root iff the rounded-down excess is 0 too. */
    private boolean isExactRoot(final long price) {
        long e = bankruptcyMode ? baseMargin : margin;
        for (int k = 0; k < legCount; k++) {
            e = Fixed.add(e, bankruptcyMode
                ? MarginMath.bankruptcySurplus(instrument, side[k], qty[k], entry[k], price, RoundingMode.FLOOR)
                : MarginMath.surplusRoundedDown(instrument, side[k], qty[k], entry[k], price, levelNumerator,
                    levelDenominator));
        }
        if (!bankruptcyMode) {
            e = Fixed.sub(e, Fixed.mul(closeFeeAtBankruptcy, levelDenominator));
        }
        return e == 0;
    }

    private long edge(final long guess) {
        if (legCount == 0) {
            return NO_PRICE;
        }
        final long tick = instrument.tickSize();
        final long max = instrument.maxPrice();
        long g = guess - Math.floorMod(guess, tick);
        if (g < tick) {
            g = tick;
        } else if (g > max) {
            g = max;
        }
        if (direction == Side.LONG) {
            // liquidatable region is [tick, edge]
            return lastTrue(g, false);
        }
        // liquidatable region is [edge, max]: find the last price that is NOT liquidatable
        final long lastSafe = lastTrue(g, true);
        if (lastSafe == 0) {
            return tick;
        }
        if (lastSafe >= max) {
            return NO_PRICE;
        }
        return lastSafe + tick;
    }

    private boolean test(final long price, final boolean negate) {
        boolean liquidatable;
        try {
            liquidatable = excessPrepared(price) <= 0;
        } catch (final FixedPointOverflowException beyondAnyMargin) {
            // The loss (or gain) at this price does not fit in a long, so it dwarfs any margin: the
            // positions are liquidatable on their losing side of the entry and safe on the other.
            liquidatable = direction == Side.LONG
                ? price < entry[0]
                : price > entry[0] && instrument.kind() == ContractKind.LINEAR;
        }
        return liquidatable ^ negate;
    }

    /**
     * The last grid price in {@code [tick, max]} where the (downward-closed) predicate holds, found
     * by galloping from {@code g}; 0 if it holds nowhere (for a long: {@link #NO_PRICE}).
     */
    private long lastTrue(final long g, final boolean negate) {
        final long tick = instrument.tickSize();
        final long max = instrument.maxPrice();
        long lo;
        long hi;
        if (test(g, negate)) {
            lo = g;
            long step = tick;
            hi = g + step;
            while (hi <= max && test(hi, negate)) {
                lo = hi;
                step <<= 1;
                hi = g + step;
            }
            if (hi > max) {
                if (test(max, negate)) {
                    return max;
                }
                hi = max;
            }
        } else {
            hi = g;
            long step = tick;
            lo = g - step;
            while (lo >= tick && !test(lo, negate)) {
                hi = lo;
                step <<= 1;
                lo = g - step;
            }
            if (lo < tick) {
                if (!test(tick, negate)) {
                    return negate ? 0 : NO_PRICE;
                }
                lo = tick;
            }
        }
        while (hi - lo > tick) {
            final long mid = lo + ((hi - lo) / tick / 2) * tick;
            if (test(mid, negate)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Closed-form first guess. Single leg: the venue formula for the profile, re-solved with the
     * bracket at the solution until the bracket settles. Two legs (hedge): the first entry price; the
     * search does the rest.
     */
    private long estimate() {
        if (legCount != 1) {
            return entry[0];
        }
        final Instrument i = instrument;
        final BracketTable b = i.brackets();
        final boolean markBasis = bankruptcyMode || i.profile().basis() == MarginProfile.Basis.MARK;
        int bracket = b.indexOf(MarginMath.notional(i, qty[0], entry[0]));
        long p = entry[0];
        for (int iteration = 0; iteration <= b.size(); iteration++) {
            try {
                p = closedForm(bracket);
            } catch (final ArithmeticException overflowOrDegenerate) {
                return entry[0];
            }
            if (!markBasis || bankruptcyMode || p <= 0 || p > i.maxPrice()) {
                break;
            }
            final int at = b.indexOf(MarginMath.notional(i, qty[0], p));
            if (at == bracket) {
                break;
            }
            bracket = at;
        }
        return p;
    }

    /**
     * One closed-form solve with a fixed bracket. With maintenance {@code α·value(P) − cum} (mark
     * basis) or a constant (entry basis):
     * linear {@code P = (s·N_e − C − cum) / (Q·(s − α))} (Binance FAQ, one-way);
     * inverse {@code P = (s + α)·K / (C + cum + s·K/EP)} (its COIN-M counterpart).
     */
    private long closedForm(final int bracket) {
        final Instrument i = instrument;
        final int s = side[0];
        final long q = qty[0];
        final long ep = entry[0];
        final long rn;
        final long rd;
        final long cumTerm;
        final long m;
        if (bankruptcyMode) {
            rn = i.profile().closeFeeAtBankruptcy() ? i.takerFeeRate() : 0;
            rd = Rates.ONE;
            cumTerm = 0;
            m = baseMargin;
        } else {
            // E_L / ln = margin + PnL − (ld/ln)·MM: the level scales the maintenance side
            final long ln = levelNumerator;
            final long ld = levelDenominator;
            m = margin / ln;
            if (i.profile().basis() == MarginProfile.Basis.ENTRY) {
                rn = 0;
                rd = Rates.ONE;
                cumTerm = -Fixed.mulDiv(Fixed.add(MarginMath.maintenanceMargin(i, q, ep, ep), closeFeeAtBankruptcy), ld, ln,
                    RoundingMode.HALF_UP);
            } else {
                rn = Fixed.mul(i.maintenanceRateNumerator(bracket), ld);
                rd = Fixed.mul(i.maintenanceRateDenominator(bracket), ln);
                cumTerm = Fixed.mulDiv(i.maintenanceDeduction(bracket), ld, ln, RoundingMode.HALF_UP);
            }
        }
        final long entryValue = MarginMath.notional(i, q, ep);
        if (i.kind() == ContractKind.LINEAR) {
            final long num = Fixed.sub(Fixed.sub(s * entryValue, m), cumTerm);
            final long x = Fixed.mulDiv(num, rd, Fixed.sub(s * rd, rn), RoundingMode.HALF_UP);
            return Fixed.mulDiv(x, i.valueDivisor(), Fixed.mul(q, i.valueMultiplier()), RoundingMode.HALF_UP);
        }
        final long d = Fixed.add(Fixed.add(m, cumTerm), s * entryValue);
        if ((s > 0 && d <= 0) || (s < 0 && d >= 0)) {
            return i.maxPrice();
        }
        final long y = Fixed.mulDiv(Fixed.mul(q, i.valueMultiplier()), Fixed.add(s * rd, rn), rd, RoundingMode.HALF_UP);
        return Fixed.mulDiv(y, 1, Fixed.mul(d, i.valueDivisor()), RoundingMode.HALF_UP);
    }
}
