package io.liquidator.engine.cli;

import io.liquidator.engine.margin.LiquidationPriceSolver;

/**
 * What the calculator reports for one {@link Position}. Amounts in the settlement asset's balance
 * units, rates and leverage in {@code Rates} units, tiers 0-based ({@code -1} = none), prices raw or
 * {@link LiquidationPriceSolver#NO_PRICE}.
 *
 * @param maintenanceAtLiquidation maintenance margin at the liquidation price (with the close fee
 *                                 at the bankruptcy price for profiles that count one)
 * @param maintenanceAtMark        the same at the mark, when a mark was given
 * @param marginBalanceAtMark      margin + unrealised PnL at the mark
 * @param marginRatioAtMark        maintenance ÷ margin balance, {@code Rates.INFINITE} if the balance is ≤ 0
 */
record CalcResult(long notionalAtEntry, long leverage, int tierAtEntry,
                  long liquidationPrice, long bankruptcyPrice, int tierAtLiquidation, long maintenanceAtLiquidation,
                  long maintenanceAtMark, long marginBalanceAtMark, long marginRatioAtMark) {

    boolean hasLiquidationPrice() {
        return liquidationPrice != LiquidationPriceSolver.NO_PRICE;
    }

    boolean hasBankruptcyPrice() {
        return bankruptcyPrice != LiquidationPriceSolver.NO_PRICE;
    }
}
