package io.liquidator.engine.instrument;

/**
 * An exchange's maintenance-margin convention. The profile decides the maintenance margin as a
 * function of price, and so both the closed-form liquidation price and the trigger the engine
 * evaluates on every tick: the two are computed from the same function and cannot disagree.
 *
 * <p>Sources: {@code shared/design/liquidation-mechanics.md} §2–§9.
 */
public enum MarginProfile {
    /**
     * Binance USDⓈ-M and COIN-M: MM = mark notional × MMR(tier at that notional) − maintenance amount.
     * No fee inside the maintenance margin. The default.
     */
    BINANCE(Basis.MARK, false, false, false),
    /**
     * Bybit classic: MM = entry value × MMR − mmDeduction, plus the estimated fee to close the position
     * at its bankruptcy price (taker rate), as Bybit's inverse example counts it.
     */
    BYBIT(Basis.ENTRY, false, true, false),
    /** BitMEX: MM held on entry value (its cross example: 1 % of entry); taker fee on entry value added to the rate. */
    BITMEX(Basis.ENTRY, true, false, false),
    /** Hyperliquid: MM = mark notional ÷ max leverage ÷ 2 (half the initial margin at max leverage). */
    HYPERLIQUID(Basis.MARK, false, false, true),
    /** Gate (and freqtrade's OKX stand-in): MM = mark notional × (MMR + taker rate) − maintenance amount. */
    GATE(Basis.MARK, true, false, false);

    /** The price the maintenance margin is taken at. */
    public enum Basis {
        /** The current mark price: MM moves with the mark (and can change tier). */
        MARK,
        /** The entry price: MM is a constant of the position. */
        ENTRY
    }

    private final Basis basis;
    private final boolean takerInRate;
    private final boolean closeFeeAtBankruptcy;
    private final boolean halfInitialAtMaxLeverage;

    MarginProfile(final Basis basis, final boolean takerInRate, final boolean closeFeeAtBankruptcy,
                  final boolean halfInitialAtMaxLeverage) {
        this.basis = basis;
        this.takerInRate = takerInRate;
        this.closeFeeAtBankruptcy = closeFeeAtBankruptcy;
        this.halfInitialAtMaxLeverage = halfInitialAtMaxLeverage;
    }

    public Basis basis() {
        return basis;
    }

    /** The taker fee rate is added to the tier's MMR (Gate; BitMEX's "MM ≈ 0.5 % + taker"). */
    public boolean takerInRate() {
        return takerInRate;
    }

    /**
     * The fee to close at the bankruptcy price sits inside the maintenance margin, and the bankruptcy
     * price is where equity after that fee is zero (Bybit).
     */
    public boolean closeFeeAtBankruptcy() {
        return closeFeeAtBankruptcy;
    }

    /** MM rate is 1 / (2 × the tier's max leverage) rather than the tier's MMR (Hyperliquid). */
    public boolean halfInitialAtMaxLeverage() {
        return halfInitialAtMaxLeverage;
    }

    /** Lower-case configuration name ({@code binance}, {@code bybit}, ...). */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a configuration name; {@code null} if unknown. */
    public static MarginProfile fromConfigName(final String name) {
        for (final MarginProfile p : values()) {
            if (p.configName().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
