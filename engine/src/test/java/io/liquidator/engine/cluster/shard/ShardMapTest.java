package io.liquidator.engine.cluster.shard;

import io.liquidator.engine.config.ConfigException;
import io.liquidator.engine.config.LiquidatorConfig;
import io.liquidator.engine.config.ShardSpec;
import io.liquidator.engine.config.ShardsSection;
import io.liquidator.engine.instrument.Instrument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shard map: shards of whole settlement assets, instruments by their asset, unknown ids to
 * shard 0, the default single shard, and every mistake in a {@code shards:} list at its key and line.
 */
class ShardMapTest {
    /**
     * Five instruments over three settlement assets, interleaved so that no shard's instruments are
     * contiguous ids: USDT (0, 3), BTC (1), USDC (2, 4); the engine numbers the assets USDT 0, BTC 1,
     * USDC 2 (first appearance). EUR is an asset nothing settles in.
     */
    private static final String BASE = """
        assets:
          USDT: { balance_scale: 8 }
          BTC: { balance_scale: 8 }
          USDC: { balance_scale: 6 }
          EUR: { balance_scale: 2 }
        instruments:
          - { symbol: BTCUSDT, kind: linear, settlement_asset: USDT, profile: binance, price_tick: 0.1, qty_step: 0.001,
              brackets: [{ notional_floor: 0, notional_cap: 1000000, mmr: 0.005, maintenance_amount: 0, max_leverage: 100 }] }
          - { symbol: BTCUSD, kind: inverse, settlement_asset: BTC, profile: binance, price_tick: 0.1, qty_step: 1,
              contract_size: 100,
              brackets: [{ notional_floor: 0, notional_cap: 100, mmr: 0.005, maintenance_amount: 0, max_leverage: 100 }] }
          - { symbol: ETHUSDC, kind: linear, settlement_asset: USDC, profile: binance, price_tick: 0.01, qty_step: 0.01,
              brackets: [{ notional_floor: 0, notional_cap: 1000000, mmr: 0.005, maintenance_amount: 0, max_leverage: 100 }] }
          - { symbol: ETHUSDT, kind: linear, settlement_asset: USDT, profile: binance, price_tick: 0.01, qty_step: 0.001,
              brackets: [{ notional_floor: 0, notional_cap: 1000000, mmr: 0.005, maintenance_amount: 0, max_leverage: 100 }] }
          - { symbol: SOLUSDC, kind: linear, settlement_asset: USDC, profile: binance, price_tick: 0.001, qty_step: 0.1,
              brackets: [{ notional_floor: 0, notional_cap: 1000000, mmr: 0.005, maintenance_amount: 0, max_leverage: 100 }] }
        """;

    private static final String TWO_SHARDS = """
        shards:
          - {name: usdt, assets: [USDT]}
          - {name: other, assets: [USDC, BTC]}
        """;

    private static LiquidatorConfig config(final String shards) {
        return LiquidatorConfig.parse(BASE + shards, "s.yaml");
    }

    /** The shape is checked when the file loads, the meaning when the map is built: either way, one error. */
    private static ConfigException fail(final String shards) {
        return assertThrows(ConfigException.class, () -> ShardMap.of(config(shards)), shards);
    }

    /** The 1-based line of the first line of {@code BASE + shards} containing {@code text}. */
    private static int lineOf(final String shards, final String text) {
        final String[] lines = (BASE + shards).split("\n", -1);
        for (int k = 0; k < lines.length; k++) {
            if (lines[k].contains(text)) {
                return k + 1;
            }
        }
        throw new AssertionError(text + " is not in the text");
    }

    private static List<String> symbols(final List<Instrument> instruments) {
        return instruments.stream().map(Instrument::symbol).toList();
    }

    @Test
    void withoutAShardsListOneShardHoldsEverySettlementAsset() {
        for (final String shards : List.of("", "shards:\n", "shards: []\n")) {
            final ShardMap map = ShardMap.of(config(shards));
            assertEquals(1, map.shardCount(), shards);
            assertEquals(ShardMap.SINGLE_SHARD, map.name(0));
            assertEquals(List.of("USDT", "BTC", "USDC"), map.assetsOf(0), "in the engine's asset order");
            assertEquals(List.of("BTCUSDT", "BTCUSD", "ETHUSDC", "ETHUSDT", "SOLUSDC"), symbols(map.instrumentsOf(0)));
            for (int i = 0; i < 5; i++) {
                assertEquals(0, map.shardOfInstrument(i));
            }
        }
        assertEquals(1, ShardMap.of(config(""), List.of()).shardCount(), "an empty list given in code, too");
    }

    @Test
    void instrumentsFollowTheirSettlementAsset() {
        final LiquidatorConfig config = config(TWO_SHARDS);
        final ShardMap map = ShardMap.of(config);
        assertEquals(2, map.shardCount());
        assertEquals("usdt", map.name(0));
        assertEquals("other", map.name(1));
        assertEquals(List.of("USDT"), map.assetsOf(0));
        assertEquals(List.of("USDC", "BTC"), map.assetsOf(1), "as written");
        assertEquals(0, map.shardOfAsset(config.assetId("USDT")));
        assertEquals(1, map.shardOfAsset(config.assetId("BTC")));
        assertEquals(1, map.shardOfAsset(config.assetId("USDC")));
        final int[] expected = {0, 1, 1, 0, 1};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], map.shardOfInstrument(i), config.instrument(i).symbol());
        }
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), symbols(map.instrumentsOf(0)));
        assertEquals(List.of("BTCUSD", "ETHUSDC", "SOLUSDC"), symbols(map.instrumentsOf(1)), "ascending ids");
        assertEquals(1, map.indexOf("other"));
        assertEquals(-1, map.indexOf("coin"));
    }

    @Test
    void everyInstrumentAndAssetHasExactlyTheShardOfItsAssetUnderEveryLayout() {
        final LiquidatorConfig config = config("");
        final List<List<ShardSpec>> layouts = List.of(
            List.of(ShardSpec.of("a", "USDT", "BTC", "USDC")),
            List.of(ShardSpec.of("usdt", "USDT"), ShardSpec.of("btc", "BTC"), ShardSpec.of("usdc", "USDC")),
            List.of(ShardSpec.of("usdc", "USDC"), ShardSpec.of("rest", "BTC", "USDT")));
        for (final List<ShardSpec> layout : layouts) {
            final ShardMap map = ShardMap.of(config, layout);
            int held = 0;
            for (int s = 0; s < map.shardCount(); s++) {
                for (final Instrument i : map.instrumentsOf(s)) {
                    assertTrue(layout.get(s).assets().contains(i.settlementAsset()), layout + ": " + i);
                    assertEquals(s, map.shardOfInstrument(i.id()));
                    held++;
                }
                for (final String asset : layout.get(s).assets()) {
                    assertEquals(s, map.shardOfAsset(config.assetId(asset)));
                }
            }
            assertEquals(config.instruments().size(), held, layout + ": every instrument in exactly one shard");
        }
    }

    @Test
    void unknownIdsBelongToShardZeroWhoseEngineRejectsThem() {
        final ShardMap map = ShardMap.of(config("""
            shards:
              - {name: coin, assets: [BTC]}
              - {name: stable, assets: [USDT, USDC]}
            """));
        for (final int id : new int[] {-1, 5, 6, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertEquals(0, map.shardOfInstrument(id), "instrument " + id);
        }
        for (final int id : new int[] {-1, 3, Integer.MAX_VALUE}) {
            assertEquals(0, map.shardOfAsset(id), "asset " + id);
        }
        assertEquals(1, map.shardOfInstrument(0), "a known id is not affected: BTCUSDT is in stable");
    }

    @Test
    void describeIsATableOfShardsAssetsAndInstruments() {
        assertEquals("""
            shard  name   assets     instruments
            0      usdt   USDT       2: BTCUSDT, ETHUSDT
            1      other  USDC, BTC  3: BTCUSD, ETHUSDC, SOLUSDC
            """, ShardMap.of(config(TWO_SHARDS)).describe());
        assertEquals("""
            shard  name  assets           instruments
            0      all   USDT, BTC, USDC  5: BTCUSDT, BTCUSD, ETHUSDC, ETHUSDT, SOLUSDC
            """, ShardMap.of(config("")).describe());
    }

    @Test
    void describeCountsWhatItDoesNotList() {
        final StringBuilder yaml = new StringBuilder("assets:\n  USDT: { balance_scale: 8 }\ninstruments:\n");
        for (int k = 0; k < 12; k++) {
            yaml.append("  - { symbol: M").append(k).append("USDT, kind: linear, settlement_asset: USDT, profile: binance,"
                + " price_tick: 0.1, qty_step: 0.001, brackets: [{ notional_floor: 0, notional_cap: 1000000, mmr: 0.005,"
                + " maintenance_amount: 0, max_leverage: 100 }] }\n");
        }
        final String table = ShardMap.of(LiquidatorConfig.parse(yaml.toString(), "m.yaml")).describe();
        assertTrue(table.endsWith("0      all   USDT    12: M0USDT, M1USDT, M2USDT, M3USDT, M4USDT, M5USDT, M6USDT,"
            + " M7USDT, M8USDT, M9USDT, ... (2 more)\n"), table);
    }

    // ---------------------------------------------------------------------------------------------
    // Mistakes in the file: each at its key and line

    @Test
    void unknownAsset() {
        final String shards = """
            shards:
              - {name: usdt, assets: [USDT]}
              - {name: other, assets: [USDC, XRP, BTC]}
            """;
        final ConfigException e = fail(shards);
        assertEquals("s.yaml:" + lineOf(shards, "XRP") + ": shards[1].assets[1]: unknown asset 'XRP'"
            + " (assets defined: USDT, BTC, USDC, EUR)", e.getMessage());
    }

    @Test
    void assetNothingSettlesIn() {
        final String shards = """
            shards:
              - {name: usdt, assets: [USDT, BTC, USDC]}
              - {name: fiat, assets: [EUR]}
            """;
        final ConfigException e = fail(shards);
        assertEquals("shards[1].assets[0]", e.path());
        assertEquals(lineOf(shards, "EUR]"), e.line());
        assertEquals("no instrument settles in EUR, so it has nothing to shard (settlement assets: USDT, BTC, USDC)",
            e.detail());
    }

    @Test
    void assetInTwoShards() {
        final String shards = """
            shards:
              - name: usdt
                assets: [USDT]
              - name: other
                assets:
                  - BTC
                  - USDT
                  - USDC
            """;
        final ConfigException e = fail(shards);
        assertEquals("shards[1].assets[1]", e.path());
        assertEquals(lineOf(shards, "- USDT"), e.line(), "the line of the asset itself in a block list");
        assertEquals("USDT is already in shard 'usdt' (shards[0]): an asset's instruments, cross wallets, insurance"
            + " fund and ADL queue must live on one shard", e.detail());
    }

    @Test
    void assetTwiceInOneShard() {
        final ConfigException e = fail("""
            shards:
              - {name: all, assets: [USDT, BTC, USDC, BTC]}
            """);
        assertEquals("shards[0].assets[3]", e.path());
        assertEquals("BTC is listed twice in shard 'all'", e.detail());
    }

    @Test
    void settlementAssetInNoShard() {
        final String shards = """
            shards:
              - {name: usdt, assets: [USDT]}
            """;
        final ConfigException e = fail(shards);
        assertEquals("s.yaml:" + lineOf(shards, "shards:") + ": shards: settlement assets BTC, USDC are in no shard:"
            + " every settlement asset needs exactly one, or its instruments' inputs have nowhere to go", e.getMessage());
        final ConfigException one = fail("""
            shards:
              - {name: usdt, assets: [USDT, USDC]}
            """);
        assertTrue(one.detail().startsWith("settlement asset BTC is in no shard:"), one.detail());
    }

    @Test
    void duplicateShardName() {
        final String shards = """
            shards:
              - {name: usdt, assets: [USDT]}
              - {name: coin, assets: [BTC]}
              - {name: usdt, assets: [USDC]}
            """;
        final ConfigException e = fail(shards);
        assertEquals("s.yaml:" + lineOf(shards, "USDC]") + ": shards[2].name: shard name 'usdt' is already used by"
            + " shards[0]", e.getMessage());
    }

    @Test
    void emptyShardName() {
        final ConfigException quoted = fail("""
            shards:
              - {name: "", assets: [USDT, BTC, USDC]}
            """);
        assertEquals("shards[0].name", quoted.path());
        assertEquals("a shard needs a name", quoted.detail());
        final ConfigException blank = fail("""
            shards:
              - {name: , assets: [USDT, BTC, USDC]}
            """);
        assertEquals("shards[0].name", blank.path());
        assertEquals("a shard needs a name", blank.detail());
        final ConfigException nothing = fail("""
            shards:
              - {name: ~, assets: [USDT, BTC, USDC]}
            """);
        assertEquals("shards[0].name", nothing.path());
        assertEquals("needs a value", nothing.detail());
    }

    @Test
    void shardNameThatIsNoPlainWord() {
        final ConfigException e = fail("""
            shards:
              - {name: "usdt margined", assets: [USDT, BTC, USDC]}
            """);
        assertEquals("shards[0].name", e.path());
        assertEquals("'usdt margined' is not a valid shard name (letters, digits, _ and -; at most 32)", e.detail());
    }

    @Test
    void shardWithNoAssets() {
        final String shards = """
            shards:
              - {name: all, assets: [USDT, BTC, USDC]}
              - name: spare
                assets: []
            """;
        final ConfigException e = fail(shards);
        assertEquals("s.yaml:" + lineOf(shards, "assets: []") + ": shards[1].assets: shard 'spare' holds no settlement"
            + " asset: give it at least one (settlement assets: USDT, BTC, USDC)", e.getMessage());
    }

    @Test
    void shapeMistakesAreReportedWhereTheyAre() {
        assertShape("shards: {usdt: [USDT]}\n", "shards", "must be a list of shards such as - {name: usdt, assets: [USDT]}");
        assertShape("shards:\n  - usdt\n", "shards[0]", "a shard is a mapping such as {name: usdt, assets: [USDT]}");
        assertShape("shards:\n  - {name: usdt, asset: [USDT]}\n", "shards[0].asset",
            "unknown key 'asset' (allowed here: assets, name)");
        assertShape("shards:\n  - {assets: [USDT]}\n", "shards[0].name", "missing (required)");
        assertShape("shards:\n  - {name: usdt}\n", "shards[0].assets", "missing (required)");
        assertShape("shards:\n  - {name: usdt, assets: USDT}\n", "shards[0].assets",
            "must be a list of settlement assets such as [USDT]");
        assertShape("shards:\n  - {name: usdt, assets: [[USDT]]}\n", "shards[0].assets[0]",
            "must be a single value, found a list");
    }

    /** Shape mistakes stop the configuration itself from loading, sharded or not. */
    private static void assertShape(final String shards, final String path, final String detail) {
        final ConfigException e = assertThrows(ConfigException.class, () -> config(shards), shards);
        assertEquals(path, e.path(), shards);
        assertEquals(detail, e.detail(), shards);
        assertTrue(e.line() > 0, shards);
    }

    // ---------------------------------------------------------------------------------------------
    // A list given in code: the same rules, named by key

    @Test
    void aListGivenInCodeIsCheckedByTheSameRules() {
        final LiquidatorConfig config = config("");
        final ConfigException unknown = assertThrows(ConfigException.class, () -> ShardMap.of(config, List.of(
            ShardSpec.of("usdt", "USDT"), ShardSpec.of("coin", "BTC", "DOGE"))));
        assertEquals(ShardsSection.IN_CODE + ": shards[1].assets[1]: unknown asset 'DOGE' (assets defined: USDT, BTC,"
            + " USDC, EUR)", unknown.getMessage());
        assertEquals(0, unknown.line());
        final ConfigException noName = assertThrows(ConfigException.class, () -> ShardMap.of(config, List.of(
            ShardSpec.of("", "USDT", "BTC", "USDC"))));
        assertEquals("shards[0].name", noName.path());
        assertEquals("a shard needs a name", noName.detail());
        final ConfigException empty = assertThrows(ConfigException.class, () -> ShardMap.of(config, List.of(
            ShardSpec.of("all", "USDT", "BTC", "USDC"), ShardSpec.of("spare"))));
        assertEquals("shards[1].assets", empty.path());
        final ConfigException missing = assertThrows(ConfigException.class, () -> ShardMap.of(config, List.of(
            ShardSpec.of("usdt", "USDT"), ShardSpec.of("btc", "BTC"))));
        assertEquals("shards", missing.path());
        assertTrue(missing.detail().startsWith("settlement asset USDC is in no shard"), missing.detail());
    }
}
