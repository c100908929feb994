package io.liquidator.engine.margin;

import io.liquidator.engine.instrument.ContractKind;
import io.liquidator.engine.instrument.Instrument;
import io.liquidator.engine.instrument.MarginProfile;
import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.Rates;

import java.math.RoundingMode;

/**
 * The margin formulas as pure functions of primitives: no allocation, no state, one rounding per
 * result and always in the exchange's favour (maintenance and initial margin round up, profit and
 * notional round down).
 *
 * <p>Units: prices and quantities raw in the instrument's scales, every amount in the settlement
 * asset's balance units, rates in {@link Rates} units, {@code side} is {@link Side#LONG} or
 * {@link Side#SHORT}.
 *
 * <p>A notional is carried as an exact fraction {@code numerator / denominator}: linear
 * {@code qty × price × m / d}, inverse {@code qty × m / (price × d)} where {@code m, d} are the
 * instrument's value multiplier and divisor. Rounding happens once, on the final quantity.
 */
public final class MarginMath {
    private MarginMath() {
    }

    static long valueNumerator(final Instrument i, final long qty, final long price) {
        return i.kind() == ContractKind.LINEAR
            ? Fixed.mul(Fixed.mul(qty, price), i.valueMultiplier())
            : Fixed.mul(qty, i.valueMultiplier());
    }

    static long valueDenominator(final Instrument i, final long price) {
        return i.kind() == ContractKind.LINEAR ? i.valueDivisor() : Fixed.mul(price, i.valueDivisor());
    }

    /**
     * Position notional (value) at {@code price}, rounded down. Rounding down is what makes bracket
     * lookup exact: {@code floor(v) ≥ f ⇔ v ≥ f} for an integer floor {@code f}.
     */
    public static long notional(final Instrument i, final long qty, final long price) {
        return Fixed.mulDiv(valueNumerator(i, qty, price), 1, valueDenominator(i, price), RoundingMode.FLOOR);
    }

    /** The bracket (0-based) that applies to a position of {@code qty} valued at {@code price}. */
    public static int bracketAt(final Instrument i, final long qty, final long price) {
        return i.brackets().indexOf(notional(i, qty, price));
    }

    /** The price the profile takes the maintenance margin at: the mark, or the entry. */
    public static long maintenanceBasisPrice(final Instrument i, final long entryPrice, final long markPrice) {
        return i.profile().basis() == MarginProfile.Basis.MARK ? markPrice : entryPrice;
    }

    /** The bracket used for the maintenance margin at this mark, per the profile's basis. */
    public static int maintenanceBracket(final Instrument i, final long qty, final long entryPrice, final long markPrice) {
        return bracketAt(i, qty, maintenanceBasisPrice(i, entryPrice, markPrice));
    }

    /**
     * Maintenance margin of a position at {@code markPrice} (profile, bracket at that notional),
     * rounded up. Excludes a fee to close at the bankruptcy price ({@link #closeFee}), which Bybit
     * adds on top.
     */
    public static long maintenanceMargin(final Instrument i, final long qty, final long entryPrice, final long markPrice) {
        if (qty == 0) {
            return 0;
        }
        final long price = maintenanceBasisPrice(i, entryPrice, markPrice);
        final long num = valueNumerator(i, qty, price);
        final long den = valueDenominator(i, price);
        final int t = i.brackets().indexOf(Fixed.mulDiv(num, 1, den, RoundingMode.FLOOR));
        return Fixed.sub(Fixed.mulDiv(num, i.maintenanceRateNumerator(t), den, i.maintenanceRateDenominator(t),
            RoundingMode.CEILING), i.maintenanceDeduction(t));
    }

    /** The bracket's maintenance rate as the profile applies it (Gate and BitMEX add the taker rate), {@link Rates} units. */
    public static long maintenanceRate(final Instrument i, final int bracket) {
        final long mmr = i.brackets().mmr(bracket);
        return i.profile().takerInRate() ? Fixed.add(mmr, i.takerFeeRate()) : mmr;
    }

    /** Taker fee to close the whole position at {@code price}, rounded up. */
    public static long closeFee(final Instrument i, final long qty, final long price) {
        if (qty == 0 || i.takerFeeRate() == 0) {
            return 0;
        }
        return Fixed.mulDiv(valueNumerator(i, qty, price), i.takerFeeRate(), valueDenominator(i, price), Rates.ONE,
            RoundingMode.CEILING);
    }

    /** Initial margin at {@code price} for {@code leverage} ({@link Rates} units), rounded up. */
    public static long initialMargin(final Instrument i, final long qty, final long price, final long leverage) {
        if (leverage <= 0) {
            throw new IllegalArgumentException("leverage must be positive");
        }
        return Fixed.mulDiv(valueNumerator(i, qty, price), Rates.ONE, valueDenominator(i, price), leverage,
            RoundingMode.CEILING);
    }

    /**
     * Unrealised PnL at {@code markPrice}, rounded down (toward −∞): linear
     * {@code side × qty × (mark − entry)}, inverse {@code side × contracts × size × (1/entry − 1/mark)}.
     */
    public static long unrealizedPnl(final Instrument i, final int side, final long qty, final long entryPrice,
                                     final long markPrice) {
        if (qty == 0) {
            return 0;
        }
        final long move = Fixed.sub(markPrice, entryPrice);
        if (i.kind() == ContractKind.LINEAR) {
            return Fixed.mulDiv(Fixed.mul(side, qty), Fixed.mul(move, i.valueMultiplier()), i.valueDivisor(),
                RoundingMode.FLOOR);
        }
        return Fixed.mulDiv(Fixed.mul(side, Fixed.mul(qty, i.valueMultiplier())), move, entryPrice,
            Fixed.mul(markPrice, i.valueDivisor()), RoundingMode.FLOOR);
    }

    /**
     * What a position adds to its margin over its maintenance requirement at {@code markPrice}:
     * {@code ⌈PnL(mark) − MM(mark)⌉}, computed as ONE fraction and rounded once.
     *
     * <p>This is the liquidation trigger's own arithmetic: a position backed by {@code margin} is
     * liquidatable iff {@code margin + surplus ≤ 0}, which (margin being an integer and the rounding
     * upward) is exactly "margin balance ≤ maintenance margin" in rational arithmetic. Rounding PnL
     * down and maintenance up separately would make the trigger non-monotone in the price at the
     * last unit (the two roundings step at different prices), and a liquidation index keyed by price
     * could then miss a liquidatable mark; one rounding of a monotone function stays monotone.
     *
     * <p>Linear: {@code Q·m·(s·(P − EP)·rd − B·rn) / (d·rd) + cum}; inverse:
     * {@code K·(s·(P − EP)·rd − (EP·P/B)·rn) / (EP·P·d·rd) + cum}, with {@code rn/rd} the bracket's
     * maintenance rate, {@code B} the profile's basis price (mark or entry) and {@code cum} the
     * maintenance amount.
     */
    public static long surplus(final Instrument i, final int side, final long qty, final long entryPrice,
                               final long markPrice) {
        return levelSurplus(i, side, qty, entryPrice, markPrice, 1, 1);
    }

    /**
     * The surplus at a margin-ratio level {@code L = ln/ld} (a reduced fraction, e.g. 4/5 for 80 %):
     * {@code ⌈ln·PnL − ld·MM⌉}, one rounding. A position backed by {@code margin} has margin ratio
     * {@code MM / (margin + PnL) ≥ L} iff {@code ln·margin + levelSurplus ≤ 0}; {@code L = 1} is the
     * liquidation trigger. Margin calls use the same arithmetic as liquidation, so their trigger
     * prices are exact edges too.
     */
    public static long levelSurplus(final Instrument i, final int side, final long qty, final long entryPrice,
                                    final long markPrice, final long ln, final long ld) {
        return levelSurplus(i, side, qty, entryPrice, markPrice, ln, ld, RoundingMode.CEILING);
    }

    /** {@link #levelSurplus} rounded down instead: equal to it only where the exact value is a whole unit. */
    static long surplusRoundedDown(final Instrument i, final int side, final long qty, final long entryPrice,
                                   final long markPrice, final long ln, final long ld) {
        return levelSurplus(i, side, qty, entryPrice, markPrice, ln, ld, RoundingMode.FLOOR);
    }

    private static long levelSurplus(final Instrument i, final int side, final long qty, final long entryPrice,
                                     final long markPrice, final long ln, final long ld, final RoundingMode mode) {
        if (qty == 0) {
            return 0;
        }
        final long basis = maintenanceBasisPrice(i, entryPrice, markPrice);
        final int t = i.brackets().indexOf(notional(i, qty, basis));
        return surplus(i, side, qty, entryPrice, markPrice, basis, i.maintenanceRateNumerator(t),
            i.maintenanceRateDenominator(t), i.maintenanceDeduction(t), ln, ld, mode);
    }

    /**
     * {@code ⌈PnL(mark) − fee to close at mark⌉}, one rounding: equity is zero at the bankruptcy price
     * where this plus the margin reaches 0 (the fee only for profiles that count it, i.e. Bybit).
     */
    public static long bankruptcySurplus(final Instrument i, final int side, final long qty, final long entryPrice,
                                         final long markPrice) {
        return bankruptcySurplus(i, side, qty, entryPrice, markPrice, RoundingMode.CEILING);
    }

    static long bankruptcySurplus(final Instrument i, final int side, final long qty, final long entryPrice,
                                  final long markPrice, final RoundingMode mode) {
        if (qty == 0) {
            return 0;
        }
        final long fee = i.profile().closeFeeAtBankruptcy() ? i.takerFeeRate() : 0;
        final long g = fee == 0 ? Rates.ONE : Fixed.gcd(fee, Rates.ONE);
        return surplus(i, side, qty, entryPrice, markPrice, markPrice, fee / g, Rates.ONE / g, 0, 1, 1, mode);
    }

    private static long surplus(final Instrument i, final int side, final long qty, final long entryPrice,
                                final long markPrice, final long basis, final long rn, final long rd,
                                final long deduction, final long ln, final long ld, final RoundingMode mode) {
        final long move = Fixed.mul(side, Fixed.sub(markPrice, entryPrice));
        final long weightedDeduction = ld == 1 ? deduction : Fixed.mul(deduction, ld);
        if (i.kind() == ContractKind.LINEAR) {
            final long x = Fixed.sub(Fixed.mul(Fixed.mul(move, rd), ln), Fixed.mul(Fixed.mul(basis, rn), ld));
            return Fixed.add(Fixed.mulDiv(Fixed.mul(qty, i.valueMultiplier()), x, i.valueDivisor(), rd, mode),
                weightedDeduction);
        }
        final long other = basis == markPrice ? entryPrice : markPrice;
        final long x = Fixed.sub(Fixed.mul(Fixed.mul(move, rd), ln), Fixed.mul(Fixed.mul(other, rn), ld));
        return Fixed.add(Fixed.mulDiv(Fixed.mulDiv(Fixed.mul(qty, i.valueMultiplier()), x, entryPrice, markPrice, mode),
            1, i.valueDivisor(), rd, mode), weightedDeduction);
    }

    /** Margin balance (equity) of a position backed by {@code margin}: margin + unrealised PnL. */
    public static long marginBalance(final Instrument i, final int side, final long qty, final long entryPrice,
                                     final long margin, final long markPrice) {
        return Fixed.add(margin, unrealizedPnl(i, side, qty, entryPrice, markPrice));
    }

    /**
     * Margin ratio = maintenance margin ÷ margin balance, in {@link Rates} units rounded up;
     * {@link Rates#INFINITE} when the margin balance is zero or negative. Liquidation at ≥ 100 %.
     */
    public static long marginRatio(final long maintenanceMargin, final long marginBalance) {
        if (marginBalance <= 0) {
            return Rates.INFINITE;
        }
        return Fixed.mulDiv(Math.max(0, maintenanceMargin), Rates.ONE, marginBalance, RoundingMode.CEILING);
    }

    /** Leverage = notional ÷ margin, in {@link Rates} units rounded up; {@link Rates#INFINITE} if margin ≤ 0. */
    public static long leverage(final long notional, final long margin) {
        if (margin <= 0) {
            return Rates.INFINITE;
        }
        return Fixed.mulDiv(notional, Rates.ONE, margin, RoundingMode.CEILING);
    }
}
