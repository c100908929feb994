package io.liquidator.engine.replay;

import io.liquidator.engine.config.LiquidatorConfig;

/** Configurations for the reader tests beyond the bundled default. */
final class TestConfigs {
    /**
     * HALFUSDC: price tick 0.5 (scale 1), quantity step 0.002 (scale 3), settled in USDC (balance
     * scale 6); EUR is configured but settles nothing; the asset list puts USDC after EUR so that
     * the engine's numbering (USDC = 0) differs from the file order.
     */
    static final LiquidatorConfig HALF_TICK = LiquidatorConfig.parse(String.join("\n",
        "assets:",
        "  EUR: { balance_scale: 2 }",
        "  USDC: { balance_scale: 6 }",
        "instruments:",
        "  - symbol: HALFUSDC",
        "    kind: linear",
        "    settlement_asset: USDC",
        "    profile: binance",
        "    price_tick: 0.5",
        "    qty_step: 0.002",
        "    max_price: 100000",
        "    brackets:",
        "      - { notional_floor: 0, notional_cap: 1000000, mmr: 0.01, maintenance_amount: 0, max_leverage: 50 }",
        ""), "test HALF_TICK");

    private TestConfigs() {
    }
}
