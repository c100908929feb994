package io.liquidator.engine.cluster.shard;

import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.core.EngineSettings;
import io.liquidator.engine.core.LiquidationEngine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a shard's engine pays for the assets it does not hold. Every shard's engine is built with
 * the whole configuration (ids are the venue's), and the engine keeps one cross book per account
 * slot per settlement asset of its configuration (wallet 8 B, first position 4, count 4, level 4):
 * so each settlement asset of the venue costs every shard 20 B per position slot
 * ({@code expectedPositions}; account slots are sized like position slots), whether the shard holds
 * that asset or not. The sizing in docs-sharding.md uses this figure; if the books become sparse,
 * this test and that paragraph change together.
 */
class ShardFootprintTest {
    private static final int SLOTS = 100_000;

    @Test
    void everySettlementAssetOfTheConfigurationCostsEveryShardTwentyBytesPerSlot() {
        final long two = retainedBytes(2);
        final long ten = retainedBytes(10);
        final long thirty = retainedBytes(30);
        System.out.printf("engine sized for %,d positions, empty: %,d B with 2 settlement assets, %,d B with 10,"
            + " %,d B with 30 (%.1f B per slot per asset)%n", SLOTS, two, ten, thirty,
            (double) (thirty - two) / SLOTS / 28);
        assertEquals(20L * 8 * SLOTS, ten - two - instrumentsOnly(2, 10));
        assertEquals(20L * 28 * SLOTS, thirty - two - instrumentsOnly(2, 30));
    }

    /**
     * The part of the difference due to having more instruments rather than more assets (one
     * instrument per asset here): each instrument's four trigger heaps, sized from the capacity shared
     * among the instruments plus a floor, measured with every instrument in one asset.
     */
    private static long instrumentsOnly(final int from, final int to) {
        return retainedBytes(to, 1) - retainedBytes(from, 1);
    }

    private static long retainedBytes(final int assets) {
        return retainedBytes(assets, assets);
    }

    /** An empty engine sized for {@link #SLOTS} over {@code instruments} markets settled in {@code assets} assets. */
    private static long retainedBytes(final int instruments, final int assets) {
        final StringBuilder yaml = new StringBuilder("assets:\n");
        for (int a = 0; a < assets; a++) {
            yaml.append("  A").append(a).append(": { balance_scale: 8 }\n");
        }
        yaml.append("instruments:\n");
        for (int i = 0; i < instruments; i++) {
            yaml.append("  - { symbol: M").append(i).append(", kind: linear, settlement_asset: A").append(i % assets)
                .append(", profile: binance, price_tick: 0.1, qty_step: 0.001, brackets: [{ notional_floor: 0,"
                    + " notional_cap: 1000000, mmr: 0.005, maintenance_amount: 0, max_leverage: 100 }] }\n");
        }
        final LiquidatorConfig config = LiquidatorConfig.parse(yaml.toString(), "footprint.yaml");
        assertEquals(assets, config.settlementAssets().size());
        return new LiquidationEngine(config.instruments(), EngineSettings.builder().expectedPositions(SLOTS).build(),
            new DecisionLog()).retainedBytes();
    }
}
