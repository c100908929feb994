package io.liquidator.engine.instrument;

/** How a perpetual settles: the algebra of PnL and notional differs, so this is never a flag on a formula. */
public enum ContractKind {
    /** USDⓈ-margined: PnL = qty × (mark − entry), notional = qty × price, in the quote asset. */
    LINEAR,
    /** Coin-margined: PnL = contracts × size × (1/entry − 1/mark), notional = contracts × size / price, in the coin. */
    INVERSE
}
