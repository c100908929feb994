package io.liquidator.engine.instrument;

import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.Rates;

import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Leverage and margin brackets ("tiers", "risk limits"): for a notional in the settlement asset's
 * balance units, the maintenance margin rate, the maintenance amount (Binance "cum", Bybit
 * "mmDeduction") and the maximum leverage.
 *
 * <p>A notional belongs to the bracket whose {@code floor ≤ notional < cap}: a notional exactly on a
 * floor is in the higher bracket. Above the last cap the last bracket still applies (an exchange
 * would refuse to open such a position, but a mark can still carry one there). Arrays, not objects,
 * so that a lookup on the tick path is a short scan over primitives.
 */
public final class BracketTable {
    private final long[] floor;
    private final long[] cap;
    private final long[] mmr;
    private final long[] maintenanceAmount;
    private final long[] maxLeverage;

    private BracketTable(final long[] floor, final long[] cap, final long[] mmr, final long[] maintenanceAmount,
                         final long[] maxLeverage) {
        this.floor = floor;
        this.cap = cap;
        this.mmr = mmr;
        this.maintenanceAmount = maintenanceAmount;
        this.maxLeverage = maxLeverage;
    }

    /** Why a bracket table was refused; {@link #bracket()} is 0-based, -1 for the whole table. */
    public static final class InvalidBracketException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int bracket;
        private final String field;

        InvalidBracketException(final int bracket, final String field, final String message) {
            super(message);
            this.bracket = bracket;
            this.field = field;
        }

        public int bracket() {
            return bracket;
        }

        /** The configuration key at fault: notional_floor, notional_cap, mmr, maintenance_amount, max_leverage. */
        public String field() {
            return field;
        }
    }

    /**
     * A table checked the way an exchange publishes one: first floor 0, each cap the next floor, rates
     * non-decreasing, max leverage non-increasing and positive, and every maintenance amount equal to
     * its recurrence {@code cum_n = cum_(n-1) + floor_n × (MMR_n − MMR_(n-1))}, which is what keeps the
     * maintenance margin continuous across a bracket boundary (a wrong cum moves the liquidation price
     * by cum/qty).
     *
     * @param balanceScale decimals of the notional/maintenance-amount units (for messages)
     */
    public static BracketTable validated(final long[] floor, final long[] cap, final long[] mmr,
                                         final long[] maintenanceAmount, final long[] maxLeverage,
                                         final int balanceScale) {
        final BracketTable t = unchecked(floor, cap, mmr, maintenanceAmount, maxLeverage);
        final int n = floor.length;
        if (floor[0] != 0) {
            throw new InvalidBracketException(0, "notional_floor", "the first bracket must start at notional 0");
        }
        long expectedCum = 0;
        long previousMmr = 0;
        for (int i = 0; i < n; i++) {
            if (cap[i] <= floor[i]) {
                throw new InvalidBracketException(i, "notional_cap", "cap must be above the floor");
            }
            if (i + 1 < n && cap[i] != floor[i + 1]) {
                throw new InvalidBracketException(i + 1, "notional_floor", "floor must equal the previous bracket's cap");
            }
            if (mmr[i] <= 0 || mmr[i] >= Rates.ONE) {
                throw new InvalidBracketException(i, "mmr", "maintenance margin rate must be in (0, 1)");
            }
            if (mmr[i] < previousMmr) {
                throw new InvalidBracketException(i, "mmr", "maintenance margin rate must not fall in a higher bracket");
            }
            if (maxLeverage[i] < Rates.ONE) {
                throw new InvalidBracketException(i, "max_leverage", "max leverage must be at least 1");
            }
            if (i > 0 && maxLeverage[i] > maxLeverage[i - 1]) {
                throw new InvalidBracketException(i, "max_leverage", "max leverage must not rise in a higher bracket");
            }
            final long step = Fixed.mulDiv(floor[i], mmr[i] - previousMmr, Rates.ONE, RoundingMode.HALF_UP);
            expectedCum = Fixed.add(expectedCum, step);
            if (maintenanceAmount[i] != expectedCum) {
                throw new InvalidBracketException(i, "maintenance_amount",
                    "maintenance amount is " + io.liquidator.engine.money.Decimals.formatTrimmed(maintenanceAmount[i], balanceScale)
                        + " but the recurrence cum_n = cum_(n-1) + floor_n * (MMR_n - MMR_(n-1)) gives "
                        + io.liquidator.engine.money.Decimals.formatTrimmed(expectedCum, balanceScale));
            }
            previousMmr = mmr[i];
        }
        return t;
    }

    /**
     * A table taken as given, for venues whose published tables are not continuous and for the
     * single-bracket examples of other projects' tests. Only shape is checked.
     */
    public static BracketTable unchecked(final long[] floor, final long[] cap, final long[] mmr,
                                         final long[] maintenanceAmount, final long[] maxLeverage) {
        final int n = floor.length;
        if (n == 0 || cap.length != n || mmr.length != n || maintenanceAmount.length != n || maxLeverage.length != n) {
            throw new InvalidBracketException(-1, "brackets", "a bracket table needs at least one bracket and equal-length columns");
        }
        for (int i = 1; i < n; i++) {
            if (floor[i] <= floor[i - 1]) {
                throw new InvalidBracketException(i, "notional_floor", "floors must increase");
            }
        }
        return new BracketTable(floor.clone(), cap.clone(), mmr.clone(), maintenanceAmount.clone(), maxLeverage.clone());
    }

    /** One bracket with no notional limits, for examples that state a single rate. */
    public static BracketTable single(final long mmr, final long maintenanceAmount, final long maxLeverage) {
        return unchecked(new long[]{0}, new long[]{Long.MAX_VALUE}, new long[]{mmr}, new long[]{maintenanceAmount},
            new long[]{maxLeverage});
    }

    /** 0-based bracket index for a notional (balance units): the last bracket whose floor ≤ notional. */
    public int indexOf(final long notional) {
        for (int i = floor.length - 1; i > 0; i--) {
            if (notional >= floor[i]) {
                return i;
            }
        }
        return 0;
    }

    public int size() {
        return floor.length;
    }

    public long floor(final int i) {
        return floor[i];
    }

    public long cap(final int i) {
        return cap[i];
    }

    public long mmr(final int i) {
        return mmr[i];
    }

    public long maintenanceAmount(final int i) {
        return maintenanceAmount[i];
    }

    /** Max leverage in {@link Rates} units. */
    public long maxLeverage(final int i) {
        return maxLeverage[i];
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof BracketTable)) {
            return false;
        }
        final BracketTable t = (BracketTable) o;
        return Arrays.equals(floor, t.floor) && Arrays.equals(cap, t.cap) && Arrays.equals(mmr, t.mmr)
            && Arrays.equals(maintenanceAmount, t.maintenanceAmount) && Arrays.equals(maxLeverage, t.maxLeverage);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(floor) * 31 + Arrays.hashCode(mmr);
    }
}
