package io.liquidator.engine.instrument;

import io.liquidator.engine.money.Fixed;
import io.liquidator.engine.money.Rates;

/**
 * A perpetual contract and the scales its numbers live in.
 *
 * <p>Every price of this instrument is a {@code long} in units of 10^-{@link #priceScale()}, every
 * quantity in units of 10^-{@link #qtyScale()} (base units for linear, contracts for inverse), every
 * balance, notional and margin in units of 10^-{@link #balanceScale()} of the settlement asset. The
 * instrument also precomputes the factors that turn {@code qty × price} (linear) or
 * {@code contracts × size / price} (inverse) into balance units, so the margin math never looks up
 * a scale on the tick path.
 */
public final class Instrument {
    private final int id;
    private final String symbol;
    private final ContractKind kind;
    private final String settlementAsset;
    private final MarginProfile profile;
    private final int priceScale;
    private final long tickSize;
    private final int qtyScale;
    private final long stepSize;
    private final int balanceScale;
    private final long contractSize;
    private final long takerFeeRate;
    private final long maxPrice;
    private final BracketTable brackets;
    /** notional (balance units) = notionalNumerator(...) / notionalDenominator(...), see MarginMath. */
    private final long valueMultiplier;
    private final long valueDivisor;
    /** Per bracket: the profile's maintenance rate as a reduced fraction, and the amount subtracted. */
    private final long[] maintenanceRateNumerator;
    private final long[] maintenanceRateDenominator;
    private final long[] maintenanceDeduction;

    private Instrument(final Builder b) {
        this.id = b.id;
        this.symbol = b.symbol;
        this.kind = b.kind;
        this.settlementAsset = b.settlementAsset;
        this.profile = b.profile;
        this.priceScale = b.priceScale;
        this.tickSize = b.tickSize;
        this.qtyScale = b.qtyScale;
        this.stepSize = b.stepSize;
        this.balanceScale = b.balanceScale;
        this.contractSize = b.contractSize;
        this.takerFeeRate = b.takerFeeRate;
        this.brackets = b.brackets;
        if (kind == ContractKind.LINEAR) {
            // value = qty × price × 10^(balanceScale − qtyScale − priceScale)
            final int shift = balanceScale - qtyScale - priceScale;
            this.valueMultiplier = shift >= 0 ? Fixed.pow10(shift) : 1;
            this.valueDivisor = shift >= 0 ? 1 : Fixed.pow10(-shift);
        } else {
            // value = contracts × contractSize(price units) × 10^(balanceScale − qtyScale) / price
            final int shift = balanceScale - qtyScale;
            this.valueMultiplier = Fixed.mul(contractSize, shift >= 0 ? Fixed.pow10(shift) : 1);
            this.valueDivisor = shift >= 0 ? 1 : Fixed.pow10(-shift);
        }
        this.maxPrice = b.maxPrice > 0 ? b.maxPrice : defaultMaxPrice();
        final int n = brackets.size();
        this.maintenanceRateNumerator = new long[n];
        this.maintenanceRateDenominator = new long[n];
        this.maintenanceDeduction = new long[n];
        for (int t = 0; t < n; t++) {
            long num;
            long den;
            if (profile.halfInitialAtMaxLeverage()) {
                num = Rates.ONE;
                den = Fixed.mul(2, brackets.maxLeverage(t));
                maintenanceDeduction[t] = 0;
            } else {
                num = profile.takerInRate() ? Fixed.add(brackets.mmr(t), takerFeeRate) : brackets.mmr(t);
                den = Rates.ONE;
                maintenanceDeduction[t] = brackets.maintenanceAmount(t);
            }
            final long g = Fixed.gcd(num, den);
            maintenanceRateNumerator[t] = num / g;
            maintenanceRateDenominator[t] = den / g;
        }
    }

    private long defaultMaxPrice() {
        // leave headroom so that price × qty products in balance units stay far from 2^63
        final long cap = Fixed.pow10(Math.min(18, priceScale + 9));
        return cap - cap % tickSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int id() {
        return id;
    }

    public String symbol() {
        return symbol;
    }

    public ContractKind kind() {
        return kind;
    }

    public boolean isInverse() {
        return kind == ContractKind.INVERSE;
    }

    public String settlementAsset() {
        return settlementAsset;
    }

    public MarginProfile profile() {
        return profile;
    }

    public int priceScale() {
        return priceScale;
    }

    /** Price tick in price units (raw). */
    public long tickSize() {
        return tickSize;
    }

    public int qtyScale() {
        return qtyScale;
    }

    /** Quantity step in quantity units (raw). */
    public long stepSize() {
        return stepSize;
    }

    public int balanceScale() {
        return balanceScale;
    }

    /** Inverse only: the contract's face value in quote currency, in price units (100 USD at scale 1 = 1000). */
    public long contractSize() {
        return contractSize;
    }

    /** Taker fee rate ({@link Rates} units), used by profiles that count a fee inside maintenance. */
    public long takerFeeRate() {
        return takerFeeRate;
    }

    /** The highest price the engine will represent for this instrument (raw, on the tick). */
    public long maxPrice() {
        return maxPrice;
    }

    public BracketTable brackets() {
        return brackets;
    }

    /** Multiplier turning a raw product into balance units (see MarginMath). */
    public long valueMultiplier() {
        return valueMultiplier;
    }

    /** Divisor turning a raw product into balance units (see MarginMath). */
    public long valueDivisor() {
        return valueDivisor;
    }

    /**
     * The maintenance rate of bracket {@code t} as this profile applies it (MMR, MMR + taker, or
     * 1 / (2 × max leverage)), as a reduced fraction: numerator.
     */
    public long maintenanceRateNumerator(final int t) {
        return maintenanceRateNumerator[t];
    }

    /** Denominator of {@link #maintenanceRateNumerator(int)}. */
    public long maintenanceRateDenominator(final int t) {
        return maintenanceRateDenominator[t];
    }

    /** The amount subtracted from notional × rate in bracket {@code t} (Binance "cum"; 0 for Hyperliquid). */
    public long maintenanceDeduction(final int t) {
        return maintenanceDeduction[t];
    }

    @Override
    public String toString() {
        return symbol;
    }

    /** Builds and validates an instrument; errors name the field. */
    public static final class Builder {
        private int id;
        private String symbol;
        private ContractKind kind = ContractKind.LINEAR;
        private String settlementAsset;
        private MarginProfile profile = MarginProfile.BINANCE;
        private int priceScale = -1;
        private long tickSize = 1;
        private int qtyScale = -1;
        private long stepSize = 1;
        private int balanceScale = 8;
        private long contractSize;
        private long takerFeeRate;
        private long maxPrice;
        private BracketTable brackets;

        public Builder id(final int id) {
            this.id = id;
            return this;
        }

        public Builder symbol(final String symbol) {
            this.symbol = symbol;
            return this;
        }

        public Builder kind(final ContractKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder settlementAsset(final String asset) {
            this.settlementAsset = asset;
            return this;
        }

        public Builder profile(final MarginProfile profile) {
            this.profile = profile;
            return this;
        }

        /** Decimals of a price and the tick in those units (tick 0.5 at scale 1 = 5). */
        public Builder price(final int scale, final long tick) {
            this.priceScale = scale;
            this.tickSize = tick;
            return this;
        }

        /** Decimals of a quantity and the step in those units. */
        public Builder quantity(final int scale, final long step) {
            this.qtyScale = scale;
            this.stepSize = step;
            return this;
        }

        public Builder balanceScale(final int scale) {
            this.balanceScale = scale;
            return this;
        }

        /** Inverse only: contract face value in quote currency, in price units. */
        public Builder contractSize(final long sizeInPriceUnits) {
            this.contractSize = sizeInPriceUnits;
            return this;
        }

        public Builder takerFeeRate(final long rate) {
            this.takerFeeRate = rate;
            return this;
        }

        public Builder maxPrice(final long maxPrice) {
            this.maxPrice = maxPrice;
            return this;
        }

        public Builder brackets(final BracketTable brackets) {
            this.brackets = brackets;
            return this;
        }

        public Instrument build() {
            require(symbol != null && !symbol.isEmpty(), "symbol", "is required");
            require(settlementAsset != null && !settlementAsset.isEmpty(), "settlement_asset", "is required");
            require(kind != null, "kind", "is required");
            require(profile != null, "profile", "is required");
            require(priceScale >= 0 && priceScale <= 12, "price_tick", "needs 0 to 12 decimals");
            require(tickSize > 0, "price_tick", "must be positive");
            require(qtyScale >= 0 && qtyScale <= 12, "qty_step", "needs 0 to 12 decimals");
            require(stepSize > 0, "qty_step", "must be positive");
            require(balanceScale >= 0 && balanceScale <= 12, "balance_scale", "must be 0 to 12 decimals");
            require(takerFeeRate >= 0 && takerFeeRate < Rates.ONE, "taker_fee", "must be in [0, 1)");
            require(brackets != null, "brackets", "are required");

            if (kind == ContractKind.INVERSE) {
                require(contractSize > 0, "contract_size", "is required for an inverse contract");
            }
            require(maxPrice == 0 || (maxPrice > 0 && maxPrice % tickSize == 0), "max_price", "must be on the tick");
            return new Instrument(this);
        }

        private void require(final boolean ok, final String field, final String what) {
            if (!ok) {
                throw new IllegalArgumentException((symbol == null ? "instrument" : symbol) + "." + field + " " + what);
            }
        }
    }
}
