package io.liquidator.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every load error names the file, the line and the key path of the offending text. */
class ConfigErrorsTest {
    /** A valid two-instrument configuration; each test breaks one thing in it. */
    private static final String GOOD = """
        assets:
          USDT: { balance_scale: 8 }
          BTC:
            balance_scale: 8
        instruments:
          - symbol: BTCUSDT
            kind: linear
            settlement_asset: USDT
            profile: binance
            price_tick: 0.1
            qty_step: 0.001
            brackets:
              - { notional_floor: 0,       notional_cap: 50000,    mmr: 0.004,  maintenance_amount: 0,     max_leverage: 125 }
              - { notional_floor: 50000,   notional_cap: 600000,   mmr: 0.005,  maintenance_amount: 50,    max_leverage: 100 }
              - { notional_floor: 600000,  notional_cap: 3000000,  mmr: 0.0065, maintenance_amount: 950,   max_leverage: 75 }
              - { notional_floor: 3000000, notional_cap: 12000000, mmr: 0.01,   maintenance_amount: 11450, max_leverage: 50 }
          - symbol: BTCUSD
            kind: inverse
            settlement_asset: BTC
            profile: binance
            price_tick: 0.1
            qty_step: 1
            contract_size: 100
            brackets:
              - notional_floor: 0
                notional_cap: 5
                mmr: 0.004
                maintenance_amount: 0
                max_leverage: 125
        """;

    @Test
    void theBaseDocumentIsValid() {
        assertEquals(2, LiquidatorConfig.parse(GOOD, "c.yaml").instruments().size());
    }

    @Test
    void brokenRecurrenceNamesTheBracketKeyAndLine() {
        final String yaml = GOOD.replace("maintenance_amount: 11450", "maintenance_amount: 11451");
        final ConfigException e = fail(yaml);
        assertEquals("instruments[0].brackets[3].maintenance_amount", e.path());
        assertEquals(lineOf(yaml, "11451"), e.line());
        assertTrue(e.detail().contains("11451") && e.detail().contains("11450"), e.detail());
        assertTrue(e.getMessage().startsWith("c.yaml:" + e.line() + ": instruments[0].brackets[3].maintenance_amount: "),
            e.getMessage());
    }

    @Test
    void badDecimalNamesTheKey() {
        final String yaml = GOOD.replace("mmr: 0.0065", "mmr: 0.65%");
        final ConfigException e = fail(yaml);
        assertEquals("instruments[0].brackets[2].mmr", e.path());
        assertEquals(lineOf(yaml, "0.65%"), e.line());
        assertTrue(e.detail().contains("0.65%"), e.detail());
    }

    @Test
    void tooManyDecimalsForTheBalanceScaleNamesTheScale() {
        final String yaml = GOOD.replace("notional_cap: 5\n", "notional_cap: 5.000000001\n");
        final ConfigException e = fail(yaml);
        assertEquals("instruments[1].brackets[0].notional_cap", e.path());
        assertEquals(lineOf(yaml, "5.000000001"), e.line());
        assertTrue(e.detail().contains("balance scale of BTC"), e.detail());
    }

    @Test
    void unknownKeyIsRejectedAtItsLine() {
        final String yaml = GOOD.replace("    qty_step: 1\n", "    qty_step: 1\n    leverage: 20\n");
        final ConfigException e = fail(yaml);
        assertEquals("instruments[1].leverage", e.path());
        assertEquals(lineOf(yaml, "leverage: 20"), e.line());
        assertTrue(e.detail().startsWith("unknown key 'leverage'"), e.detail());
    }

    @Test
    void unknownKeyInABracketAndAtTheTop() {
        final String inBracket = GOOD.replace("max_leverage: 125\n", "max_leverage: 125\n        mmr_rate: 1\n");
        final ConfigException e = fail(inBracket);
        assertEquals("instruments[1].brackets[0].mmr_rate", e.path());
        assertEquals(lineOf(inBracket, "mmr_rate"), e.line());
        final ConfigException top = fail("version: 2\n" + GOOD);
        assertEquals("version", top.path());
        assertEquals(1, top.line());
    }

    @Test
    void unknownProfileNamesTheChoices() {
        final String yaml = GOOD.replace("profile: binance\n    price_tick: 0.1\n    qty_step: 1", "profile: okx\n    price_tick: 0.1\n    qty_step: 1");
        final ConfigException e = fail(yaml);
        assertEquals("instruments[1].profile", e.path());
        assertEquals(lineOf(yaml, "okx"), e.line());
        assertTrue(e.detail().contains("'okx'") && e.detail().contains("binance, bybit, bitmex, hyperliquid, gate"), e.detail());
    }

    @Test
    void unknownKindAndUnknownAsset() {
        final String kind = GOOD.replace("kind: inverse", "kind: quanto");
        assertEquals("instruments[1].kind", fail(kind).path());
        assertEquals(lineOf(kind, "quanto"), fail(kind).line());
        final String asset = GOOD.replace("settlement_asset: USDT", "settlement_asset: USDC");
        final ConfigException e = fail(asset);
        assertEquals("instruments[0].settlement_asset", e.path());
        assertTrue(e.detail().contains("USDC") && e.detail().contains("USDT, BTC"), e.detail());
    }

    @Test
    void missingKeysNameThePathAndTheEnclosingLine() {
        final String yaml = GOOD.replace("    contract_size: 100\n", "");
        final ConfigException e = fail(yaml);
        assertEquals("instruments[1].contract_size", e.path());
        assertEquals(lineOf(yaml, "symbol: BTCUSD\n"), e.line());
        final String noCap = GOOD.replace("        notional_cap: 5\n", "");
        assertEquals("instruments[1].brackets[0].notional_cap", fail(noCap).path());
    }

    @Test
    void shapeErrorsOfTheTable() {
        final String gap = GOOD.replace("notional_floor: 600000,", "notional_floor: 600001,");
        final ConfigException e = fail(gap);
        assertEquals("instruments[0].brackets[2].notional_floor", e.path());
        assertEquals(lineOf(gap, "600001"), e.line());
        final String falling = GOOD.replace("max_leverage: 75", "max_leverage: 150");
        assertEquals("instruments[0].brackets[2].max_leverage", fail(falling).path());
    }

    @Test
    void contractSizeOnALinearAndDuplicateSymbols() {
        final String linear = GOOD.replace("    qty_step: 0.001\n", "    qty_step: 0.001\n    contract_size: 1\n");
        assertEquals("instruments[0].contract_size", fail(linear).path());
        final String dup = GOOD.replace("symbol: BTCUSD\n", "symbol: BTCUSDT\n");
        final ConfigException e = fail(dup);
        assertEquals("instruments[1].symbol", e.path());
        assertTrue(e.detail().contains("instruments[0]"), e.detail());
    }

    @Test
    void yamlSyntaxErrorsDuplicatesAndAliasesCarryALine() {
        final ConfigException syntax = fail(GOOD.replace("    kind: linear\n", "    kind: [linear\n"));
        assertTrue(syntax.line() > 0 && syntax.detail().startsWith("not valid YAML"), syntax.getMessage());
        final String dup = GOOD.replace("    kind: linear\n", "    kind: linear\n    kind: inverse\n");
        final ConfigException d = fail(dup);
        assertEquals("instruments[0].kind", d.path());
        assertEquals(lineOf(dup, "kind: inverse\n    settlement_asset: USDT"), d.line());
        final String alias = GOOD.replace("price_tick: 0.1\n    qty_step: 0.001", "price_tick: &t 0.1\n    qty_step: *t");
        assertEquals("instruments[0].qty_step", fail(alias).path());
        assertEquals(1, fail("").line());
    }

    @Test
    void anUnreadableFileIsAConfigErrorToo(@TempDir final Path dir) {
        final ConfigException e = assertThrows(ConfigException.class, () -> LiquidatorConfig.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("nope.yaml") && e.getMessage().contains("no such file"), e.getMessage());
    }

    private static ConfigException fail(final String yaml) {
        return assertThrows(ConfigException.class, () -> LiquidatorConfig.parse(yaml, "c.yaml"));
    }

    /** 1-based line of the first occurrence of {@code needle}. */
    static int lineOf(final String text, final String needle) {
        final int at = text.indexOf(needle);
        if (at < 0) {
            throw new AssertionError("not in the text: " + needle);
        }
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
