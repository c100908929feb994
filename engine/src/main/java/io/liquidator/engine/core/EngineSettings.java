package io.liquidator.engine.core;

import io.liquidator.engine.money.Rates;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an exchange's risk team tunes: margin-call levels and their hysteresis, the partial
 * liquidation policy, the insurance fund's opening balances, the price guards, and capacity hints.
 * Immutable.
 */
public final class EngineSettings {
    /**
     * Margin-call levels and hysteresis are multiples of 0.5 % ({@link Rates} units): a level's reduced
     * fraction then has a numerator ≤ 200, and the level-weighted margin (numerator × margin) stays in
     * a long for margins up to ~4.6e16 balance units (460 M USDT at 1e-8).
     */
    public static final long LEVEL_GRID = 500_000L;
    private final long[] marginCallLevels;
    private final long hysteresis;
    private final PartialLiquidationPolicy policy;
    private final Map<String, Long> insuranceFund;
    private final int expectedPositions;
    private final Map<Integer, PriceGuard> priceGuards;

    private EngineSettings(final Builder b) {
        this.marginCallLevels = b.marginCallLevels.clone();
        this.hysteresis = b.hysteresis;
        this.policy = b.policy;
        this.insuranceFund = new LinkedHashMap<>(b.insuranceFund);
        this.expectedPositions = b.expectedPositions;
        this.priceGuards = Collections.unmodifiableMap(new TreeMap<>(b.priceGuards));
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EngineSettings defaults() {
        return builder().build();
    }

    /** Ascending margin-ratio levels strictly between 0 and 1 ({@link Rates} units). */
    public long[] marginCallLevels() {
        return marginCallLevels.clone();
    }

    /** A level fired at L re-arms only when the ratio falls below L − hysteresis. */
    public long hysteresis() {
        return hysteresis;
    }

    public PartialLiquidationPolicy policy() {
        return policy;
    }

    /** Opening balance per settlement asset, in that asset's balance units. */
    public Map<String, Long> insuranceFund() {
        return insuranceFund;
    }

    public int expectedPositions() {
        return expectedPositions;
    }

    /**
     * Instrument id → its price guard, ascending ids; an instrument not in the map has none (empty by
     * default: the engine then behaves exactly as it did before guards).
     */
    public Map<Integer, PriceGuard> priceGuards() {
        return priceGuards;
    }

    public static final class Builder {
        private long[] marginCallLevels = {80_000_000L, 90_000_000L};
        private long hysteresis = 5_000_000L;
        private PartialLiquidationPolicy policy = FullLiquidationPolicy.INSTANCE;
        private final Map<String, Long> insuranceFund = new LinkedHashMap<>();
        private int expectedPositions = 1024;
        private final Map<Integer, PriceGuard> priceGuards = new TreeMap<>();

        /**
         * Margin-ratio levels, ascending inside (0, 1), on a 0.5 % grid (a multiple of
         * {@link #LEVEL_GRID}): the engine weighs margins by the level's reduced fraction, and a coarse
         * grid keeps those weights small enough never to overflow.
         */
        public Builder marginCallLevels(final long... levels) {
            for (int k = 0; k < levels.length; k++) {
                if (levels[k] % LEVEL_GRID != 0) {
                    throw new IllegalArgumentException("margin call levels must be multiples of 0.5 %: "
                        + Arrays.toString(levels));
                }
                if (levels[k] <= 0 || levels[k] >= Rates.ONE || (k > 0 && levels[k] <= levels[k - 1])) {
                    throw new IllegalArgumentException("margin call levels must ascend strictly inside (0, 1): "
                        + Arrays.toString(levels));
                }
            }
            this.marginCallLevels = levels.clone();
            return this;
        }

        public Builder hysteresis(final long hysteresis) {
            if (hysteresis % LEVEL_GRID != 0) {
                throw new IllegalArgumentException("hysteresis must be a multiple of 0.5 %");
            }
            if (hysteresis < 0 || hysteresis >= Rates.ONE) {
                throw new IllegalArgumentException("hysteresis must be in [0, 1)");
            }
            this.hysteresis = hysteresis;
            return this;
        }

        public Builder policy(final PartialLiquidationPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder insuranceFund(final String asset, final long balance) {
            this.insuranceFund.put(asset, balance);
            return this;
        }

        public Builder expectedPositions(final int n) {
            this.expectedPositions = Math.max(16, n);
            return this;
        }

        /** Guards {@code instrument}'s marks (see {@link PriceGuard}); the engine checks the id. */
        public Builder priceGuard(final int instrument, final PriceGuard guard) {
            if (guard == null) {
                throw new IllegalArgumentException("price guard for instrument " + instrument + " is null");
            }
            this.priceGuards.put(instrument, guard);
            return this;
        }

        /** Adds every guard of {@code guards} (instrument id → guard), e.g. a configuration's. */
        public Builder priceGuards(final Map<Integer, PriceGuard> guards) {
            guards.forEach(this::priceGuard);
            return this;
        }

        public EngineSettings build() {
            if (marginCallLevels.length > 0 && marginCallLevels[0] - hysteresis <= 0) {
                throw new IllegalArgumentException("the lowest margin call level must exceed the hysteresis");
            }
            return new EngineSettings(this);
        }
    }
}
